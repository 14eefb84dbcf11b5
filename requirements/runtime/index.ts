// Runtime-spec requirement registry, one module per spec document.
import { runtime } from './runtime.js';
import { runtimeLinux } from './runtime-linux.js';
import { glossary } from './glossary.js';
import { bundle } from './bundle.js';
import { config } from './config.js';
import { configLinux } from './config-linux.js';
import { features } from './features.js';
import { featuresLinux } from './features-linux.js';

export const runtimeDocs = [
  runtime,
  runtimeLinux,
  glossary,
  bundle,
  config,
  configLinux,
  features,
  featuresLinux,
] as const;
export type RuntimeRequirementId =
  | keyof typeof runtime
  | keyof typeof runtimeLinux
  | keyof typeof glossary
  | keyof typeof bundle
  | keyof typeof config
  | keyof typeof configLinux
  | keyof typeof features
  | keyof typeof featuresLinux;
