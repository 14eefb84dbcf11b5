// Compiles the image-spec schemas once with ajv (allErrors) and validates parsed values.
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { imageSchema, schemaLineFor, type ImageDocumentKind } from './schemas.js';

// ajv-formats is CommonJS: under NodeNext its default import is the module object.
const addFormats = ((addFormatsModule as any).default ?? addFormatsModule) as (a: Ajv) => Ajv;

let ajv: Ajv | undefined;
const cache = new Map<string, ValidateFunction>();

/** One schema violation: where (JSON pointer) and what (ajv keyword and params). */
export interface SchemaError {
  pointer: string;
  keyword: string;
  params: Record<string, unknown>;
  message: string;
}

function validator(kind: ImageDocumentKind, version: string): ValidateFunction {
  const line = schemaLineFor(version);
  const key = `${kind}@${line}`;
  let v = cache.get(key);
  if (!v) {
    ajv ??= (() => {
      const a = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
      addFormats(a);
      return a;
    })();
    v = ajv.compile(imageSchema(kind, line));
    cache.set(key, v);
  }
  return v;
}

/** Validate `value` as an image-spec document of `kind` for spec `version`; [] when valid. */
export function validateImageDocument(
  kind: ImageDocumentKind,
  version: string,
  value: unknown,
): SchemaError[] {
  const v = validator(kind, version);
  if (v(value)) return [];
  return (v.errors ?? []).map((e: ErrorObject) => {
    let pointer = e.instancePath;
    if (e.keyword === 'required')
      pointer +=
        '/' +
        String((e.params as { missingProperty: string }).missingProperty)
          .replace(/~/g, '~0')
          .replace(/\//g, '~1');
    return {
      pointer,
      keyword: e.keyword,
      params: e.params as Record<string, unknown>,
      message: e.message ?? e.keyword,
    };
  });
}
