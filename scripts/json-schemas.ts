// Writes the runtime-spec and image-spec JSON Schemas we judge by as plain JSON Schema files with
// `$id`s (dist/json-schema/, one per spec version and document), for editors' `json.schemas`.
// `npm run build` runs it (node --import tsx); the package ships the output.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stripAnnotations } from '../schemas/compile.js';
import { documentKinds, effectiveVersion, schemaFor } from '../schemas/index.js';
import { knownSpecVersions } from '../schemas/versions.js';
import { imageSchema, type ImageDocumentKind, type ImageSchemaLine } from '../schemas/image/schemas.js';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { name: string; version: string };

/** Where a published schema is: the package's file on unpkg, pinned to this version. */
export function schemaId(path: string): string {
  return `https://unpkg.com/${pkg.name}@${pkg.version}/dist/json-schema/${path}`;
}

const imageKinds: ImageDocumentKind[] = ['descriptor', 'index', 'manifest', 'config', 'layout'];
const imageFiles: Record<ImageDocumentKind, string> = {
  descriptor: 'content-descriptor',
  index: 'image-index',
  manifest: 'image-manifest',
  config: 'config',
  layout: 'oci-layout',
};
const imageLines: Record<ImageSchemaLine, string> = { '1.0': '1.0.2', '1.1': '1.1.1' };

/** Every schema: relative path -> the schema (with `$schema`, `$id`, `title`). */
export function jsonSchemas(): Map<string, Record<string, unknown>> {
  const out = new Map<string, Record<string, unknown>>();
  for (const kind of documentKinds)
    for (const version of knownSpecVersions) {
      const path = `runtime-spec/${version}/${kind}.schema.json`;
      const s = stripAnnotations(schemaFor(kind, effectiveVersion(kind, version))) as Record<string, unknown>;
      out.set(path, {
        $schema: 'http://json-schema.org/draft-07/schema#',
        $id: schemaId(path),
        title: `OCI runtime-spec ${version} ${kind === 'config' ? 'config.json' : `${kind} document`}`,
        ...s,
      });
    }
  for (const [line, version] of Object.entries(imageLines) as [ImageSchemaLine, string][])
    for (const kind of imageKinds) {
      const path = `image-spec/${version}/${imageFiles[kind]}.schema.json`;
      const s = stripAnnotations(imageSchema(kind, line));
      out.set(path, {
        $schema: 'http://json-schema.org/draft-07/schema#',
        $id: schemaId(path),
        title: `OCI image-spec ${version} ${imageFiles[kind]}`,
        ...s,
      });
    }
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dir = join(repo, 'dist', 'json-schema');
  const all = jsonSchemas();
  for (const [path, schema] of all) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), JSON.stringify(schema, null, 2) + '\n');
  }
  process.stderr.write(`json-schemas: wrote ${all.size} schemas to ${dir}\n`);
}
