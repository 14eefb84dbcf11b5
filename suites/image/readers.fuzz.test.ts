// Fuzzing validate-image's readers with this suite's image rules: mutated index.json, oci-layout,
// nested index, manifest and config (in memory, then through a layout directory), and mutated whole
// oci-archives (plain and gzip). validateImage never throws and no rule crashes; bundle on the same
// inputs fails only with its own errors, and leaves no bundle when it fails.
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import fc from 'fast-check';
import { validateImage, validateSource, SelectionError } from '../../harness/image/validate.js';
import { buildBundle, BundleError } from '../../harness/image/bundle.js';
import { ConversionError } from '../../harness/image/convert.js';
import { mt } from '../../harness/image/media-types.js';
import { LayoutBuilder, makeTar, tempDir } from '../../harness/image/testing.js';
import { imageRules } from './index.js';
import { fuzzRuns, fuzzTimeout, guardedAsync, mutated, regressions } from '../../test/fuzz/fuzz.js';

const target = 'image-readers';

let t: { dir: string; remove(): Promise<void> };
let layout = '';
/** Files of the layout a mutation may replace (index 0..n-1 in the fixtures' second byte). */
let docs: string[] = [];
let originals: Buffer[] = [];
let archives: Buffer[] = [];
/** The same image in memory, with uncompressed layers (cheap to scan per input). */
let memory: LayoutBuilder;
/** Keys of `memory` a mutation may replace, in the order of `docs`. */
let memoryDocs: ((b: LayoutBuilder, bytes: Buffer) => () => void)[] = [];

beforeAll(async () => {
  t = await tempDir('oci-fuzz-image-');
  const b = new LayoutBuilder();
  const l0 = makeTar([
    { name: 'etc/', type: 'dir' },
    { name: 'etc/passwd', data: 'root:x:0:0::/root:/bin/sh\napp:x:1:1::/:/bin/sh\n' },
    { name: 'etc/group', data: 'root:x:0:\n' },
  ]);
  const l1 = makeTar([
    { name: 'etc/.wh.group' },
    { name: 'l', type: 'symlink', linkname: '/etc' },
    { name: 'l/x', data: 'x' },
  ]);
  const { entry, manifest } = b.image([l0, l1], {
    ref: 'v1',
    config: (c) => (c.config = { Entrypoint: ['/bin/sh'], User: 'app', Labels: { a: 'b' } }),
  });
  const nested = b.json(mt.index, { schemaVersion: 2, mediaType: mt.index, manifests: [entry] });
  b.index.manifests.push(nested);
  layout = await b.write(join(t.dir, 'layout'));
  const path = (d: string) => `blobs/${d.replace(':', '/')}`;
  docs = ['index.json', 'oci-layout', path(nested.digest), path(entry.digest), path(manifest.config.digest)];
  originals = docs.map((d) => readFileSync(join(layout, d)));
  archives = [b.archive(), b.archive({ gzip: true })];

  memory = new LayoutBuilder();
  const m = memory.image([l0, l1], {
    ref: 'v1',
    compression: 'none',
    config: (c) => (c.config = { Entrypoint: ['/bin/sh'], User: 'app', Labels: { a: 'b' } }),
  });
  const mNested = memory.json(mt.index, { schemaVersion: 2, mediaType: mt.index, manifests: [m.entry] });
  memory.index.manifests.push(mNested);
  const swap = (digest: string) => (x: LayoutBuilder, bytes: Buffer) => {
    const old = x.blobs.get(digest)!;
    x.blobs.set(digest, bytes);
    return () => x.blobs.set(digest, old);
  };
  const index = memory.index;
  const layoutFile = memory.ociLayout;
  memoryDocs = [
    (x, bytes) => ((x.index = bytes.toString('latin1')), () => (x.index = index)),
    (x, bytes) => ((x.ociLayout = bytes), () => (x.ociLayout = layoutFile)),
    swap(mNested.digest),
    swap(m.entry.digest),
    swap(m.manifest.config.digest),
  ];
});
afterAll(async () => {
  await t.remove();
});

