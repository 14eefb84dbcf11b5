// config.json and the root filesystem MUST sit together in one directory (bundle.md): root.path
// resolves inside the bundle directory.
import * as path from 'node:path';
import { defineRule } from '../../../../harness/config/rule.js';
import { isObject, targetOs } from '../../util.js';

export default defineRule({
  id: 'bundle.root-inside-bundle',
  title: 'root.path is inside the bundle directory',
  kinds: ['config'],
  needs: 'bundle',
  requirements: ['bundle.single-directory'],
  check(ctx) {
    const root = ctx.value?.root;
    const b = ctx.bundle;
    if (!b || !isObject(root) || typeof root.path !== 'string' || targetOs(ctx.value) === 'windows') return;
    const real = b.realpath(root.path);
    const dir = b.realpath('.') ?? b.dir;
    if (real === undefined) return; // reported by bundle.root-path-exists
    const rel = path.relative(dir, real);
    if (rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel)) return;
    ctx.report({
      pointer: '/root/path',
      message: `root.path ${JSON.stringify(root.path)} resolves to ${real}, outside the bundle directory ${dir}`,
      expected: `a directory inside ${dir}`,
      actual: real,
    });
  },
});
