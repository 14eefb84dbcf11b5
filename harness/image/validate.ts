// validate-image: walk the blob graph of a layout or archive from index.json, run every image rule
// on each document, blob and layer, and return the cases. Layers are scanned in one streaming pass.
import type { CaseResult, Finding, Location } from '../../model/report.js';
import { readJson } from '../json/read.js';
import type { JsonDocument } from '../json/types.js';
import { compareVersions, findingLevelOf, requirement } from '../../requirements/index.js';
import type { RequirementId } from '../../requirements/index.js';
import {
  descriptorsOf,
  isObject,
  type BlobContext,
  type DescriptorRef,
  type DocumentContext,
  type ImageDocKind,
  type ImageRule,
  type LayerContext,
  type ReportArgs,
  type StackContext,
} from './rule.js';
import { stackProblems } from './layer-stack.js';
import { digestOf, hasherFor, parseDigest } from './digest.js';
import { scanLayer, type LayerScan } from './layer-scan.js';
import { isIndexType, isManifestType, layerCompression, mt } from './media-types.js';
import { maxJsonBytes, openImage, type ImageSource } from './source.js';

/** Platform selector from `--platform os/arch[/variant]`. */
export interface PlatformSelector {
  os: string;
  architecture: string;
  variant?: string;
}

export interface ValidateImageOptions {
  /** Select the index.json entries whose org.opencontainers.image.ref.name is this. */
  ref?: string;
  /** Inside indexes, descend only into entries for this platform. */
  platform?: PlatformSelector;
  /** The layout may lack referenced blobs (missing blobs become SHOULD-level findings). */
  sparse?: boolean;
  /** Image-spec version to judge against. @default '1.1.1' */
  specVersion?: string;
  /** Stop a layer after this many uncompressed bytes. @default 64 GiB */
  maxUncompressedBytes?: number;
  /** Rules to run (the suite's list is `suites/image/index.ts`; the CLI passes it). */
  rules: readonly ImageRule[];
}

export interface ValidateImageResult {
  cases: CaseResult[];
  errors: string[];
  specVersion: string;
  /** Layer scans by blob path (for callers that want the numbers). */
  scans: Map<string, LayerScan>;
}

/** The selection (--ref, --platform) matched nothing: a usage problem, not a finding. */
export class SelectionError extends Error {
  override name = 'SelectionError';
}

export const defaultImageSpecVersion = '1.1.1';

export function parsePlatform(s: string): PlatformSelector {
  const parts = s.split('/');
  if (parts.length < 2 || parts.length > 3 || parts.some((p) => p === '')) {
    throw new SelectionError(`--platform: expected os/arch[/variant] but found ${JSON.stringify(s)}`);
  }
  return { os: parts[0]!, architecture: parts[1]!, ...(parts[2] ? { variant: parts[2] } : {}) };
}

export function platformMatches(p: unknown, sel: PlatformSelector): boolean {
  if (!isObject(p)) return true; // SPEC: an entry without platform is not platform-specific
  if (p.os !== sel.os || p.architecture !== sel.architecture) return false;
  return sel.variant === undefined || p.variant === sel.variant;
}

class Cases {
  private readonly map = new Map<string, CaseResult>();
  private readonly seen = new Map<string, Set<string>>();
  constructor(private readonly specVersion: string) {}

