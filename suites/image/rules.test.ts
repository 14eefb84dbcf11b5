// Fixture tests for the image rules: a valid layout, then one layout per broken rule. Assert rule ids
// and levels, never message text.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { gzipSync } from 'node:zlib';
import { LayoutBuilder, makeTar, tempDir } from '../../harness/image/testing.js';
import { SelectionError, validateImage, type ValidateImageOptions } from '../../harness/image/validate.js';
import { digestOf } from '../../harness/image/digest.js';
import { mt } from '../../harness/image/media-types.js';
import { imageRules } from './index.js';

let root: { dir: string; remove(): Promise<void> };
let n = 0;
beforeAll(async () => {
  root = await tempDir('oci-image-rules-');
});
afterAll(async () => {
  await root.remove();
});

interface Hit {
  rule: string;
  level: string;
  requirements: string[];
  path?: string;
}

async function findings(
  b: LayoutBuilder,
  opts: Partial<ValidateImageOptions> = {},
  as: 'dir' | 'tar' | 'tgz' = 'dir',
): Promise<Hit[]> {
  const dir = join(root.dir, `l${n++}`);
  let target = dir;
  if (as === 'dir') await b.write(dir);
  else {
    target = `${dir}.tar`;
    await writeFile(target, b.archive({ gzip: as === 'tgz' }));
  }
  const r = await validateImage(target, { rules: imageRules, ...opts });
  expect(r.cases.filter((c) => c.status === 'error')).toEqual([]);
  return r.cases.flatMap((c) =>
    c.findings.map((f) => ({
      rule: f.rule,
      level: f.level,
      requirements: f.requirements,
      ...(f.location.kind === 'layer' && f.location.path !== undefined ? { path: f.location.path } : {}),
    })),
  );
}

const failing = (hits: Hit[]) =>
  hits.filter((h) => h.level === 'must' || h.level === 'should' || h.level === 'hazard');
const rulesOf = (hits: Hit[]) => [...new Set(hits.map((h) => h.rule))].sort();
const passwd = makeTar([
  { name: 'etc/', type: 'dir' },
  { name: 'etc/passwd', data: 'root:x:0:0::/root:/bin/sh\n' },
]);

function valid(): LayoutBuilder {
  const b = new LayoutBuilder();
  b.image([passwd], { ref: 'latest' });
  return b;
}

/** An image whose single layer is `tar`. */
function withLayer(tar: Buffer, compression: 'gzip' | 'none' = 'gzip'): LayoutBuilder {
  const b = new LayoutBuilder();
  b.image([tar], { ref: 'latest', compression });
  return b;
}

describe('valid images', () => {
  it('a layout directory has no findings', async () => {
    expect(await findings(valid())).toEqual([]);
  });
  it('a plain and a gzip oci-archive have no findings', async () => {
    expect(await findings(valid(), {}, 'tar')).toEqual([]);
    expect(await findings(valid(), {}, 'tgz')).toEqual([]);
  });
  it('null OPTIONAL config fields and unknown media types are accepted', async () => {
    const b = new LayoutBuilder();
    b.image([passwd], {
      config: (c) => ((c.config = { Env: null, Cmd: null, Labels: null }), (c.author = null)),
    });
    b.index.manifests.push(b.blob('application/vnd.example.thing+json', '{}'));
    expect(failing(await findings(b))).toEqual([]);
  });
  it('an artifact with the empty config and an unknown layer type has no errors', async () => {
    const b = new LayoutBuilder();
    const cfg = b.blob(mt.empty, '{}', { data: 'e30=' });
    const layer = b.blob('application/vnd.example.sbom+json', '{"a":1}');
    const m = {
      schemaVersion: 2,
      mediaType: mt.manifest,
      artifactType: 'application/vnd.example.sbom',
      config: cfg,
      layers: [layer],
    };
    b.index.manifests.push(b.json(mt.manifest, m));
    expect(failing(await findings(b))).toEqual([]);
  });
});

