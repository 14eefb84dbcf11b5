// Annotation maps (and config Labels): not null, keys under org.opencontainers.image are the
// pre-defined ones, keys use reverse domain notation, created is RFC 3339.
import { defineImageRule, isObject } from '../../harness/image/rule.js';
import { annotationMaps, isRfc3339 } from './util.js';

/** Keys annotations.md pre-defines under org.opencontainers.image. */
export const predefinedKeys = new Set(
  [
    'created',
    'authors',
    'url',
    'documentation',
    'source',
    'version',
    'revision',
    'vendor',
    'licenses',
    'ref.name',
    'title',
    'description',
    'base.digest',
    'base.name',
  ].map((k) => `org.opencontainers.image.${k}`),
);

const reverseDomain = /^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+([./:_-]|$)/;

export default defineImageRule({
  id: 'image.annotations.rules',
  title: 'annotations follow the annotation rules',
  scope: 'document',
  kinds: ['index', 'manifest', 'config'],
  requirements: [
    'image.annotations.absent-or-empty',
    'image.annotations.reserved-prefix',
    'image.annotations.reverse-domain',
    'image.annotations.created-rfc3339',
  ],
  check(ctx) {
    for (const { pointer, map, labels } of annotationMaps(ctx.value)) {
      if (map === null && !labels) {
        ctx.report({
          pointer,
          requirements: ['image.annotations.absent-or-empty'],
          message: 'expected annotations to be absent or a map but found null',
        });
        continue;
      }
      if (!isObject(map)) continue; // schema
      for (const [k, val] of Object.entries(map)) {
        const kp = `${pointer}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`;
        if (k.startsWith('org.opencontainers.image.') && !predefinedKeys.has(k)) {
          ctx.report({
            pointer: kp,
            atKey: true,
            requirements: ['image.annotations.reserved-prefix'],
            level: 'should',
            message: `expected a key image-spec defines under org.opencontainers.image but found ${JSON.stringify(k)}`,
          });
        }
        // SPEC: reverse-domain notation is checked on annotations only: config Labels are Docker-era
        // labels ("maintainer") that the config spec imports wholesale.
        if (!labels && !reverseDomain.test(k)) {
          ctx.report({
            pointer: kp,
            atKey: true,
            requirements: ['image.annotations.reverse-domain'],
            message: `expected a reverse domain key (e.g. com.example.key) but found ${JSON.stringify(k)}`,
          });
        }
        if (k === 'org.opencontainers.image.created' && typeof val === 'string' && !isRfc3339(val)) {
          ctx.report({
            pointer: kp,
            requirements: ['image.annotations.created-rfc3339'],
            level: 'should',
            message: `expected an RFC 3339 date-time but found ${JSON.stringify(val)}`,
          });
        }
      }
    }
  },
});
