// How the reference runtime's static init is built (the cc command line and its generated syscall
// table); harness/native.ts runs it. Data only: the reference runtime never imports the harness.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The init's source directory: reference-runtime/init from the sources, dist/cli or dist/reference-runtime. */
export function initSourceDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const dirs = [join(here, 'init'), join(here, '../../reference-runtime/init')];
  return dirs.find((d) => existsSync(join(d, 'oci-ref-init.c'))) ?? dirs[0]!;
}

/** The syscall table header: every `__NR_*` that <sys/syscall.h> defines, by name. */
export function syscallTableHeader(defines: string): string {
  const names = [...new Set([...defines.matchAll(/^#define __NR_([a-z0-9_]+) /gm)].map((m) => m[1]!))].sort();
  const rows = names.map((n) => `#ifdef __NR_${n}\n  {"${n}", __NR_${n}},\n#endif\n`).join('');
  return `static const struct { const char *name; int nr; } syscall_table[] = {\n${rows}};\n`;
}

/** The recipe (harness/native.ts `NativeRecipe`): build/oci-ref-init, static. */
export function initRecipe() {
  return {
    name: "the reference runtime's init",
    sourceDir: initSourceDir(),
    sources: ['oci-ref-init.c'],
    headers: [],
    output: 'build/oci-ref-init',
    cflags: ['-O2', '-Wall', '-Wextra', '-Wno-unused-parameter', '-static'],
    ldflags: [],
    generates: ['syscalls.h'],
    generate: async (preprocess: (input: string, args: string[]) => Promise<string>) => ({
      'syscalls.h': syscallTableHeader(await preprocess('#include <sys/syscall.h>\n', ['-E', '-dM', '-'])),
    }),
  };
}