describe('layout', () => {
  it('missing oci-layout and a wrong layout version', async () => {
    const b = valid();
    b.ociLayout = undefined;
    expect(rulesOf(await findings(b))).toEqual(['image.layout.files']);
    const c = valid();
    c.ociLayout = Buffer.from('{"imageLayoutVersion":"2.0.0"}');
    expect(rulesOf(await findings(c))).toEqual(['image.layout.version']);
  });
  it('a missing blob is an error, and a SHOULD with --sparse', async () => {
    const b = valid();
    const cfg = b.index.manifests[0];
    const manifest = JSON.parse(b.blobs.get(cfg.digest)!.toString());
    b.blobs.delete(manifest.layers[0].digest);
    const hits = await findings(b);
    expect(hits.find((h) => h.rule === 'image.blob.present')?.level).toBe('must');
    const sparse = await findings(b, { sparse: true });
    expect(sparse.find((h) => h.rule === 'image.blob.present')?.level).toBe('should');
  });
  it('unreferenced blobs are warnings, and one whose content does not match its name is an error', async () => {
    const b = valid();
    b.extra.set(`blobs/sha256/${'a'.repeat(64)}`, Buffer.from('x'));
    const hits = await findings(b);
    expect(
      hits
        .filter((h) => h.rule === 'image.layout.unreferenced-blobs')
        .map((h) => h.level)
        .sort(),
    ).toEqual(['hazard', 'must']);
  });
  it('blob names must follow the digest grammar', async () => {
    const b = valid();
    b.extra.set('blobs/sha256/ABC', Buffer.from('x'));
    expect(rulesOf(await findings(b))).toContain('image.layout.blob-names');
  });
  it('--ref and --platform select, and an unmatched --ref is a selection error', async () => {
    const b = valid();
    b.image([passwd], {
      ref: 'other',
      config: (c) => (c.architecture = 'arm64'),
      entry: (e) => (e.platform.architecture = 'arm64'),
    });
    expect(await findings(b, { ref: 'other' })).toEqual([]);
    expect(await findings(b, { platform: { os: 'linux', architecture: 'arm64' } })).toEqual([]);
    await expect(findings(b, { ref: 'nope' })).rejects.toBeInstanceOf(SelectionError);
  });
  it('a truncated archive is a finding', async () => {
    const b = valid();
    const dir = join(root.dir, `trunc${n++}.tar`);
    const a = b.archive();
    await writeFile(dir, a.subarray(0, a.length - 1500));
    const r = await validateImage(dir, { rules: imageRules });
    const ids = r.cases.flatMap((c) => c.findings.map((f) => f.rule));
    expect(ids).toContain('image.layout.archive');
  });
});

describe('descriptors and documents', () => {
  it('digest and size must match the blob', async () => {
    const b = valid();
    const m = JSON.parse(b.blobs.get(b.index.manifests[0].digest)!.toString());
    b.blobs.set(m.layers[0].digest, gzipSync(makeTar([{ name: 'x', data: 'tampered' }])));
    const hits = rulesOf(await findings(b));
    expect(hits).toContain('image.descriptor.digest-match');
    expect(hits).toContain('image.descriptor.size-match');
  });
  it('registered algorithms need their exact encoding; unknown ones are not verified', async () => {
    const b = valid();
    b.index.manifests.push({ mediaType: mt.manifest, digest: `sha256:${'A'.repeat(64)}`, size: 1 });
    b.index.manifests.push({ mediaType: 'application/vnd.example+json', digest: 'foo+bar:abc', size: 1 });
    const hits = await findings(b);
    const enc = hits
      .filter((h) => h.rule === 'image.descriptor.digest-encoding')
      .map((h) => h.level)
      .sort();
    expect(enc).toEqual(['info', 'must']);
  });
  it('a negative size in index.json is caught (the upstream index schema misses it)', async () => {
    const b = valid();
    b.index.manifests[0].size = -1;
    const hits = await findings(b);
    expect(
      hits.some((h) => h.rule === 'image.schema' && h.requirements.includes('image.descriptor.size')),
    ).toBe(true);
  });
  it('manifest mediaType constant and ambiguous documents (CVE-2021-41190)', async () => {
    const b = new LayoutBuilder();
    b.image([passwd], { manifest: (m) => ((m.mediaType = mt.index), (m.manifests = [])) });
    const hits = rulesOf(await findings(b));
    expect(hits).toContain('image.manifest.media-type');
    expect(hits).toContain('image.unambiguous');
  });
  it('an index with layers is ambiguous', async () => {
    const b = valid();
    const nested = b.json(mt.index, { schemaVersion: 2, mediaType: mt.index, manifests: [], layers: [] });
    b.index.manifests.push(nested);
    expect(rulesOf(await findings(b))).toContain('image.unambiguous');
  });
  it('the empty config needs artifactType; layers: [] is a SHOULD', async () => {
    const b = new LayoutBuilder();
    const cfg = b.blob(mt.empty, '{}');
    b.index.manifests.push(
      b.json(mt.manifest, { schemaVersion: 2, mediaType: mt.manifest, config: cfg, layers: [] }),
    );
    const hits = await findings(b);
    expect(rulesOf(hits)).toEqual(['image.manifest.artifact-type', 'image.manifest.layers-non-empty']);
    expect(hits.find((h) => h.rule === 'image.manifest.layers-non-empty')?.level).toBe('should');
  });
  it('data must be base64 and equal the content; the empty descriptor has its exact form', async () => {
    const b = valid();
    b.index.manifests[0].data = '!!!';
    b.index.manifests.push({
      mediaType: mt.empty,
      digest: digestOf(Buffer.from('{}')),
      size: 3,
      data: 'e30=',
    });
    const hits = rulesOf(await findings(b));
    expect(hits).toContain('image.descriptor.data');
    expect(hits).toContain('image.descriptor.empty');
  });
  it('duplicate JSON member names are found', async () => {
    const b = valid();
    b.index = JSON.stringify(b.index).replace('"schemaVersion":2', '"schemaVersion":3,"schemaVersion":2');
    expect(rulesOf(await findings(b))).toContain('image.json.well-formed');
  });
  it('annotations: null, reserved keys, ref.name outside index.json and its character set', async () => {
    const b = new LayoutBuilder();
    b.image([passwd], {
      ref: 'bad name!',
      manifest: (m) =>
        (m.annotations = { 'org.opencontainers.image.ref.name': 'x', 'org.opencontainers.image.bogus': 'y' }),
    });
    b.index.annotations = null;
    const hits = rulesOf(await findings(b));
    expect(hits).toContain('image.annotations.rules');
    expect(hits).toContain('image.annotations.ref-name');
  });
});

