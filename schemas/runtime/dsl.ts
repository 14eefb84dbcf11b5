// Small builders for the runtime-spec JSON Schemas: typed leaves (uint32, absolute path...) and the
// annotations our error mapper reads (`x-requirement`, `x-int`, `x-format`).
import { compareVersions } from '../../model/version.js';

/** A JSON Schema node (draft-07) as a plain object. */
export type Schema = Record<string, unknown>;

/**
 * Requirement ids attached to a schema node. A list applies to every keyword of the node; an
 * object maps an ajv keyword (`required`, `pattern`, `minItems`...) to ids, `*` being the default.
 * For a `required` or `dependencies` error the mapper first looks at the missing property's own
 * schema (its `required` entry, else its `*`).
 */
export type RequirementAnnotation = readonly string[] | Readonly<Record<string, readonly string[]>>;

/** Annotation keywords we add to schemas; registered with ajv as annotation-only keywords. */
export const annotationKeywords = ['x-requirement', 'x-int', 'x-format'] as const;

/** Ids that apply both to the value and to the property being missing (`required`). */
export function both(...ids: string[]): RequirementAnnotation {
  return { '*': ids, required: ids };
}

/** Attaches requirement ids to a node (returns the same object). */
export function req<T extends Schema>(ids: RequirementAnnotation | string, s: T): T {
  (s as Schema)['x-requirement'] = typeof ids === 'string' ? [ids] : ids;
  return s;
}

const intRanges = {
  uint16: [0, 65535],
  uint32: [0, 4294967295],
  int32: [-2147483648, 2147483647],
} as const;

/** A 16/32-bit integer with exact bounds. */
export function int(kind: keyof typeof intRanges, ids?: RequirementAnnotation | string): Schema {
  const [minimum, maximum] = intRanges[kind];
  const s: Schema = { type: 'integer', minimum, maximum, 'x-int': kind };
  return ids ? req(ids, s) : s;
}
export const u16 = (ids?: RequirementAnnotation | string): Schema => int('uint16', ids);
export const u32 = (ids?: RequirementAnnotation | string): Schema => int('uint32', ids);
export const i32 = (ids?: RequirementAnnotation | string): Schema => int('int32', ids);

/**
 * A 64-bit integer: only `type: integer` (plus `minimum: 0` for uint64, which is exact). Values
 * beyond 2^53 lose precision in JSON.parse, so their bounds are checked on the raw text by rules.
 */
export function u64(ids?: RequirementAnnotation | string): Schema {
  const s: Schema = { type: 'integer', minimum: 0, 'x-int': 'uint64' };
  return ids ? req(ids, s) : s;
}
export function i64(ids?: RequirementAnnotation | string): Schema {
  const s: Schema = { type: 'integer', 'x-int': 'int64' };
  return ids ? req(ids, s) : s;
}

export function str(ids?: RequirementAnnotation | string): Schema {
  const s: Schema = { type: 'string' };
  return ids ? req(ids, s) : s;
}
export function bool(ids?: RequirementAnnotation | string): Schema {
  const s: Schema = { type: 'boolean' };
  return ids ? req(ids, s) : s;
}
export function strArray(ids?: RequirementAnnotation | string, items: Schema = { type: 'string' }): Schema {
  const s: Schema = { type: 'array', items };
  return ids ? req(ids, s) : s;
}
export function enumOf(values: readonly string[], ids?: RequirementAnnotation | string): Schema {
  const s: Schema = { type: 'string', enum: [...values] };
  return ids ? req(ids, s) : s;
}

/** A POSIX absolute path (starts with `/`). */
export function absPath(ids?: RequirementAnnotation | string): Schema {
  const s: Schema = { type: 'string', pattern: '^/', 'x-format': 'an absolute path' };
  return ids ? req(ids, s) : s;
}

/** A SemVer 2.0.0 version string (the grammar of semver.org, as a regular expression). */
export const semverPattern =
  '^(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)' +
  '(?:-((?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\\.(?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?' +
  '(?:\\+([0-9a-zA-Z-]+(?:\\.[0-9a-zA-Z-]+)*))?$';

export function semver(ids?: RequirementAnnotation | string): Schema {
  const s: Schema = { type: 'string', pattern: semverPattern, 'x-format': 'a SemVer 2.0.0 version' };
  return ids ? req(ids, s) : s;
}

/** An object with the given properties; unknown properties are allowed unless `closed`. */
export function obj(
  properties: Record<string, Schema>,
  opts: { required?: string[]; ids?: RequirementAnnotation | string; closed?: boolean } = {},
): Schema {
  const s: Schema = { type: 'object', properties };
  if (opts.required && opts.required.length > 0) s.required = opts.required;
  if (opts.closed) s.additionalProperties = false;
  return opts.ids ? req(opts.ids, s) : s;
}

/** A string-to-string map (annotations, sysctl, unified) with non-empty keys when `nonEmptyKeys`. */
export function stringMap(
  ids: RequirementAnnotation | string,
  opts: { valueIds?: RequirementAnnotation | string; keyIds?: RequirementAnnotation | string } = {},
): Schema {
  const s: Schema = { type: 'object', additionalProperties: str(opts.valueIds ?? ids) };
  if (opts.keyIds) s.propertyNames = req(opts.keyIds, { minLength: 1 });
  return req(ids, s);
}

/** Numeric compare of dotted versions (model/version.ts), under the name the schema code uses. */
export const compareCore = compareVersions;

/** Version gate: `at('1.1.0')` is true when the schema being built is for 1.1.0 or later. */
export function gate(version: string): {
  at: (min: string) => boolean;
  before: (max: string) => boolean;
  since: (min: string, props: Record<string, Schema>) => Record<string, Schema>;
} {
  const at = (min: string): boolean => compareCore(version, min) >= 0;
  return {
    at,
    before: (max) => !at(max),
    since: (min, props) => (at(min) ? props : {}),
  };
}

/**
 * Moves every object sub-schema (reached through `properties`, `items` or `additionalProperties`)
 * into `definitions` and leaves a `$ref` in its place. With ajv's `inlineRefs: false` each becomes
 * its own function in the generated code, so V8 compiles only the parts a document uses (a runc
 * config never touches the seccomp or blockIO validators): this keeps the first call cheap.
 * Errors inside them get schema paths like `#/definitions/linux.seccomp/...`, which the error
 * mapper walks from the root like any other path.
 */
export function hoistDefinitions(root: Schema): Schema {
  const definitions: Record<string, Schema> = {};
  const visit = (node: Schema, path: string): void => {
    const props = node.properties as Record<string, Schema> | undefined;
    if (props) {
      for (const [k, v] of Object.entries(props)) props[k] = hoist(v, path ? `${path}.${k}` : k);
    }
    if (node.items && typeof node.items === 'object' && !Array.isArray(node.items)) {
      node.items = hoist(node.items as Schema, `${path}.items`);
    }
    if (node.additionalProperties && typeof node.additionalProperties === 'object') {
      node.additionalProperties = hoist(node.additionalProperties as Schema, `${path}.values`);
    }
  };
  const hoist = (node: Schema, path: string): Schema => {
    visit(node, path);
    const t = node.type;
    const isObject = t === 'object' || (Array.isArray(t) && t.includes('object'));
    if (!isObject || !node.properties) return node;
    definitions[path] = node;
    return { $ref: `#/definitions/${path}` };
  };
  visit(root, '');
  root.definitions = { ...((root.definitions as Record<string, Schema> | undefined) ?? {}), ...definitions };
  return root;
}
