// The features cases, in a stable order (suites/runtime/areas.ts concatenates the areas).
import type { RuntimeCase } from '../../../harness/runtime/case.js';
import { featuresDocument } from './document.js';
import {
  featuresCapabilitiesRecognized,
  featuresNamespacesRecognized,
  featuresSeccompRecognized,
} from './recognized.js';
import { featuresOciVersionsAccepted } from './versions.js';
import {
  featuresHooksSupported,
  featuresIdmapEnabled,
  featuresMemoryPolicyRecognized,
  featuresMountOptionsRecognized,
  featuresSeccompKnownFlags,
} from './claims.js';

export const featuresCases: RuntimeCase[] = [
  featuresDocument,
  featuresOciVersionsAccepted,
  featuresNamespacesRecognized,
  featuresCapabilitiesRecognized,
  featuresSeccompRecognized,
  featuresHooksSupported,
  featuresMountOptionsRecognized,
  featuresSeccompKnownFlags,
  featuresMemoryPolicyRecognized,
  featuresIdmapEnabled,
];