let n = 0;
const ownErrors = [BundleError, ConversionError, SelectionError];

function noCrash(r: Awaited<ReturnType<typeof validateImage>>): void {
  const crashed = r.cases.filter((c) => c.status === 'error');
  if (crashed.length > 0)
    throw new Error(`rules crashed: ${crashed.map((c) => `${c.id}: ${c.reason}`).join('; ')}`);
}

/**
 * Input: [0, archive bytes] | [1, doc index, doc bytes] (validate a layout dir) | [2, doc index, doc
 * bytes] (bundle a layout dir) | [3, doc index, doc bytes] (validate in memory).
 */
async function check(b: Buffer): Promise<void> {
  const mode = (b[0] ?? 0) % 4;
  if (mode === 3) {
    const undo = memoryDocs[(b[1] ?? 0) % memoryDocs.length]!(memory, b.subarray(2));
    try {
      noCrash(await validateSource(memory.source(), { rules: imageRules }));
    } finally {
      undo();
    }
    return;
  }
  if (mode === 0) {
    const file = join(t.dir, 'a.tar');
    writeFileSync(file, b.subarray(1));
    const r = await validateImage(file, { rules: imageRules });
    const crashed = r.cases.filter((c) => c.status === 'error');
    if (crashed.length > 0)
      throw new Error(`rules crashed: ${crashed.map((c) => `${c.id}: ${c.reason}`).join('; ')}`);
    return;
  }
  const i = (b[1] ?? 0) % docs.length;
  writeFileSync(join(layout, docs[i]!), b.subarray(2));
  try {
    if (mode === 1) {
      noCrash(await validateImage(layout, { rules: imageRules }));
      return;
    }
    const out = join(t.dir, `bundle${n++}`);
    try {
      await buildBundle(layout, out, { maxSize: 1 << 20 });
      rmSync(out, { recursive: true, force: true });
    } catch (e) {
      if (!ownErrors.some((k) => e instanceof k)) throw e;
      if (existsSync(out)) throw new Error(`a failed bundle left ${out} behind`);
      const partial = readdirSync(t.dir).filter((f) => f.includes('.partial-'));
      if (partial.length > 0) throw new Error(`a failed bundle left ${partial.join(', ')}`);
    }
  } finally {
    writeFileSync(join(layout, docs[i]!), originals[i]!);
  }
}

describe('fuzz: image readers (layout, archive, index, manifest, config) and bundle', () => {
  // One target: 3/5 of its runs in memory, 1/5 through archives, 1/10 each through a layout
  // directory for validate-image and for bundle (those write files for every input).
  const total = fuzzRuns(400);
  const share = (f: number) => Math.max(1, Math.round(total * f));
  const prop = guardedAsync(target, check);
  const docsArb = (mode: number) =>
    fc
      .nat(docs.length - 1)
      .chain((i) =>
        mutated([originals[i]!, ...originals]).map((m) => Buffer.concat([Buffer.from([mode, i]), m])),
      );

  it('replays every input that failed before', async () => {
    for (const r of regressions(target)) await prop(r.bytes);
  });

  it(
    'mutated documents in memory: validateSource',
    async () => {
      await fc.assert(fc.asyncProperty(docsArb(3), prop), { numRuns: share(0.6) });
    },
    fuzzTimeout(share(0.6), 10),
  );

  it(
    'mutated documents in a layout directory: validateImage and bundle',
    async () => {
      const arb = fc.oneof(docsArb(1), docsArb(2));
      await fc.assert(fc.asyncProperty(arb, prop), { numRuns: share(0.2) });
    },
    fuzzTimeout(share(0.2), 40),
  );

  it(
    'mutated oci-archives, plain and gzip',
    async () => {
      const arb = mutated(archives).map((m) => Buffer.concat([Buffer.from([0]), m]));
      await fc.assert(fc.asyncProperty(arb, prop), { numRuns: share(0.2) });
    },
    fuzzTimeout(share(0.2), 30),
  );
});
