// Image-spec requirement registry, one module per spec document.
import { annotations } from './annotations.js';
import { config } from './config.js';
import { conversion } from './conversion.js';
import { descriptor } from './descriptor.js';
import { imageIndex } from './image-index.js';
import { imageLayout } from './image-layout.js';
import { layer } from './layer.js';
import { manifest } from './manifest.js';
import { mediaTypes } from './media-types.js';

export { annotations, config, conversion, descriptor, imageIndex, imageLayout, layer, manifest, mediaTypes };

export const imageDocs = [
  imageLayout,
  imageIndex,
  manifest,
  descriptor,
  config,
  layer,
  conversion,
  annotations,
  mediaTypes,
] as const;

export type ImageRequirementId =
  | keyof typeof imageLayout
  | keyof typeof imageIndex
  | keyof typeof manifest
  | keyof typeof descriptor
  | keyof typeof config
  | keyof typeof layer
  | keyof typeof conversion
  | keyof typeof annotations
  | keyof typeof mediaTypes;