describe('graph', () => {
  it('follows nested indexes and present subjects, and verifies what they reference', async () => {
    const b = valid();
    const img = b.index.manifests[0];
    const nested = b.json(mt.index, {
      schemaVersion: 2,
      mediaType: mt.index,
      manifests: [{ ...img, annotations: undefined }],
    });
    const cfg = b.blob(mt.empty, '{}');
    const referrer = b.json(mt.manifest, {
      schemaVersion: 2,
      mediaType: mt.manifest,
      artifactType: 'application/vnd.example.sig',
      config: cfg,
      layers: [b.blob('application/vnd.example.sig', 'sig')],
      subject: { mediaType: mt.manifest, digest: img.digest, size: img.size },
    });
    b.index.manifests = [nested, referrer];
    expect(failing(await findings(b))).toEqual([]);
    // break a blob only the nested index reaches
    const m = JSON.parse(b.blobs.get(img.digest)!.toString());
    b.blobs.set(m.config.digest, Buffer.from('{}'));
    expect(rulesOf(await findings(b))).toContain('image.descriptor.digest-match');
  });
  it('rules new in 1.1 do not apply to a 1.0.2 judgement', async () => {
    const b = new LayoutBuilder();
    const cfg = b.blob(mt.empty, '{}');
    b.index.manifests.push(
      b.json(mt.manifest, {
        schemaVersion: 2,
        mediaType: mt.manifest,
        config: cfg,
        layers: [b.blob(mt.layerTar, passwd)],
      }),
    );
    expect(rulesOf(await findings(b))).toContain('image.manifest.artifact-type');
    expect(rulesOf(await findings(b, { specVersion: '1.0.2' }))).not.toContain(
      'image.manifest.artifact-type',
    );
  });
});

