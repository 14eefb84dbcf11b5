// org.opencontainers.image.ref.name: only on index.json descriptors, and in the ref character set.
import { defineImageRule, isObject } from '../../harness/image/rule.js';
import { annotationMaps } from './util.js';

const key = 'org.opencontainers.image.ref.name';
// annotations.md: ref ::= component ("/" component)* ; component ::= alphanum (separator alphanum)*
// alphanum ::= [A-Za-z0-9]+ ; separator ::= [-._:@+] | "--"
const grammar = /^[A-Za-z0-9]+((?:[-._:@+]|--)[A-Za-z0-9]+)*(\/[A-Za-z0-9]+((?:[-._:@+]|--)[A-Za-z0-9]+)*)*$/;

export default defineImageRule({
  id: 'image.annotations.ref-name',
  title: 'ref.name is used on index.json descriptors only and follows the ref grammar',
  scope: 'document',
  kinds: ['index', 'manifest'],
  requirements: ['image.layout.ref-name-index-only', 'image.annotations.ref-name-charset'],
  check(ctx) {
    const seen = new Map<string, string>();
    for (const { pointer, map, labels } of annotationMaps(ctx.value)) {
      if (labels || !isObject(map) || !(key in map)) continue;
      const p = `${pointer}/${key}`;
      const onIndexJsonEntry = ctx.isLayoutIndex && /^\/manifests\/\d+\/annotations$/.test(pointer);
      if (!onIndexJsonEntry) {
        ctx.report({
          pointer: p,
          atKey: true,
          requirements: ['image.layout.ref-name-index-only'],
          message: `expected ${key} only on descriptors in index.json but found it at ${ctx.doc.file}#${pointer}`,
        });
      }
      const v = map[key];
      // SPEC: the spec does not forbid two entries with one ref.name, but `--ref` (and skopeo's
      // oci:PATH:REF) can then pick either; we warn at SHOULD level.
      if (onIndexJsonEntry && typeof v === 'string') {
        const other = seen.get(v);
        if (other !== undefined)
          ctx.report({
            pointer: p,
            requirements: ['image.annotations.ref-name-charset'],
            message: `expected each ref.name once in index.json but ${JSON.stringify(v)} is also at ${other}`,
          });
        else seen.set(v, pointer);
      }
      if (typeof v === 'string' && !grammar.test(v)) {
        ctx.report({
          pointer: p,
          requirements: ['image.annotations.ref-name-charset'],
          message: `expected a ref of A-Za-z0-9 components joined by -._:@+ and / but found ${JSON.stringify(v)}`,
          actual: v,
        });
      }
    }
  },
});
