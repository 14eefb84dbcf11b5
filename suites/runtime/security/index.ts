// The security cases, in a stable order (suites/runtime/areas.ts concatenates the areas).
import type { RuntimeCase } from '../../../harness/runtime/case.js';
import { securitySeccompArgs } from './seccomp-args.js';
import { securitySeccompErrno } from './seccomp-errno.js';
import { securitySeccompErrnoRetInvalid } from './seccomp-errnoret-invalid.js';
import { securitySeccompListener } from './seccomp-listener.js';

export const securityCases: RuntimeCase[] = [
  securitySeccompErrno,
  securitySeccompArgs,
  securitySeccompErrnoRetInvalid,
  securitySeccompListener,
];
