// Entry point of the reference runtime's single-file build (dist/reference-runtime/oci-reference-runtime.mjs).
import { main } from './cli.js';

process.exitCode = await main(process.argv.slice(2));
