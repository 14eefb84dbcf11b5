// The security cases, in a stable order (suites/runtime/areas.ts concatenates the areas).
import type { RuntimeCase } from '../../../harness/runtime/case.js';
import { securitySeccompArgs } from './seccomp-args.js';
import { securitySeccompErrno } from './seccomp-errno.js';

export const securityCases: RuntimeCase[] = [securitySeccompErrno, securitySeccompArgs];
