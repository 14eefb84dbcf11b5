// Test data shared by the areas: which wrapper breaks which case (each area's breakers.fixtures.ts).
import { processBreakers } from './process/breakers.fixtures.js';
import { filesystemBreakers } from './filesystem/breakers.fixtures.js';
import { namespacesBreakers } from './namespaces/breakers.fixtures.js';
import { devicesBreakers } from './devices/breakers.fixtures.js';
import { hooksBreakers } from './hooks/breakers.fixtures.js';
import { cgroupsBreakers } from './cgroups/breakers.fixtures.js';
import { securityBreakers } from './security/breakers.fixtures.js';
import { featuresBreakers } from './features/breakers.fixtures.js';
import { rdtBreakers } from './rdt/breakers.fixtures.js';
import { networkBreakers } from './network/breakers.fixtures.js';

import type { Breaker } from './breaker.fixtures.js';

export type { Breaker };

/** Case id -> its breaking wrapper, for every area. */
export const breakers: Record<string, Breaker> = {
  ...processBreakers,
  ...filesystemBreakers,
  ...namespacesBreakers,
  ...devicesBreakers,
  ...hooksBreakers,
  ...cgroupsBreakers,
  ...securityBreakers,
  ...featuresBreakers,
  ...rdtBreakers,
  ...networkBreakers,
};