describe('one broken rule each', () => {
  const cases: [string, string, (b: LayoutBuilder) => void][] = [
    [
      'schemaVersion 3',
      'image.schema-version',
      (b) => b.image([passwd], { manifest: (m) => (m.schemaVersion = 3) }),
    ],
    [
      'index mediaType',
      'image.index.media-type',
      (b) => {
        b.image([passwd]);
        b.index.mediaType = 'application/vnd.oci.image.index.v2+json';
      },
    ],
    [
      'ftp url',
      'image.descriptor.urls',
      (b) => b.image([passwd], { manifest: (m) => (m.layers[0].urls = ['ftp://example.com/l']) }),
    ],
    [
      'GOOS value',
      'image.platform.values',
      (b) => b.image([passwd], { config: (c) => (c.os = 'Linux'), entry: (e) => (e.platform.os = 'Linux') }),
    ],
    [
      'non-distributable layer',
      'image.layer.non-distributable',
      (b) => b.image([passwd], { manifest: (m) => (m.layers[0].mediaType = mt.ndLayerGzip) }),
    ],
    [
      'history count',
      'image.config.history-count',
      (b) => b.image([passwd], { config: (c) => c.history.push({ created_by: 'extra' }) }),
    ],
    [
      'unknown layer type in an image',
      'image.layer.media-type',
      (b) =>
        b.image([passwd], { manifest: (m) => (m.layers[0].mediaType = 'application/vnd.example.layer') }),
    ],
    [
      'ref.name twice in index.json',
      'image.annotations.ref-name',
      (b) => {
        b.image([passwd], { ref: 'v1' });
        b.image([passwd], { ref: 'v1', config: (c) => (c.author = 'x') });
      },
    ],
    [
      'sparse file',
      'image.layer.special-files',
      (b) => b.image([makeTar([{ name: 'sparse', type: 'S', data: 'x' }])]),
    ],
  ];
  for (const [what, rule, build] of cases) {
    it(`${what} -> ${rule}`, async () => {
      const b = new LayoutBuilder();
      build(b);
      const hits = failing(await findings(b));
      expect(rulesOf(hits)).toContain(rule);
    });
  }
});

describe('configs', () => {
  it('diff_ids count, format and value; rootfs.type; Env form; platform against the index', async () => {
    const b = new LayoutBuilder();
    b.image([passwd, passwd], {
      config: (c) => {
        c.rootfs.type = 'tarballs';
        c.rootfs.diff_ids = ['hello'];
        c.config.Env = ['FOO'];
        c.architecture = 'arm64';
      },
    });
    const hits = rulesOf(await findings(b));
    for (const r of [
      'image.config.rootfs',
      'image.config.env',
      'image.diff-ids-count',
      'image.platform.matches-config',
    ])
      expect(hits).toContain(r);
    const c = new LayoutBuilder();
    c.image([passwd], { config: (cfg) => (cfg.rootfs.diff_ids = [digestOf(Buffer.from('other'))]) });
    expect(rulesOf(await findings(c))).toEqual(['image.layer.diff-id']);
  });
});

describe('layers', () => {
  it('compression that disagrees with the media type', async () => {
    const b = new LayoutBuilder();
    b.image([passwd], { compression: 'none', manifest: (m) => (m.layers[0].mediaType = mt.layerGzip) });
    expect(rulesOf(await findings(b))).toEqual(['image.layer.compression']);
  });
  it('truncated tar, and a tar without end marker (info only)', async () => {
    expect(rulesOf(await findings(withLayer(passwd.subarray(0, 700))))).toContain('image.layer.tar');
    const hits = await findings(withLayer(makeTar([{ name: 'a', data: 'x' }], { end: false })));
    expect(hits.map((h) => [h.rule, h.level])).toEqual([['image.layer.tar', 'info']]);
  });
  it('duplicate normalised paths', async () => {
    const hits = await findings(
      withLayer(
        makeTar([
          { name: './a', data: '1' },
          { name: 'a', data: '2' },
        ]),
      ),
    );
    expect(hits.map((h) => [h.rule, h.path])).toEqual([['image.layer.duplicates', 'a']]);
  });
  it('absolute paths, "..", writes through symlinks, escaping links', async () => {
    const tar = makeTar([
      { name: '/abs', data: '1' },
      { name: '../up', data: '1' },
      { name: 'l', type: 'symlink', linkname: '/etc' },
      { name: 'l/passwd', data: 'x' },
      { name: 'rel', type: 'symlink', linkname: '../../outside' },
      { name: 'h', type: 'hardlink', linkname: '../etc/shadow' },
    ]);
    const hits = (await findings(withLayer(tar))).filter((h) => h.rule === 'image.layer.paths');
    expect(hits.map((h) => h.path).sort()).toEqual(['../up', '/abs', 'h', 'l/passwd', 'rel']);
  });
  it('whiteouts: empty name, same-layer whiteout; an opaque whiteout alone is fine', async () => {
    const tar = makeTar([
      { name: 'd/', type: 'dir' },
      { name: 'd/.wh.', data: '' },
      { name: 'd/f', data: 'x' },
      { name: 'd/.wh.f', data: '' },
      { name: 'e/.wh..wh..opq', data: '' },
    ]);
    const hits = (await findings(withLayer(tar))).filter((h) => h.rule === 'image.layer.whiteouts');
    // d/.wh.f also comes after its sibling d/f (whiteout-before-siblings)
    expect(hits.map((h) => h.path).sort()).toEqual(['d/.wh.', 'd/.wh.f', 'd/.wh.f']);
  });
  it('non-UTF-8 names, device nodes and setuid files', async () => {
    const tar = makeTar([
      { name: Buffer.from([0x61, 0xff, 0x62]), data: 'x' },
      { name: 'dev/null', type: 'char', devmajor: 1, devminor: 3 },
      { name: 'bin/su', data: 'x', mode: 0o4755 },
    ]);
    const hits = await findings(withLayer(tar));
    expect(hits.filter((h) => h.rule === 'image.layer.utf8-names')).toHaveLength(1);
    expect(hits.filter((h) => h.rule === 'image.layer.special-files').map((h) => h.level)).toEqual([
      'info',
      'info',
    ]);
  });
  it.skipIf(!hasZstd())(
    'zstd layers are read, and zstd data under a gzip media type is a finding',
    async () => {
      const z = execFileSync('zstd', ['-q', '-c'], { input: passwd });
      const b = new LayoutBuilder();
      b.image([passwd], {
        compression: 'none',
        manifest: (m) => (b.blobs.delete(m.layers[0].digest), (m.layers[0] = b.blob(mt.layerZstd, z))),
      });
      expect(await findings(b)).toEqual([]);
      const c = new LayoutBuilder();
      c.image([passwd], {
        compression: 'none',
        manifest: (m) => (c.blobs.delete(m.layers[0].digest), (m.layers[0] = c.blob(mt.layerGzip, z))),
      });
      expect(rulesOf(await findings(c))).toEqual(['image.layer.compression']);
    },
  );
});

