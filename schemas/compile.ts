// The one ajv set-up shared by the runtime fallback and the build step (schemas/build.ts), so the
// generated validators and the fallback behave the same.
import { createRequire } from 'node:module';
import type { Ajv } from 'ajv';

/** An ajv instance. */
export type AjvInstance = Ajv;
import { annotationKeywords } from './runtime/dsl.js';

const require = createRequire(import.meta.url);

/** Creates an ajv instance (draft-07, allErrors, our annotation keywords). Loads ajv lazily. */
export function makeAjv(opts: { source?: boolean } = {}): AjvInstance {
  // ajv is CommonJS: required lazily so that loading this module costs nothing.
  const AjvClass = (require('ajv') as { Ajv: typeof Ajv }).Ajv;
  const ajv = new AjvClass({
    allErrors: true,
    strict: true,
    strictTypes: false,
    strictTuples: false,
    strictRequired: false,
    allowUnionTypes: true,
    verbose: false,
    messages: false,
    // One function per hoisted definition (see hoistDefinitions): V8 compiles only what is used.
    inlineRefs: false,
    code: { source: opts.source ?? false, optimize: true, lines: false },
  });
  for (const keyword of annotationKeywords) ajv.addKeyword({ keyword });
  return ajv;
}

/**
 * A copy of a schema without our `x-*` annotations: they do not affect validation (the error
 * mapper reads them from the original), and leaving them out keeps generated code small.
 */
export function stripAnnotations<T>(s: T): T {
  if (Array.isArray(s)) return s.map((x) => stripAnnotations(x)) as T;
  if (s === null || typeof s !== 'object') return s;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(s)) if (!k.startsWith('x-')) out[k] = stripAnnotations(v);
  return out as T;
}
