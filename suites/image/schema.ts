// The document matches the image-spec JSON Schema of its kind (structure and types).
import { validateImageDocument } from '../../schemas/image/loader.js';
import type { RequirementId } from '../../requirements/index.js';
import { defineImageRule, type ImageDocKind } from '../../harness/image/rule.js';

const byKind: Record<ImageDocKind, RequirementId> = {
  layout: 'image.layout.oci-layout-file',
  index: 'image.index.manifests',
  manifest: 'image.manifest.config-required',
  config: 'image.config.required-fields',
};

/** Requirement a schema error is evidence against, from the property it is about. */
function requirementFor(kind: ImageDocKind, pointer: string): RequirementId {
  const tokens = pointer.split('/');
  const last = tokens[tokens.length - 1] ?? '';
  const inDescriptor =
    /^\/(manifests|layers)\/\d+|^\/(config|subject)(\/|$)/.test(pointer) && kind !== 'config';
  if (tokens.includes('annotations') || tokens.includes('Labels'))
    return kind === 'config' ? 'image.config.labels' : 'image.annotations.string-map';
  if (tokens.includes('platform')) return 'image.index.platform';
  if (inDescriptor) {
    if (last === 'mediaType') return 'image.descriptor.media-type';
    if (last === 'digest') return 'image.descriptor.digest-grammar';
    if (last === 'size') return 'image.descriptor.size';
    if (tokens.includes('urls')) return 'image.descriptor.urls';
    if (last === 'artifactType') return 'image.descriptor.artifact-type';
    if (last === 'data') return 'image.descriptor.data-base64';
    if (tokens[1] === 'layers') return 'image.manifest.layers-descriptors';
  }
  if (last === 'schemaVersion')
    return kind === 'index' ? 'image.index.schema-version' : 'image.manifest.schema-version';
  if (last === 'mediaType') return kind === 'index' ? 'image.index.media-type' : 'image.manifest.media-type';
  if (last === 'artifactType')
    return kind === 'index' ? 'image.index.artifact-type' : 'image.descriptor.artifact-type';
  if (kind === 'config' && (last === 'created' || tokens.includes('history'))) return 'image.config.created';
  if (kind === 'config' && tokens.includes('rootfs')) return 'image.config.required-fields';
  return byKind[kind];
}

export default defineImageRule({
  id: 'image.schema',
  title: 'documents match the image-spec schema of their kind',
  scope: 'document',
  kinds: ['layout', 'index', 'manifest', 'config'],
  requirements: [
    'image.layout.oci-layout-file',
    'image.index.manifests',
    'image.manifest.config-required',
    'image.config.required-fields',
    'image.descriptor.media-type',
    'image.descriptor.digest-grammar',
    'image.descriptor.size',
  ],
  check(ctx) {
    if (ctx.doc.value === undefined) return; // not JSON: json.well-formed says so
    for (const e of validateImageDocument(ctx.kind, ctx.specVersion, ctx.doc.value)) {
      ctx.report({
        pointer: e.pointer,
        requirements: [requirementFor(ctx.kind, e.pointer)],
        message: `${ctx.kind} ${e.pointer || '(document)'}: ${e.message}`,
        expected: e.params,
      });
    }
  },
});