  run<C>(rule: ImageRule, group: string, base: Omit<C, 'report'>, locate: (a: ReportArgs) => Location): void {
    if (rule.since && compareVersions(this.specVersion, rule.since) < 0) return;
    if (rule.until && compareVersions(this.specVersion, rule.until) >= 0) return;
    const key = `${rule.id}\0${group}`;
    let c = this.map.get(key);
    if (!c) {
      c = {
        id: rule.id,
        group,
        requirements: [...rule.requirements],
        status: 'pass',
        findings: [],
        durationMs: 0,
        evidence: {},
      };
      this.map.set(key, c);
    }
    const cr = c;
    let seen = this.seen.get(key);
    if (!seen) {
      seen = new Set<string>();
      this.seen.set(key, seen);
    }
    const t0 = performance.now();
    const report = (a: ReportArgs): void => {
      const reqs = (a.requirements ?? rule.requirements) as RequirementId[];
      const first = reqs[0];
      const f: Finding = {
        rule: rule.id,
        requirements: [...reqs],
        level: a.level ?? (first ? findingLevelOf(requirement(first)) : 'hazard'),
        location: locate(a),
        message: a.message,
        ...(a.expected !== undefined ? { expected: a.expected } : {}),
        ...(a.actual !== undefined ? { actual: a.actual } : {}),
      };
      // A layer or blob shared by several manifests is judged once per reference: keep one copy.
      const key = JSON.stringify([f.location, f.message, f.requirements]);
      if (seen.has(key)) return;
      seen.add(key);
      cr.findings.push(f);
    };
    try {
      (rule.check as (ctx: unknown) => void)({ ...base, report });
    } catch (e) {
      cr.status = 'error';
      cr.reason = `rule crashed: ${(e as Error).message}`;
    }
    cr.durationMs += performance.now() - t0;
  }

  all(): CaseResult[] {
    return [...this.map.values()].map((c) => ({ ...c, durationMs: Math.round(c.durationMs * 1000) / 1000 }));
  }
}

function docLocation(doc: JsonDocument, a: ReportArgs, digest?: string): Location {
  const d = a.doc ?? doc;
  const pointer = a.pointer ?? '';
  let pos = { line: 1, column: 1 };
  try {
    pos = a.atKey ? d.locateKey(pointer) : d.locate(pointer);
  } catch {
    // a pointer into a value that is not there: the document start
  }
  const dg = a.doc && a.doc !== doc ? undefined : digest;
  return {
    kind: 'document',
    file: d.file,
    pointer,
    line: pos.line,
    column: pos.column,
    ...(dg ? { digest: dg } : {}),
  };
}

/** Blob path of a digest string, when it has one. */
export function blobPathOf(digest: unknown): string | undefined {
  if (typeof digest !== 'string') return undefined;
  const d = parseDigest(digest);
  return d.grammar ? `blobs/${d.algorithm}/${d.encoded}` : undefined;
}

type LayerJob = { ref: DescriptorRef; index: number; config?: { doc: JsonDocument; value: any } };

/** Validate the image at `path` (a layout directory or an oci-archive file). */
export async function validateImage(path: string, opts: ValidateImageOptions): Promise<ValidateImageResult> {
  const source = await openImage(path);
  return validateSource(source, opts);
}

