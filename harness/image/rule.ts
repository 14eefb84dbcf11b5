// An image rule is a value: id, the requirements it enforces, the scope it runs on, and a check.
// One rule per file in this folder; ./index.ts lists them (STYLE.md "A check is a value").
import type { FindingLevel } from '../../model/report.js';
import type { JsonDocument } from '../json/types.js';
import type { BlobEntry } from './source.js';
import type { LayerScan } from './layer-scan.js';
import type { StackProblem, StackProblemCode } from './layer-stack.js';
import type { RequirementId } from '../../requirements/index.js';

/** The kinds of JSON document an image holds. */
export type ImageDocKind = 'layout' | 'index' | 'manifest' | 'config';

/** A descriptor as it appears in its parent document. */
export interface DescriptorRef {
  /** The descriptor object (loosely typed: shapes must be checked). */
  value: any;
  /** The parent document (index.json, an index, a manifest). */
  doc: JsonDocument;
  /** JSON pointer of the descriptor in the parent. */
  pointer: string;
  /** `manifests` entry, `config`, `layers` entry, or `subject`. */
  role: 'manifest' | 'config' | 'layer' | 'subject';
  /** The blob path it names, when its digest has a path form (`blobs/<alg>/<encoded>`). */
  blobPath?: string;
}

export interface ReportArgs {
  /** Document findings: JSON pointer in `doc` (default: the context's document). */
  pointer?: string;
  doc?: JsonDocument;
  /** Layer findings: the tar entry path and header offset. */
  path?: string;
  offset?: number;
  /** Findings across layers: the index (in the manifest) of the layer the entry is in. */
  layer?: number;
  /** Default: the rule's own list. */
  requirements?: RequirementId[];
  /** Default: the RFC 2119 class of the first requirement. */
  level?: FindingLevel;
  message: string;
  expected?: unknown;
  actual?: unknown;
  atKey?: boolean;
}

interface BaseContext {
  specVersion: string;
  /** `--sparse`: the layout may lack referenced blobs. */
  sparse: boolean;
  report(args: ReportArgs): void;
}

/** A JSON document (oci-layout, index.json, an index, a manifest, a config). */
export interface DocumentContext extends BaseContext {
  doc: JsonDocument;
  value: any;
  kind: ImageDocKind;
  /** The document is the layout's index.json. */
  isLayoutIndex: boolean;
  /** The descriptor that led here (undefined for oci-layout and index.json). */
  descriptor?: DescriptorRef;
  digest?: string;
}

/** The blob a descriptor references, as found in the layout. */
export interface BlobContext extends BaseContext {
  descriptor: DescriptorRef;
  /** Undefined when the layout does not hold it. */
  blob?: BlobEntry;
  /** Digest computed over the blob with the descriptor's algorithm (undefined: not computed). */
  computedDigest?: string;
  /** Bytes actually read (may differ from `blob.size` when reading failed). */
  readSize?: number;
  /** The blob is a JSON document too large to parse (bounded memory). */
  tooLargeToParse?: boolean;
}

/** One layer of a manifest after its streaming scan. */
export interface LayerContext extends BaseContext {
  descriptor: DescriptorRef;
  scan: LayerScan;
  /** Index of the layer in the manifest. */
  index: number;
  /** The image config, when it is an OCI image config that parsed. */
  config?: { doc: JsonDocument; value: any };
}

/** A manifest with its config and the index entry that pointed at it. */
export interface ImageContext extends BaseContext {
  manifest: { doc: JsonDocument; value: any };
  config?: { doc: JsonDocument; value: any };
  entry?: DescriptorRef;
}

/** A manifest's layers after their scans, bottom first, with the problems found across them. */
export interface StackContext extends BaseContext {
  manifest: { doc: JsonDocument; value: any };
  layers: { descriptor: DescriptorRef; scan?: LayerScan }[];
  problems: StackProblem[];
  counts: Partial<Record<StackProblemCode, number>>;
}

/** The whole layout after the graph walk. */
export interface LayoutContext extends BaseContext {
  layoutDoc?: JsonDocument;
  blobs: Map<string, BlobEntry>;
  /** Blob paths some descriptor references. */
  referenced: Set<string>;
  /** Duplicate entries in an archive container. */
  duplicateEntries: string[];
  hasBlobsDir: boolean;
  top: Record<'oci-layout' | 'index.json', 'present' | 'missing' | 'directory' | 'too-large'>;
  container: 'layout' | 'archive';
  /** Blob path -> computed digest for unreferenced blobs that were hashed. */
  unreferencedDigests: Map<string, string>;
  /** The archive container could not be read to its end. */
  containerError?: { code: string; message: string; offset: number };
}

interface RuleBase {
  /** Stable rule id, e.g. `image.manifest.media-type`. */
  id: string;
  /** One line: what the rule checks. */
  title: string;
  requirements: RequirementId[];
  /** Spec versions the rule applies to (inclusive since, exclusive until). */
  since?: string;
  until?: string;
}

export type ImageRule =
  | (RuleBase & { scope: 'document'; kinds: ImageDocKind[]; check(ctx: DocumentContext): void })
  | (RuleBase & { scope: 'blob'; check(ctx: BlobContext): void })
  | (RuleBase & { scope: 'layer'; check(ctx: LayerContext): void })
  | (RuleBase & { scope: 'image'; check(ctx: ImageContext): void })
  | (RuleBase & { scope: 'stack'; check(ctx: StackContext): void })
  | (RuleBase & { scope: 'layout'; check(ctx: LayoutContext): void });

export function defineImageRule<R extends ImageRule>(rule: R): R {
  return rule;
}

/** Iterate every descriptor of an index or manifest value with its pointer and role. */
export function* descriptorsOf(
  value: any,
): Generator<{ value: any; pointer: string; role: DescriptorRef['role'] }> {
  if (value === null || typeof value !== 'object') return;
  if (Array.isArray(value.manifests))
    for (let i = 0; i < value.manifests.length; i++)
      yield { value: value.manifests[i], pointer: `/manifests/${i}`, role: 'manifest' };
  if (isObject(value.config)) yield { value: value.config, pointer: '/config', role: 'config' };
  if (Array.isArray(value.layers))
    for (let i = 0; i < value.layers.length; i++)
      yield { value: value.layers[i], pointer: `/layers/${i}`, role: 'layer' };
  if (value.subject !== undefined && value.subject !== null)
    yield { value: value.subject, pointer: '/subject', role: 'subject' };
}

/** Is `v` a plain JSON object? */
export function isObject(v: unknown): v is Record<string, any> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
