// Turns ajv's raw errors into our SchemaError: one useful error per problem, our own lower-case
// messages, and the requirement ids read from the failing schema node's `x-requirement`.
import type { RequirementAnnotation, Schema } from './runtime/dsl.js';

/** One schema problem in a document, ready to become a Finding. */
export interface SchemaError {
  /** RFC 6901 pointer of the offending value; of the object for a missing property. */
  pointer: string;
  /** The JSON Schema keyword that failed (`type`, `enum`, `required`, `additionalProperties`...). */
  keyword: string;
  /** Lower case, says what was expected and what was found. */
  message: string;
  /** Requirement ids (requirements/) the failing schema node is annotated with; never empty. */
  requirements: string[];
  expected?: unknown;
  actual?: unknown;
  /** True when the pointer names a member whose *key* is the problem (unknown property, empty key). */
  atKey?: boolean;
}

/** The part of ajv's ErrorObject we read (kept local so this file does not load ajv). */
export interface RawError {
  keyword: string;
  instancePath: string;
  schemaPath: string;
  params: Record<string, any>;
  data?: unknown;
}

/** Ids used when no node on the path is annotated (should not happen; a test checks). */
const fallbackIds: Record<string, string[]> = {
  config: ['config.valid-values.error'],
  state: ['runtime.state.schema'],
  features: ['features.no-unknown-properties'],
};

