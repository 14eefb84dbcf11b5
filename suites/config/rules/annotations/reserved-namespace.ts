// Keys under org.opencontainers are reserved: only the keys the OCI specifications define may be used
// (config.md "Annotations").
import { defineRule } from '../../../../harness/config/rule.js';
import { isObject, tok } from '../../util.js';

/** org.opencontainers keys the OCI specifications define (runtime-spec config.md, image-spec annotations.md and conversion.md). */
export const DEFINED_OCI_KEYS: ReadonlySet<string> = new Set([
  'org.opencontainers.image.os',
  'org.opencontainers.image.os.version',
  'org.opencontainers.image.os.features',
  'org.opencontainers.image.architecture',
  'org.opencontainers.image.variant',
  'org.opencontainers.image.author',
  'org.opencontainers.image.stopSignal',
  // image-spec conversion.md: ExposedPorts become this annotation (umoci writes it)
  'org.opencontainers.image.exposedPorts',
  'org.opencontainers.image.created',
  'org.opencontainers.image.authors',
  'org.opencontainers.image.url',
  'org.opencontainers.image.documentation',
  'org.opencontainers.image.source',
  'org.opencontainers.image.version',
  'org.opencontainers.image.revision',
  'org.opencontainers.image.vendor',
  'org.opencontainers.image.licenses',
  'org.opencontainers.image.ref.name',
  'org.opencontainers.image.title',
  'org.opencontainers.image.description',
  'org.opencontainers.image.base.digest',
  'org.opencontainers.image.base.name',
]);

export default defineRule({
  id: 'config.annotations.reserved-namespace',
  title: 'org.opencontainers annotation keys are ones the OCI specifications define',
  kinds: ['config', 'state'],
  requirements: ['config.annotations.oci-prefix-as-defined'],
  check(ctx) {
    const a = ctx.value?.annotations;
    if (!isObject(a)) return;
    for (const k in a) {
      // whole dot-separated components: org.opencontainersx.note is not in the namespace
      if ((k !== 'org.opencontainers' && !k.startsWith('org.opencontainers.')) || DEFINED_OCI_KEYS.has(k))
        continue;
      ctx.report({
        pointer: `/annotations/${tok(k)}`,
        atKey: true,
        message: `annotation key ${JSON.stringify(k)} is in the reserved org.opencontainers namespace but no OCI specification defines it`,
        actual: k,
      });
    }
  },
});
