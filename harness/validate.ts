// The validate engine: runtime config.json / state / features documents and bundles, read with
// positions, checked by the JSON Schema of their spec version and by the semantic rules.
import { readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { CaseResult, Finding, Location } from '../model/report.js';
import type { JsonDocument, ReadProblem } from './json/types.js';
import { readJson } from './json/read.js';
import { resolveSpecVersion, validateDocument } from '../schemas/index.js';
import { applyRules } from './config/run.js';
import { findingLevelOf, registry } from '../requirements/index.js';
import type { BundleView, ConfigRule, DocumentKind, HostView } from './config/rule.js';
import { makeBundleView, makeHostView } from './config/views.js';

export interface ValidateOptions {
  /** The semantic rules to apply (the suite's list is `suites/config/index.ts`; the CLI passes it). */
  rules: readonly ConfigRule[];
  /** Document kind; detected from the content when absent (never from the file name). */
  kind?: DocumentKind;
  /** `--spec-version`: overrides the document's declared version. */
  specVersion?: string;
  /** `--host-specific`: also check against this host. */
  hostSpecific?: boolean;
}

export interface ValidatedFile {
  file: string;
  kind: DocumentKind;
  /** Version the document was judged against. */
  specVersion: string;
  cases: CaseResult[];
}

/** Rule ids of the checks that are not semantic rules. */
export const READ_RULE = 'json.read';
export const SCHEMA_RULE = 'schema';

const readRequirements: Record<ReadProblem['code'], string[]> = {
  'json.syntax': [],
  'json.trailing-data': [],
  'json.empty': [],
  'json.utf8': ['glossary.json.utf8'],
  'json.bom': ['glossary.json.utf8'],
  'json.duplicate-key': ['glossary.json.no-duplicate-names'],
};

let hostView: HostView | undefined;

/** Schema keywords whose failure means an invalid value (config.md "Valid values"). */
const INVALID_VALUE_KEYWORDS = new Set([
  'type',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'pattern',
]);
const VALID_VALUES = 'config.valid-values.error';

/** Validate a path given on the command line: a document file, or a bundle directory. */
export function validatePath(path: string, opts: ValidateOptions): ValidatedFile {
  let isDir = false;
  try {
    isDir = statSync(path).isDirectory();
  } catch (err) {
    throw new InputError(
      `${path}: expected a config.json, state or features file, or a bundle directory, but ${describeFsError(err)}`,
    );
  }
  if (!isDir) return validateBytes(readInput(path), path, opts);
  const configPath = join(path, 'config.json');
  const bundle = makeBundleView(resolve(path));
  let bytes: Buffer;
  try {
    bytes = readFileSync(configPath);
  } catch (err) {
    const location: Location = { kind: 'file', file: configPath };
    return {
      file: configPath,
      kind: 'config',
      specVersion: resolveSpecVersion(undefined, opts.specVersion).version,
      cases: [
        caseOf(
          'bundle.config',
          configPath,
          ['bundle.config-required', 'bundle.config-at-root'],
          [
            {
              rule: 'bundle.config',
              requirements: ['bundle.config-required', 'bundle.config-at-root'],
              level: 'must',
              location,
              message: `expected config.json at the root of the bundle but ${describeFsError(err)}`,
            },
          ],
        ),
      ],
    };
  }
  return validateBytes(bytes, configPath, { ...opts, kind: opts.kind ?? 'config' }, bundle);
}

/** Validate one document's bytes (the hot path of the throughput benchmark). */
export function validateBytes(
  bytes: Uint8Array,
  file: string,
  opts: ValidateOptions,
  bundle?: BundleView,
): ValidatedFile {
  const doc = readJson(bytes, file);
  const kind = opts.kind ?? detectKind(file, doc.value);
  const cases: CaseResult[] = [];

  cases.push(
    caseOf(
      READ_RULE,
      file,
      ['glossary.json.utf8', 'glossary.json.no-duplicate-names'],
      doc.problems.map((p) => ({
        rule: p.code,
        requirements: readRequirements[p.code],
        level: 'must' as const,
        location: {
          kind: 'document' as const,
          file,
          pointer: p.pointer,
          line: p.position.line,
          column: p.position.column,
        },
        message: p.message,
      })),
    ),
  );
  const declared = declaredVersion(kind, doc.value);
  const resolved = resolveSpecVersion(declared, opts.specVersion);
  if (doc.problems.some((p) => p.fatal)) {
    return { file, kind, specVersion: resolved.version, cases };
  }

  const schemaErrors = validateDocument(kind, resolved.version, doc.value, {
    // a features document newer than our newest schema may carry properties we do not know yet
    ignoreUnknownProperties: resolved.newer === true,
  });
  const schemaFindings: Finding[] = schemaErrors.map((e) => {
    const pos = e.atKey ? doc.locateKey(e.pointer) : doc.locate(e.pointer);
    const first = e.requirements[0] !== undefined ? registry.get(e.requirements[0]) : undefined;
    // SPEC: config.md "Valid values": runtimes MUST generate an error on invalid values. A value of the
    // wrong JSON type, outside its integer type's range, or not in the format the spec gives (pattern) is
    // invalid whatever the level of the requirement its schema node cites: an error, citing that rule too.
    const invalid = kind === 'config' && INVALID_VALUE_KEYWORDS.has(e.keyword);
    const requirements =
      invalid && !e.requirements.includes(VALID_VALUES) ? [...e.requirements, VALID_VALUES] : e.requirements;
    return {
      rule: `${SCHEMA_RULE}.${e.keyword}`,
      requirements,
      level: invalid ? 'must' : first ? findingLevelOf(first) : 'must',
      location: { kind: 'document', file, pointer: e.pointer, line: pos.line, column: pos.column },
      message: e.message,
      ...(e.expected !== undefined ? { expected: e.expected } : {}),
      ...(e.actual !== undefined ? { actual: e.actual } : {}),
    };
  });
  if (resolved.warning) {
    const pointer = kind === 'features' ? '/ociVersionMax' : '/ociVersion';
    const pos = doc.locate(pointer);
    schemaFindings.push({
      rule: `${SCHEMA_RULE}.spec-version`,
      requirements: [],
      level: 'hazard',
      location: { kind: 'document', file, pointer, line: pos.line, column: pos.column },
      message: resolved.warning,
      expected: opts.specVersion ? undefined : 'a known runtime-spec version',
      actual: declared,
    });
  }
  cases.push(caseOf(SCHEMA_RULE, file, [], schemaFindings));

  const host = opts.hostSpecific ? (hostView ??= makeHostView()) : undefined;
  for (const { rule, findings } of applyRules({
    doc,
    kind,
    specVersion: resolved.version,
    bundle,
    host,
    rules: opts.rules,
  })) {
    cases.push(caseOf(rule.id, file, rule.requirements, findings));
  }
  return { file, kind, specVersion: resolved.version, cases };
}

function caseOf(id: string, file: string, requirements: string[], findings: Finding[]): CaseResult {
  return { id, group: file, requirements, status: 'pass', findings, durationMs: 0, evidence: {} };
}

/** A bad input the user gave (missing file, unreadable): reported as a tool-level error (exit 3). */
export class InputError extends Error {
  override name = 'InputError';
}

function readInput(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (err) {
    throw new InputError(`${path}: expected a readable file but ${describeFsError(err)}`);
  }
}

function describeFsError(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
      return 'it does not exist';
    case 'EACCES':
      return 'permission was denied';
    case 'EISDIR':
      return 'it is a directory';
    default:
      return `reading it failed (${code ?? (err as Error).message})`;
  }
}

function declaredVersion(kind: DocumentKind, value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const v =
    kind === 'features'
      ? (value as Record<string, unknown>).ociVersionMax
      : (value as Record<string, unknown>).ociVersion;
  return typeof v === 'string' ? v : undefined;
}

/** config.json, state.json or features.json by name; otherwise by the members present. */
/**
 * The kind of a document from its content alone (never from words in its file name: a config saved as
 * `stateless-app.json` is a config): a features document declares `ociVersionMin` or `ociVersionMax`; a
 * state has `status` with `id`, `bundle` or `pid` and none of a config's top-level members; anything
 * else is judged as a config. `--kind` overrides.
 */
export function detectKind(_file: string, value: unknown): DocumentKind {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const o = value as Record<string, unknown>;
    if ('ociVersionMin' in o || 'ociVersionMax' in o) return 'features';
    const configMembers = ['process', 'root', 'mounts', 'hooks', 'linux', 'hostname', 'windows'];
    if ('status' in o && ('id' in o || 'bundle' in o || 'pid' in o) && !configMembers.some((k) => k in o))
      return 'state';
  }
  return 'config';
}

export type { JsonDocument };
