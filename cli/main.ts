#!/usr/bin/env node
// The `oci-conform` executable: runs the CLI and sets the exit code (never a stack trace).
import { cli } from './cli.js';

cli(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`oci-conform: internal error: ${(err as Error).message}\n`);
    process.exitCode = 3;
  },
);
