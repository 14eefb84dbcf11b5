// JSON Schemas for image-spec documents (descriptor, index, manifest, config, oci-layout), written
// here from the spec text for 1.0.x and 1.1.x. They hold structure only: values the grammar or the
// spec constrains beyond types (digest encodings, media type constants...) are rules in suites/image.

/** Schema versions we ship, by the image-spec release line they follow. */
export type ImageSchemaLine = '1.0' | '1.1';

export type ImageDocumentKind = 'descriptor' | 'index' | 'manifest' | 'config' | 'layout';

// RFC 6838 §4.2 restricted-name, twice, with optional parameters.
const mediaTypePattern =
  '^[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}(\\s*;\\s*[A-Za-z0-9!#$&^_.+-]+=([^;"\\s]+|"[^"]*"))*$';
// descriptor.md digest grammar.
const digestPattern = '^[a-z0-9]+([+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$';

const annotations = {
  type: 'object',
  additionalProperties: { type: 'string' },
};

const platform = {
  type: 'object',
  required: ['architecture', 'os'],
  properties: {
    architecture: { type: 'string' },
    os: { type: 'string' },
    'os.version': { type: 'string' },
    'os.features': { type: 'array', items: { type: 'string' } },
    variant: { type: 'string' },
    features: { type: 'array', items: { type: 'string' } },
  },
};

function descriptor(line: ImageSchemaLine): Record<string, unknown> {
  const properties: Record<string, unknown> = {
    mediaType: { type: 'string', pattern: mediaTypePattern },
    digest: { type: 'string', pattern: digestPattern },
    // SPEC: int64 and (since PR #1285) not negative; we apply `minimum: 0` in every version and in
    // every place a descriptor appears (upstream's index schema forgets it).
    size: { type: 'integer', minimum: 0 },
    urls: { type: 'array', items: { type: 'string', format: 'uri' } },
    annotations,
    platform,
  };
  if (line === '1.1') {
    properties.data = { type: 'string' };
    properties.artifactType = { type: 'string', pattern: mediaTypePattern };
  }
  return { type: 'object', required: ['mediaType', 'digest', 'size'], properties };
}

function index(line: ImageSchemaLine): Record<string, unknown> {
  const d = descriptor(line);
  const properties: Record<string, unknown> = {
    schemaVersion: { type: 'integer' },
    mediaType: { type: 'string', pattern: mediaTypePattern },
    manifests: { type: 'array', items: d },
    annotations,
  };
  if (line === '1.1') {
    properties.artifactType = { type: 'string', pattern: mediaTypePattern };
    properties.subject = d;
  }
  return { type: 'object', required: ['schemaVersion', 'manifests'], properties };
}

function manifest(line: ImageSchemaLine): Record<string, unknown> {
  const d = descriptor(line);
  const properties: Record<string, unknown> = {
    schemaVersion: { type: 'integer' },
    mediaType: { type: 'string', pattern: mediaTypePattern },
    config: d,
    // SPEC: layers SHOULD have one entry (1.1); upstream's minItems: 1 is stricter than the text,
    // so the schema only asks for an array and the rule layers-non-empty warns.
    layers: { type: 'array', items: d },
    annotations,
  };
  if (line === '1.1') {
    properties.artifactType = { type: 'string', pattern: mediaTypePattern };
    properties.subject = d;
  }
  return { type: 'object', required: ['schemaVersion', 'config', 'layers'], properties };
}

// config.md: "Any OPTIONAL field MAY also be set to null, which is equivalent to being absent."
const orNull = (t: string | string[]): string[] => [...(Array.isArray(t) ? t : [t]), 'null'];
const stringArrayOrNull = { type: orNull('array'), items: { type: 'string' } };
const setOrNull = { type: orNull('object'), additionalProperties: { type: 'object' } };

function config(line: ImageSchemaLine): Record<string, unknown> {
  const properties: Record<string, unknown> = {
    created: { type: orNull('string'), format: 'date-time' },
    author: { type: orNull('string') },
    architecture: { type: 'string' },
    os: { type: 'string' },
    config: {
      type: orNull('object'),
      properties: {
        User: { type: orNull('string') },
        ExposedPorts: setOrNull,
        Env: stringArrayOrNull,
        Entrypoint: stringArrayOrNull,
        Cmd: stringArrayOrNull,
        Volumes: setOrNull,
        WorkingDir: { type: orNull('string') },
        Labels: { type: orNull('object'), additionalProperties: { type: 'string' } },
        StopSignal: { type: orNull('string') },
        ...(line === '1.1' ? { ArgsEscaped: { type: orNull('boolean') } } : {}),
      },
    },
    rootfs: {
      type: 'object',
      required: ['type', 'diff_ids'],
      properties: {
        type: { type: 'string' },
        diff_ids: { type: 'array', items: { type: 'string' } },
      },
    },
    history: {
      type: orNull('array'),
      items: {
        type: 'object',
        properties: {
          created: { type: orNull('string'), format: 'date-time' },
          author: { type: orNull('string') },
          created_by: { type: orNull('string') },
          comment: { type: orNull('string') },
          empty_layer: { type: orNull('boolean') },
        },
      },
    },
  };
  if (line === '1.1') {
    properties.variant = { type: orNull('string') };
    properties['os.version'] = { type: orNull('string') };
    properties['os.features'] = stringArrayOrNull;
  }
  return { type: 'object', required: ['architecture', 'os', 'rootfs'], properties };
}

const layout = {
  type: 'object',
  required: ['imageLayoutVersion'],
  properties: { imageLayoutVersion: { type: 'string' } },
};

/** The schema of one document kind in one release line. */
export function imageSchema(kind: ImageDocumentKind, line: ImageSchemaLine): Record<string, unknown> {
  switch (kind) {
    case 'descriptor':
      return descriptor(line);
    case 'index':
      return index(line);
    case 'manifest':
      return manifest(line);
    case 'config':
      return config(line);
    case 'layout':
      return layout;
  }
}

/** The release line whose schemas judge documents of spec version `version` (e.g. 1.0.2 -> 1.0). */
export function schemaLineFor(version: string): ImageSchemaLine {
  return version.startsWith('1.0') ? '1.0' : '1.1';
}
