// The image-spec requirement tables: one per document, ids prefixed, links into image-spec.
import { describe, expect, it } from 'vitest';
import { registry, requirement, specLink } from '../index.js';
import { imageDocs } from './index.js';

describe('image requirements', () => {
  it('has one table per image-spec document', () => {
    const docs = imageDocs.map((t) => (Object.values(t)[0] as { doc: string }).doc).sort();
    expect(docs).toEqual([
      'annotations.md',
      'config.md',
      'conversion.md',
      'descriptor.md',
      'image-index.md',
      'image-layout.md',
      'layer.md',
      'manifest.md',
      'media-types.md',
    ]);
    const image = [...registry.values()].filter((r) => r.spec === 'image');
    expect(image.every((r) => r.id.startsWith('image.'))).toBe(true);
    expect(image.length).toBeGreaterThan(80);
  });

  it('links into the image-spec repository at the chosen version', () => {
    expect(specLink(requirement('image.descriptor.digest-match'), '1.1.1')).toBe(
      'https://github.com/opencontainers/image-spec/blob/v1.1.1/descriptor.md#verification',
    );
  });
});