function escapeToken(t: string): string {
  return t.replace(/~/g, '~0').replace(/\//g, '~1');
}

function unescapeToken(t: string): string {
  return decodeURIComponent(t).replace(/~1/g, '/').replace(/~0/g, '~');
}

function idsOf(node: Schema | undefined, keyword: string): string[] | undefined {
  const a = node?.['x-requirement'] as RequirementAnnotation | undefined;
  if (!a) return undefined;
  if (Array.isArray(a)) return [...a];
  const o = a as Record<string, readonly string[]>;
  const v = o[keyword] ?? o['*'];
  return v ? [...v] : undefined;
}

function deref(root: Schema, node: unknown): Schema | undefined {
  if (node === null || typeof node !== 'object' || Array.isArray(node)) return undefined;
  const ref = (node as Schema).$ref;
  if (typeof ref !== 'string') return node as Schema;
  const name = unescapeToken(ref.replace(/^#\/definitions\//, ''));
  return (root.definitions as Record<string, Schema> | undefined)?.[name];
}

function pointerTokens(p: string): string[] {
  return p === ''
    ? []
    : p
        .slice(1)
        .split('/')
        .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/**
 * The schema nodes from the function that reported the error down to the node holding the
 * failing keyword. Sub-schemas are hoisted into `definitions` and compiled as separate functions,
 * and ajv reports a schemaPath relative to the function that failed (`#/properties/readonly/type`
 * for `/root/readonly`). So: count how many instance levels the schemaPath itself descends
 * (`properties/x`, `items`, `additionalProperties`), walk the rest of the instancePath from the
 * root through `$ref`s to find where that function starts, then walk the schemaPath from there.
 */
function walk(root: Schema, e: RawError): Schema[] {
  const tokens = e.schemaPath
    .replace(/^#\/?/, '')
    .split('/')
    .filter((t) => t !== '')
    .map(unescapeToken);
  tokens.pop(); // the keyword itself
  let consumed = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t === 'properties' || t === 'patternProperties') {
      consumed++;
      i++;
    } else if (t === 'items' || t === 'additionalProperties') consumed++;
  }
  const inst = pointerTokens(e.instancePath);
  let base: Schema | undefined = root;
  for (const t of inst.slice(0, Math.max(0, inst.length - consumed))) {
    const props = base?.properties as Record<string, Schema> | undefined;
    let next: unknown;
    if (props && Object.prototype.hasOwnProperty.call(props, t)) next = props[t];
    else if (base?.items && /^\d+$/.test(t)) next = base.items;
    else next = base?.additionalProperties;
    base = deref(root, next);
    if (!base) break;
  }
  const chain: Schema[] = [];
  let cur: unknown = base ?? root;
  if (cur && typeof cur === 'object') chain.push(cur as Schema);
  for (const t of tokens) {
    if (cur === null || typeof cur !== 'object') break;
    cur = (cur as Record<string, unknown>)[t];
    if (cur !== null && typeof cur === 'object' && !Array.isArray(cur)) chain.push(cur as Schema);
  }
  return chain;
}

function requirementsFor(
  root: Schema,
  kind: string,
  e: RawError,
  keyword: string,
  childProp?: string,
): string[] {
  const chain = walk(root, e);
  const node = chain[chain.length - 1];
  if (childProp !== undefined) {
    const props = node?.properties as Record<string, Schema> | undefined;
    const child = deref(root, props?.[childProp]);
    // Only an explicit per-keyword entry on the child counts: a plain list describes its value.
    const a = child?.['x-requirement'] as RequirementAnnotation | undefined;
    const fromChild = a && !Array.isArray(a) ? (a as Record<string, readonly string[]>)[keyword] : undefined;
    if (fromChild) return [...fromChild];
  }
  for (let i = chain.length - 1; i >= 0; i--) {
    const ids = idsOf(chain[i], i === chain.length - 1 ? keyword : '*');
    if (ids && ids.length > 0) return ids;
  }
  return fallbackIds[kind] ?? [];
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (typeof v === 'string')
    return v.length > 80 ? JSON.stringify(v.slice(0, 77)) + '...' : JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  return typeof v;
}

const typeNames: Record<string, string> = {
  string: 'a string',
  boolean: 'a boolean',
  object: 'an object',
  array: 'an array',
  number: 'a number',
  integer: 'an integer',
  null: 'null',
};

function typeText(node: Schema | undefined, types: string | string[]): string {
  const list = Array.isArray(types) ? types : String(types).split(',');
  const int = node?.['x-int'] as string | undefined;
  return list.map((t) => (t === 'integer' && int ? `an integer (${int})` : (typeNames[t] ?? t))).join(' or ');
}

function quoteList(values: readonly unknown[]): string {
  const shown = values.slice(0, 12).map((v) => JSON.stringify(v));
  return shown.join(',') + (values.length > 12 ? ',...' : '');
}

function valueAt(doc: unknown, pointer: string): unknown {
  if (pointer === '') return doc;
  let cur: unknown = doc;
  for (const raw of pointer.slice(1).split('/')) {
    const t = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[t];
  }
  return cur;
}

/**
 * Maps ajv errors (run with allErrors) for one document to SchemaErrors: drops `if` wrappers and
 * the per-branch noise of `anyOf`, collapses a `propertyNames` failure into one error at the key,
 * and sorts by pointer then keyword.
 */
export function mapErrors(
  root: Schema,
  kind: string,
  version: string,
  raw: readonly RawError[],
  doc: unknown,
): SchemaError[] {
  const anyOfs = raw.filter((e) => e.keyword === 'anyOf');
  const out: SchemaError[] = [];
  const seen = new Set<string>();
  for (const e of raw) {
    if (e.keyword === 'if') continue;
    if (anyOfs.some((a) => a.instancePath === e.instancePath && e.schemaPath.startsWith(a.schemaPath + '/')))
      continue;
    if (e.schemaPath.includes('/propertyNames/')) continue;
    const mapped = mapOne(root, kind, version, e, doc);
    const key = `${mapped.pointer}\u0000${mapped.keyword}\u0000${mapped.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(mapped);
  }
  out.sort((a, b) =>
    a.pointer < b.pointer
      ? -1
      : a.pointer > b.pointer
        ? 1
        : a.keyword < b.keyword
          ? -1
          : a.keyword > b.keyword
            ? 1
            : 0,
  );
  return out;
}

function mapOne(root: Schema, kind: string, version: string, e: RawError, doc: unknown): SchemaError {
  const p = e.params ?? {};
  const chain = walk(root, e);
  const node = chain[chain.length - 1];
  const actual = 'data' in e ? e.data : valueAt(doc, e.instancePath);
  switch (e.keyword) {
    case 'required': {
      const prop = String(p.missingProperty);
      return {
        pointer: e.instancePath,
        keyword: 'required',
        message: `missing required property ${JSON.stringify(prop)}`,
        requirements: requirementsFor(root, kind, e, 'required', prop),
        expected: prop,
      };
    }
    case 'dependencies': {
      const prop = String(p.property);
      const missing = String(p.missingProperty);
      return {
        pointer: e.instancePath,
        keyword: 'dependencies',
        message: `missing property ${JSON.stringify(missing)}, required when ${JSON.stringify(prop)} is set`,
        requirements: requirementsFor(root, kind, e, 'dependencies', prop),
        expected: missing,
      };
    }
    case 'additionalProperties': {
      const prop = String(p.additionalProperty);
      return {
        pointer: `${e.instancePath}/${escapeToken(prop)}`,
        keyword: 'additionalProperties',
        message: `unknown property ${JSON.stringify(prop)} (not defined by runtime-spec ${version})`,
        requirements: requirementsFor(root, kind, e, 'additionalProperties'),
        actual: prop,
        atKey: true,
      };
    }
    case 'propertyNames': {
      const prop = String(p.propertyName);
      return {
        pointer: `${e.instancePath}/${escapeToken(prop)}`,
        keyword: 'propertyNames',
        message: `expected a non-empty key but found ${JSON.stringify(prop)}`,
        requirements:
          idsOf(node?.propertyNames as Schema | undefined, 'minLength') ??
          requirementsFor(root, kind, e, 'propertyNames'),
        actual: prop,
        atKey: true,
      };
    }
    case 'type': {
      const expected = typeText(node, p.type as string | string[]);
      return {
        pointer: e.instancePath,
        keyword: 'type',
        message: `expected ${expected} but found ${describe(actual)}`,
        requirements: requirementsFor(root, kind, e, 'type'),
        expected: p.type,
        actual,
      };
    }
    case 'enum': {
      const allowed = (p.allowedValues as unknown[]) ?? [];
      return {
        pointer: e.instancePath,
        keyword: 'enum',
        message: `expected one of ${quoteList(allowed)} but found ${describe(actual)}`,
        requirements: requirementsFor(root, kind, e, 'enum'),
        expected: allowed,
        actual,
      };
    }
    case 'const':
      return {
        pointer: e.instancePath,
        keyword: 'const',
        message: `expected ${describe(p.allowedValue)} but found ${describe(actual)}`,
        requirements: requirementsFor(root, kind, e, 'const'),
        expected: p.allowedValue,
        actual,
      };
    case 'pattern': {
      const what = (node?.['x-format'] as string | undefined) ?? `a string matching /${String(p.pattern)}/`;
      return {
        pointer: e.instancePath,
        keyword: 'pattern',
        message: `expected ${what} but found ${describe(actual)}`,
        requirements: requirementsFor(root, kind, e, 'pattern'),
        expected: what,
        actual,
      };
    }
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum': {
      const int = node?.['x-int'] as string | undefined;
      const lo = node?.minimum as number | undefined;
      const hi = node?.maximum as number | undefined;
      const range =
        lo !== undefined && hi !== undefined
          ? `from ${lo} to ${hi}`
          : lo !== undefined
            ? `>= ${lo}`
            : hi !== undefined
              ? `<= ${hi}`
              : `${String(p.comparison)} ${String(p.limit)}`;
      return {
        pointer: e.instancePath,
        keyword: e.keyword,
        message: `expected ${int ? `an integer (${int}) ` : 'a number '}${range} but found ${describe(actual)}`,
        requirements: requirementsFor(root, kind, e, e.keyword),
        expected: range,
        actual,
      };
    }
    case 'minItems':
    case 'maxItems': {
      const n = Number(p.limit);
      const len = Array.isArray(actual) ? actual.length : undefined;
      const bound = e.keyword === 'minItems' ? 'at least' : 'at most';
      return {
        pointer: e.instancePath,
        keyword: e.keyword,
        message: `expected ${bound} ${n} item${n === 1 ? '' : 's'} but found ${len ?? describe(actual)}`,
        requirements: requirementsFor(root, kind, e, e.keyword),
        expected: n,
        actual: len,
      };
    }
    case 'minLength':
    case 'maxLength': {
      const n = Number(p.limit);
      const bound = e.keyword === 'minLength' ? 'at least' : 'at most';
      return {
        pointer: e.instancePath,
        keyword: e.keyword,
        message: `expected a string of ${bound} ${n} character${n === 1 ? '' : 's'} but found ${describe(actual)}`,
        requirements: requirementsFor(root, kind, e, e.keyword),
        expected: n,
        actual,
      };
    }
    case 'anyOf': {
      const branches = (node?.anyOf as Schema[] | undefined) ?? [];
      const props = branches.map((b) =>
        Array.isArray(b.required) && b.required.length === 1 ? b.required[0] : undefined,
      );
      const message = props.every((x) => x !== undefined)
        ? `expected at least one of ${quoteList(props)} but found none`
        : `expected a value matching one of ${branches.length} allowed forms but found ${describe(actual)}`;
      return {
        pointer: e.instancePath,
        keyword: 'anyOf',
        message,
        requirements: requirementsFor(root, kind, e, 'anyOf'),
        expected: props.every((x) => x !== undefined) ? props : undefined,
      };
    }
    default:
      return {
        pointer: e.instancePath,
        keyword: e.keyword,
        message: `expected a value satisfying "${e.keyword}" but found ${describe(actual)}`,
        requirements: requirementsFor(root, kind, e, e.keyword),
        actual,
      };
  }
}
