// Fuzzing the validate engine with this suite's rules: mutated bytes of rich configs, states and
// features documents (validateBytes, what validatePath runs on a file), generated values put anywhere
// in them (applyRules, bundle and host rules on fake views), and mutated config.json in a real bundle
// whose rootfs holds symlink loops and escapes (validatePath). Nothing throws, hangs or grows memory.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, it } from 'vitest';
import fc from 'fast-check';
import { validateBytes, validatePath } from '../../../harness/validate.js';
import { readJson } from '../../../harness/json/read.js';
import type { BundleView, DocumentKind, HostView } from '../../../harness/config/rule.js';
import { applySuiteRules } from '../testing.js';
import { rules } from '../index.js';
import { baseFor, cases } from './cases.js';
import { fuzzRuns, fuzzTimeout, guarded, mutated, regressions } from '../../../test/fuzz/fuzz.js';

const target = 'config-rules';

/** Every fixture of the rule table after its failing and passing edits: most fields appear somewhere. */
function fixtures(): { kind: DocumentKind; value: any }[] {
  const out: { kind: DocumentKind; value: any }[] = [];
  for (const c of cases) {
    const kind = c.kind ?? 'config';
    const v = baseFor(kind);
    c.fail(v);
    out.push({ kind, value: structuredClone(v) });
    c.pass(v);
  }
  return out;
}

const bundle: BundleView = {
  dir: '/b',
  exists: (p) => p.length % 2 === 0,
  isDirectory: (p) => p.length % 3 === 0,
  isExecutableInRoot: () => false,
  realpath: (p) => '/b/' + p,
  statInRoot: (p) => (p.length % 2 ? { kind: 'file', mode: 0o4755 } : undefined),
};
const host: HostView = {
  capabilities: ['CAP_CHOWN'],
  filesystems: ['proc', 'tmpfs'],
  exists: () => false,
  isExecutable: () => false,
  isDirectory: () => true,
  readFile: () => 'Y',
};

/** Paths (lists of keys) of every value: keys may hold '/' (annotations), so no pointer strings. */
function pathsOf(
  v: unknown,
  base: (string | number)[] = [],
  out: (string | number)[][] = [],
): (string | number)[][] {
  out.push(base);
  if (Array.isArray(v)) v.forEach((x, i) => pathsOf(x, [...base, i], out));
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) pathsOf(x, [...base, k], out);
  return out;
}

function setAt(root: any, path: (string | number)[], value: unknown): any {
  if (path.length === 0) return value;
  let o = root;
  for (const k of path.slice(0, -1)) o = o[k];
  o[path[path.length - 1]!] = value;
  return root;
}

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** A bundle whose rootfs has a symlink loop, links to / and .., and one to /proc/self. */
function hostileBundle(): string {
  const dir = mkdtempSync(join(tmpdir(), 'oci-fuzz-bundle-'));
  dirs.push(dir);
  const r = join(dir, 'rootfs');
  mkdirSync(join(r, 'bin'), { recursive: true });
  writeFileSync(join(r, 'bin/sh'), '#!', { mode: 0o755 });
  symlinkSync('loop', join(r, 'loop'));
  symlinkSync('/', join(r, 'root-link'));
  symlinkSync('../../../..', join(r, 'up'));
  symlinkSync('/proc/self/root', join(r, 'proc-self'));
  symlinkSync('a', join(r, 'b'));
  symlinkSync('b', join(r, 'a'));
  return dir;
}

describe('fuzz: config rules (validateBytes, applyRules, validatePath)', () => {
  // one target, three properties sharing its runs: 3/5 bytes, 3/10 values, 1/10 through a bundle dir
  const total = fuzzRuns(1200);
  const share = (f: number) => Math.max(1, Math.round(total * f));
  const fx = fixtures();
  const seeds = fx.map((f) => Buffer.from(JSON.stringify(f.value, null, 2)));
  const kinds: (DocumentKind | undefined)[] = [undefined, 'config', 'state', 'features'];
  const bytesProp = guarded(target, (b) => {
    const kind = kinds[(b[0] ?? 0) % kinds.length];
    const body = b.subarray(1);
    validateBytes(body, 'config.json', { rules, ...(kind ? { kind } : {}) });
    validateBytes(body, 'config.json', { rules, specVersion: '1.0.2', ...(kind ? { kind } : {}) });
  });

  it('replays every input that failed before', () => {
    for (const r of regressions(target)) bytesProp(r.bytes);
  });

  it(
    'mutated documents through validateBytes (read, schema, rules)',
    () => {
      const arb = fc
        .tuple(fc.nat(kinds.length - 1), mutated(seeds))
        .map(([k, b]) => Buffer.concat([Buffer.from([k]), b]));
      fc.assert(fc.property(arb, bytesProp), { numRuns: share(0.6) });
    },
    fuzzTimeout(share(0.6), 10),
  );

  it(
    'generated values anywhere in rich documents through applyRules with bundle and host views',
    () => {
      const arb = fc
        .nat(fx.length - 1)
        .chain((i) =>
          fc.tuple(
            fc.constant(i),
            fc.constantFrom(...pathsOf(fx[i]!.value)),
            fc.jsonValue({ maxDepth: 3 }),
            fc.constantFrom('1.0.2', '1.1.0', '1.2.0', '1.3.0'),
          ),
        );
      fc.assert(
        fc.property(arb, ([i, pointer, v, specVersion]) => {
          const value = setAt(structuredClone(fx[i]!.value), pointer, v);
          // kept with the kind in front, as the bytes property reads its inputs
          const k = Math.max(0, kinds.indexOf(fx[i]!.kind));
          const text = Buffer.concat([Buffer.from([k]), Buffer.from(JSON.stringify(value))]);
          guarded(target, (b) => {
            const doc = readJson(b.subarray(1), 'config.json');
            applySuiteRules({ doc, kind: fx[i]!.kind, specVersion, bundle, host });
          })(text);
        }),
        { numRuns: share(0.3) },
      );
    },
    fuzzTimeout(share(0.3), 10),
  );

  it(
    'mutated config.json of a bundle whose rootfs holds symlink loops and escapes (validatePath)',
    () => {
      const dir = hostileBundle();
      const configs = fx.filter((f) => f.kind === 'config').map((f) => f.value);
      const paths = [
        '/loop/x',
        '/root-link/etc',
        '/up/etc/passwd',
        '/proc-self/exe',
        '/a/b',
        'bin/sh',
        '../..',
      ];
      const arb = fc.tuple(
        fc.nat(configs.length - 1),
        fc.constantFrom(...paths),
        fc.constantFrom(...paths),
        fc.boolean(),
      );
      fc.assert(
        fc.property(arb, ([i, rootPath, arg0, rel]) => {
          const c = structuredClone(configs[i]!);
          c.root = { path: rel ? rootPath.replace(/^\//, '') : join(dir, 'rootfs', rootPath) };
          if (c.process) c.process.args = [arg0];
          if (c.process) c.process.cwd = rootPath;
          writeFileSync(join(dir, 'config.json'), JSON.stringify(c));
          guarded(target, () => {
            validatePath(dir, { rules, hostSpecific: true });
          })(Buffer.concat([Buffer.from([1]), Buffer.from(JSON.stringify(c))]));
        }),
        { numRuns: share(0.1) },
      );
    },
    fuzzTimeout(share(0.1), 40),
  );
});
