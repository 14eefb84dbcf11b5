#!/usr/bin/env node
// The `oci-conform` executable: runs the CLI and sets the exit code (never a stack trace).
import { cli } from './cli.js';

// A reader that goes away (`oci-conform ... | head`) ends the output, not the run: the rest of stdout is
// dropped, while a run still tears down its containers and sets its exit code.
for (const stream of [process.stdout, process.stderr])
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
  });

cli(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`oci-conform: internal error: ${(err as Error).message}\n`);
    process.exitCode = 3;
  },
);
