// Entry point of schemas/: the runtime-spec JSON Schemas per version, validated once-compiled
// (pre-generated ajv standalone code when present, else ajv at run time), with mapped errors.
import { createRequire } from 'node:module';
import { compareCore, hoistDefinitions, type Schema } from './runtime/dsl.js';
import { configSchema } from './runtime/config.js';
import { stateSchema } from './runtime/state.js';
import { featuresSchema } from './runtime/features.js';
import { makeAjv, stripAnnotations } from './compile.js';
import { mapErrors, type RawError, type SchemaError } from './errors.js';
import { isKnownSpecVersion, knownSpecVersions, type KnownSpecVersion } from './versions.js';

export {
  knownSpecVersions,
  resolveSpecVersion,
  latestSpecVersion,
  type KnownSpecVersion,
} from './versions.js';
export type { SchemaError } from './errors.js';

/** The documents we have schemas for. */
export type DocumentKind = 'config' | 'state' | 'features';
export const documentKinds: readonly DocumentKind[] = ['config', 'state', 'features'];

/** A compiled validator as ajv (and its standalone code) exposes it. */
type ValidateFn = ((data: unknown) => boolean) & { errors?: RawError[] | null };

const require = createRequire(import.meta.url);
const schemas = new Map<string, Schema>();
const validators = new Map<string, ValidateFn>();

/**
 * The version whose schema is used for (kind, version). SPEC: the features document exists since
 * 1.1.0; an older declared version (runc 1.1 prints ociVersionMax "1.0.2-dev") uses 1.1.0.
 */
export function effectiveVersion(kind: DocumentKind, version: string): KnownSpecVersion {
  if (!isKnownSpecVersion(version)) {
    throw new Error(
      `unknown spec version ${JSON.stringify(version)}: expected one of ${knownSpecVersions.join(', ')}`,
    );
  }
  if (kind === 'features' && compareCore(version, '1.1.0') < 0) return '1.1.0';
  return version;
}

/** The JSON Schema object for (kind, version), built once. */
export function schemaFor(kind: DocumentKind, version: string): Schema {
  const v = effectiveVersion(kind, version);
  const key = `${kind}-${v}`;
  let s = schemas.get(key);
  if (!s) {
    s = hoistDefinitions(
      kind === 'config' ? configSchema(v) : kind === 'state' ? stateSchema(v) : featuresSchema(v),
    );
    schemas.set(key, s);
  }
  return s;
}

/** File name of the generated standalone validator for (kind, version). */
export function generatedFileName(kind: DocumentKind, version: string): string {
  return `${kind}-${version}.cjs`;
}

function loadGenerated(file: string): ValidateFn | undefined {
  // From the sources (schemas/index.ts) and from the build (dist/schemas/index.js).
  for (const rel of [`./generated/${file}`, `../../schemas/generated/${file}`]) {
    try {
      const m = require(rel) as { default?: ValidateFn } & ValidateFn;
      return (m.default ?? m) as ValidateFn;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'MODULE_NOT_FOUND') throw err;
    }
  }
  return undefined;
}

/** The validator for (kind, version): generated code if present, else compiled with ajv; once per process. */
export function validatorFor(kind: DocumentKind, version: string): ValidateFn {
  const v = effectiveVersion(kind, version);
  const key = `${kind}-${v}`;
  let fn = validators.get(key);
  if (!fn) {
    fn =
      process.env.OCI_CONFORM_SCHEMA_COMPILE === '1' ? undefined : loadGenerated(generatedFileName(kind, v));
    if (!fn) fn = compileWithAjv(kind, v);
    validators.set(key, fn);
  }
  return fn;
}

function compileWithAjv(kind: DocumentKind, version: KnownSpecVersion): ValidateFn {
  return makeAjv().compile(stripAnnotations(schemaFor(kind, version))) as unknown as ValidateFn;
}

/** Options of validateDocument. */
export interface ValidateOptions {
  /**
   * Drop errors about properties the schema does not define (only the features document forbids
   * them). Set it when the document declares a version newer than the schema used
   * (`resolveSpecVersion(...).newer`): its extra properties may be legitimate.
   * @default false
   */
  ignoreUnknownProperties?: boolean;
}

/**
 * Validates a parsed document against the schema of `kind` for spec `version` (a known version:
 * use resolveSpecVersion first; throws otherwise). Returns mapped errors, sorted by pointer; []
 * when valid.
 */
export function validateDocument(
  kind: DocumentKind,
  version: string,
  value: unknown,
  options: ValidateOptions = {},
): SchemaError[] {
  const fn = validatorFor(kind, version);
  if (fn(value)) return [];
  const v = effectiveVersion(kind, version);
  const errors = mapErrors(schemaFor(kind, v), kind, v, fn.errors ?? [], value);
  return options.ignoreUnknownProperties
    ? errors.filter((e) => e.keyword !== 'additionalProperties')
    : errors;
}

const defined = new Map<string, Map<string, boolean>>();

/**
 * Whether the schema of (kind, version) defines the member at a JSON pointer (array indices and map keys
 * follow `items` and `additionalProperties`). Rules that judge values use it to leave alone what the
 * declared version does not define: unknown properties MUST be ignored (config.md "Extensibility").
 */
export function definesPointer(kind: DocumentKind, version: string, pointer: string): boolean {
  const key = `${kind}-${effectiveVersion(kind, version)}`;
  let memo = defined.get(key);
  if (!memo) defined.set(key, (memo = new Map()));
  const hit = memo.get(pointer);
  if (hit !== undefined) return hit;
  const root = schemaFor(kind, version) as Record<string, any>;
  const tokens =
    pointer === ''
      ? []
      : pointer
          .slice(1)
          .split('/')
          .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
  const resolve = (s: any): any[] => {
    if (s === null || typeof s !== 'object') return [];
    if (typeof s.$ref === 'string' && s.$ref.startsWith('#/definitions/'))
      return resolve(root.definitions?.[s.$ref.slice('#/definitions/'.length)]);
    const branches = [...(s.anyOf ?? []), ...(s.oneOf ?? []), ...(s.allOf ?? [])];
    for (const k of ['then', 'else']) if (s[k]) branches.push(s[k]);
    return [s, ...branches.flatMap(resolve)];
  };
  let current: any[] = resolve(root);
  for (const t of tokens) {
    const next: any[] = [];
    for (const s of current) {
      if (s.properties && Object.prototype.hasOwnProperty.call(s.properties, t))
        next.push(...resolve(s.properties[t]));
      else if (/^\d+$/.test(t) && s.items && typeof s.items === 'object') next.push(...resolve(s.items));
      else if (s.additionalProperties && typeof s.additionalProperties === 'object')
        next.push(...resolve(s.additionalProperties));
    }
    if (next.length === 0) {
      memo.set(pointer, false);
      return false;
    }
    current = next;
  }
  memo.set(pointer, true);
  return true;
}
