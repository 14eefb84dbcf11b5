// Image-spec requirement registry, one module per spec document (filled by the image suite work).
import { defineRequirements } from '../define.js';

export const imageLayout = defineRequirements('image', 'image-layout.md', {
  'image.layout.oci-layout-file': {
    since: '1.0.0',
    anchor: 'oci-layout-file',
    level: 'MUST',
    test: 'document',
    text: 'An image layout contains an oci-layout file, a JSON object with imageLayoutVersion.',
  },
});

export const imageDocs = [imageLayout] as const;
export type ImageRequirementId = keyof typeof imageLayout;