export async function validateSource(
  source: ImageSource,
  opts: ValidateImageOptions,
): Promise<ValidateImageResult> {
  const specVersion = opts.specVersion ?? defaultImageSpecVersion;
  const rules = opts.rules;
  const sparse = opts.sparse ?? false;
  const cases = new Cases(specVersion);
  const errors: string[] = [];
  const referenced = new Set<string>();
  const parsed = new Map<string, JsonDocument>();
  const layerJobs = new Map<string, LayerJob[]>();
  const hashJobs = new Map<string, DescriptorRef[]>();
  const scans = new Map<string, LayerScan>();
  /** Manifests with more than one layer, for the checks across layers once every layer is scanned. */
  const stacks: { doc: JsonDocument; value: any }[] = [];
  const selecting = opts.ref !== undefined || opts.platform !== undefined;
  const base = { specVersion, sparse };

  const byScope = <S extends ImageRule['scope']>(s: S) =>
    rules.filter((r) => r.scope === s) as Extract<ImageRule, { scope: S }>[];
  const docRules = byScope('document');

  const runDocRules = (doc: JsonDocument, kind: ImageDocKind, extra: Partial<DocumentContext>): void => {
    const group = doc.file;
    for (const r of docRules) {
      if (!r.kinds.includes(kind)) continue;
      cases.run<DocumentContext>(
        r,
        group,
        { ...base, doc, value: doc.value, kind, isLayoutIndex: false, ...extra },
        (a) => docLocation(doc, a, extra.digest),
      );
    }
  };

  const runBlobRules = (ctx: Omit<BlobContext, 'report' | 'specVersion' | 'sparse'>): void => {
    const ref = ctx.descriptor;
    const group = ref.blobPath ?? ref.doc.file;
    for (const r of byScope('blob')) {
      cases.run<BlobContext>(r, group, { ...base, ...ctx }, (a) => docLocation(ref.doc, a));
    }
  };

  const parseDoc = (bytes: Buffer, file: string): JsonDocument => readJson(bytes, file);

  // 1. The layout's own files.
  const layoutState = (n: 'oci-layout' | 'index.json') => {
    const t = source.top[n];
    return !t ? 'missing' : t.isDirectory ? 'directory' : t.tooLarge ? 'too-large' : 'present';
  };
  let layoutDoc: JsonDocument | undefined;
  const ol = source.top['oci-layout'];
  if (ol?.bytes) {
    layoutDoc = parseDoc(ol.bytes, 'oci-layout');
    runDocRules(layoutDoc, 'layout', {});
  }

  // 2. The blob graph from index.json.
  const visitDoc = async (
    ref: DescriptorRef,
    kind: ImageDocKind,
    parentEntry?: DescriptorRef,
  ): Promise<JsonDocument | undefined> => {
    const bp = ref.blobPath!;
    const cached = parsed.get(bp);
    if (cached) return cached;
    const bytes = await source.readBlob(bp, maxJsonBytes);
    if (!bytes) {
      const blob = source.blobs.get(bp);
      if (blob && !blob.notFile && blob.size > maxJsonBytes)
        runBlobRules({ descriptor: ref, blob, tooLargeToParse: true });
      return undefined;
    }
    const doc = parseDoc(bytes, bp);
    parsed.set(bp, doc);
    runDocRules(doc, kind, { descriptor: ref, digest: ref.value.digest });
    if (kind === 'index') await walkIndex(doc, false);
    else if (kind === 'manifest') await walkManifest(doc, parentEntry ?? ref);
    return doc;
  };

  /** Verify a descriptor's blob when it is small enough to read; queue it otherwise. */
  const checkBlob = async (ref: DescriptorRef, queueAsLayer?: LayerJob): Promise<boolean> => {
    const v = ref.value;
    if (!isObject(v) || typeof v.digest !== 'string') return false;
    const bp = blobPathOf(v.digest);
    if (!bp) return false;
    ref.blobPath = bp;
    referenced.add(bp);
    const blob = source.blobs.get(bp);
    if (!blob || blob.notFile) {
      runBlobRules({ descriptor: ref });
      return false;
    }
    if (queueAsLayer) {
      const list = layerJobs.get(bp) ?? [];
      list.push(queueAsLayer);
      layerJobs.set(bp, list);
      return true;
    }
    if (blob.size <= maxJsonBytes) {
      const bytes = await source.readBlob(bp, maxJsonBytes);
      const alg = parseDigest(v.digest).algorithm;
      const computedDigest = bytes && hasherFor(alg) ? digestOf(bytes, alg) : undefined;
      runBlobRules({
        descriptor: ref,
        blob,
        ...(computedDigest ? { computedDigest } : {}),
        readSize: bytes?.length ?? 0,
      });
    } else {
      const list = hashJobs.get(bp) ?? [];
      list.push(ref);
      hashJobs.set(bp, list);
    }
    return true;
  };

  const walkIndex = async (doc: JsonDocument, isLayoutIndex: boolean): Promise<void> => {
    const value = doc.value;
    if (!isObject(value)) return;
    let entries = [...descriptorsOf(value)].filter((d) => d.role === 'manifest' || d.role === 'subject');
    if (isLayoutIndex && opts.ref !== undefined) {
      entries = entries.filter(
        (d) =>
          d.role === 'manifest' &&
          isObject(d.value?.annotations) &&
          d.value.annotations['org.opencontainers.image.ref.name'] === opts.ref,
      );
      if (entries.length === 0)
        throw new SelectionError(
          `--ref: no index.json entry has org.opencontainers.image.ref.name ${JSON.stringify(opts.ref)}`,
        );
    }
    if (opts.platform)
      entries = entries.filter(
        (d) => d.role !== 'manifest' || platformMatches(d.value?.platform, opts.platform!),
      );
    for (const e of entries) {
      const ref: DescriptorRef = { value: e.value, doc, pointer: e.pointer, role: e.role };
      const present = await checkBlob(ref);
      if (!present) continue;
      const mtype = e.value.mediaType;
      if (isIndexType(mtype)) await visitDoc(ref, 'index');
      else if (isManifestType(mtype)) await visitDoc(ref, 'manifest', ref);
      // SPEC: an unknown media type is not an error (image-index.md); its blob is still verified.
    }
  };

  const walkManifest = async (doc: JsonDocument, entry: DescriptorRef): Promise<void> => {
    const value = doc.value;
    if (!isObject(value)) return;
    let config: { doc: JsonDocument; value: any } | undefined;
    if (isObject(value.config)) {
      const ref: DescriptorRef = { value: value.config, doc, pointer: '/config', role: 'config' };
      const present = await checkBlob(ref);
      if (present && value.config.mediaType === mt.config) {
        const cdoc = await visitDoc(ref, 'config');
        if (cdoc) config = { doc: cdoc, value: cdoc.value };
      }
    }
    if (Array.isArray(value.layers)) {
      for (let i = 0; i < value.layers.length; i++) {
        const ref: DescriptorRef = { value: value.layers[i], doc, pointer: `/layers/${i}`, role: 'layer' };
        await checkBlob(ref, { ref, index: i, ...(config ? { config } : {}) });
      }
    }
    if (isObject(value.subject)) {
      const ref: DescriptorRef = { value: value.subject, doc, pointer: '/subject', role: 'subject' };
      const v = value.subject;
      const bp = blobPathOf(v.digest);
      // SPEC: a subject often lives outside the layout (referrers); only a present one is followed.
      if (bp && source.blobs.has(bp)) {
        await checkBlob(ref);
        if (isManifestType(v.mediaType)) await visitDoc(ref, 'manifest', ref);
        else if (isIndexType(v.mediaType)) await visitDoc(ref, 'index');
      }
    }
    for (const r of byScope('image')) {
      cases.run(
        r,
        doc.file,
        { ...base, manifest: { doc, value }, ...(config ? { config } : {}), entry },
        (a) => docLocation(doc, a),
      );
    }
    if (Array.isArray(value.layers) && value.layers.length > 1) stacks.push({ doc, value });
  };

  const ix = source.top['index.json'];
  if (ix?.bytes) {
    const doc = parseDoc(ix.bytes, 'index.json');
    parsed.set('index.json', doc);
    runDocRules(doc, 'index', { isLayoutIndex: true });
    await walkIndex(doc, true);
  }

  // 3. Layers and large opaque blobs, one streaming pass.
  const unreferenced = new Map<string, string>();
  const toHashUnreferenced = selecting
    ? []
    : [...source.blobs.values()].filter((b) => !b.notFile && !referenced.has(b.path)).map((b) => b.path);
  const streamSet = new Set([...layerJobs.keys(), ...hashJobs.keys(), ...toHashUnreferenced]);
  try {
    await source.streamBlobs(streamSet, async (bp, data) => {
      const jobs = layerJobs.get(bp);
      const alg = bp.split('/')[1] ?? 'sha256';
      if (jobs) {
        const first = jobs[0]!;
        const declared = layerCompression(String(first.ref.value.mediaType));
        const diffId = first.config?.value?.rootfs?.diff_ids?.[first.index];
        const diffIdAlgorithm =
          typeof diffId === 'string' && hasherFor(parseDigest(diffId).algorithm)
            ? parseDigest(diffId).algorithm
            : 'sha256';
        const scan = await scanLayer(data, {
          declared,
          digestAlgorithm: alg,
          diffIdAlgorithm,
          ...(opts.maxUncompressedBytes ? { maxUncompressedBytes: opts.maxUncompressedBytes } : {}),
          model: declared !== undefined,
        });
        scans.set(bp, scan);
        if (scan.error?.code === 'zstd-unavailable') errors.push(`${bp}: ${scan.error.message}`);
        for (const j of jobs) {
          const blob = source.blobs.get(bp)!;
          const computedDigest = scan.compressedDigest;
          runBlobRules({
            descriptor: j.ref,
            blob,
            ...(computedDigest ? { computedDigest } : {}),
            readSize: scan.compressedSize,
          });
          for (const r of byScope('layer')) {
            const dg = String(j.ref.value.digest);
            cases.run<LayerContext>(
              r,
              bp,
              { ...base, descriptor: j.ref, scan, index: j.index, ...(j.config ? { config: j.config } : {}) },
              (a) =>
                a.path !== undefined || a.offset !== undefined || a.pointer === undefined
                  ? {
                      kind: 'layer',
                      file: bp,
                      digest: dg,
                      ...(a.path !== undefined ? { path: a.path } : {}),
                      ...(a.offset !== undefined ? { offset: a.offset } : {}),
                    }
                  : docLocation(a.doc ?? j.ref.doc, a),
            );
          }
        }
        return;
      }
      const h = hasherFor(alg);
      let n = 0;
      for await (const c of data) {
        n += c.length;
        h?.update(c);
      }
      const computed = h ? `${alg}:${h.digest('hex')}` : undefined;
      const refs = hashJobs.get(bp);
      if (refs) {
        for (const ref of refs)
          runBlobRules({
            descriptor: ref,
            blob: source.blobs.get(bp)!,
            ...(computed ? { computedDigest: computed } : {}),
            readSize: n,
          });
      } else if (computed) unreferenced.set(bp, computed);
    });
  } catch (e) {
    errors.push(`reading blobs: ${(e as Error).message}`);
  }

  // 3b. Across the layers of each image, on what the scans kept; then the kept changes are let go.
  for (const { doc, value } of stacks) {
    const layers = (value.layers as any[]).map((v, i) => {
      const bp = isObject(v) ? blobPathOf(v.digest) : undefined;
      const scan = bp ? scans.get(bp) : undefined;
      const descriptor: DescriptorRef = { value: v, doc, pointer: `/layers/${i}`, role: 'layer' };
      if (bp) descriptor.blobPath = bp;
      return { descriptor, ...(scan ? { scan } : {}) };
    });
    const { problems, counts } = stackProblems(layers.map((l) => l.scan?.changes));
    for (const r of byScope('stack')) {
      cases.run<StackContext>(
        r,
        doc.file,
        { ...base, manifest: { doc, value }, layers, problems, counts },
        (a) => {
          const l = a.layer === undefined ? undefined : layers[a.layer];
          return l?.descriptor.blobPath
            ? {
                kind: 'layer',
                file: l.descriptor.blobPath,
                digest: String(l.descriptor.value.digest),
                ...(a.path !== undefined ? { path: a.path } : {}),
                ...(a.offset !== undefined ? { offset: a.offset } : {}),
              }
            : docLocation(a.doc ?? doc, a);
        },
      );
    }
  }
  for (const scan of scans.values()) delete scan.changes;

  // 4. Layout-wide rules.
  for (const r of byScope('layout')) {
    const group = source.kind === 'archive' ? source.path : '.';
    cases.run(
      r,
      group,
      {
        ...base,
        ...(layoutDoc ? { layoutDoc } : {}),
        blobs: source.blobs,
        referenced: selecting ? new Set(source.blobs.keys()) : referenced,
        duplicateEntries: source.duplicateEntries,
        hasBlobsDir: source.hasBlobsDir,
        top: { 'oci-layout': layoutState('oci-layout'), 'index.json': layoutState('index.json') },
        container: source.kind,
        unreferencedDigests: unreferenced,
        ...(source.containerError ? { containerError: source.containerError } : {}),
      },
      (a) =>
        a.doc
          ? docLocation(a.doc, a)
          : { kind: 'file', file: a.path ? `${source.path}/${a.path}` : source.path },
    );
  }
  return { cases: cases.all(), errors, specVersion, scans };
}