describe('hostile input stays bounded', () => {
  it('a gzip bomb stops at the uncompressed limit', async () => {
    const bomb = gzipSync(Buffer.alloc(64 << 20), { level: 9 });
    const b = new LayoutBuilder();
    b.image([Buffer.alloc(64 << 20)], { manifest: (m) => (m.layers[0] = b.blob(mt.layerGzip, bomb)) });
    const hits = await findings(b, { maxUncompressedBytes: 1 << 20 });
    expect(hits.some((h) => h.rule === 'image.layer.tar' && h.level === 'must')).toBe(true);
  });
  it('an absurd header size is a finding, not a crash', async () => {
    const tar = makeTar([{ name: 'a', data: 'x' }]);
    tar.fill(0x37, 124, 135); // size 077777777777 octal: far past the end of the stream
    let sum = 0;
    tar.write('        ', 148, 'latin1');
    for (let i = 0; i < 512; i++) sum += tar[i]!;
    tar.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 'latin1');
    expect(rulesOf(await findings(withLayer(tar)))).toContain('image.layer.tar');
  });
  it('garbage, an empty file and a truncated gzip archive give findings, not crashes', async () => {
    const cases: [string, Buffer][] = [
      ['garbage.tar', Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 7919) % 251))],
      ['empty.tar', Buffer.alloc(0)],
      ['cut.tar.gz', valid().archive({ gzip: true }).subarray(0, 300)],
    ];
    for (const [name, bytes] of cases) {
      const p = join(root.dir, name);
      await writeFile(p, bytes);
      const r = await validateImage(p, { rules: imageRules });
      const ids = r.cases.flatMap((c) => c.findings.filter((f) => f.level === 'must').map((f) => f.rule));
      expect(ids.length, name).toBeGreaterThan(0);
      // not a tar from the first byte: one archive finding, not a missing-file finding for every
      // layout file as well
      if (name === 'garbage.tar') expect(ids, name).toEqual(['image.layout.archive']);
    }
  });
  it('a JSON document over 4 MiB is verified but not parsed', async () => {
    const b = new LayoutBuilder();
    b.image([passwd], { manifest: (m) => (m.annotations = { 'com.example.big': 'x'.repeat(5 << 20) }) });
    const hits = await findings(b);
    expect(hits.filter((h) => h.rule === 'image.blob.json-size').map((h) => h.level)).toEqual(['hazard']);
    expect(hits.filter((h) => h.level === 'must' || h.level === 'info')).toEqual([]);
  });
  it('many duplicate entries keep a bounded list of findings', async () => {
    const entries = Array.from({ length: 20_000 }, () => ({ name: 'same', data: '' }));
    const hits = await findings(withLayer(makeTar(entries)));
    const dups = hits.filter((h) => h.rule === 'image.layer.duplicates');
    expect(dups.length).toBe(51); // 50 listed + one summary
  });
});

function hasZstd(): boolean {
  try {
    execFileSync('zstd', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
