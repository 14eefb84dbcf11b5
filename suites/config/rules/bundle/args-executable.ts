// process.args[0] is looked up like execvp's file: a path with '/' is used as is (relative to cwd),
// a bare name is searched in PATH from process.env. Resolved inside the rootfs (symlinks never escape
// it). A missing program is a hazard: a mount or hook may still provide it at run time.
import * as path from 'node:path';
import { defineRule } from '../../../../harness/config/rule.js';
import { arr, isObject, processOf, targetOs } from '../../util.js';

// SPEC: with no PATH in process.env we search execvp's default, /bin:/usr/bin (glibc confstr _CS_PATH).
const DEFAULT_PATH = '/bin:/usr/bin';

export default defineRule({
  id: 'bundle.args-executable',
  title: 'process.args[0] is an executable in the rootfs',
  kinds: ['config'],
  needs: 'bundle',
  requirements: ['config.process.args-execvp'],
  check(ctx) {
    const proc = processOf(ctx.value);
    const root = ctx.value?.root;
    const b = ctx.bundle;
    if (!b || !proc || !isObject(root) || typeof root.path !== 'string' || targetOs(ctx.value) !== 'linux')
      return;
    const a0 = arr(proc.args)[0];
    if (typeof a0 !== 'string' || a0 === '' || !b.isDirectory(root.path)) return;
    const candidates: string[] = [];
    if (a0.includes('/')) {
      const cwd = typeof proc.cwd === 'string' && proc.cwd.startsWith('/') ? proc.cwd : '/';
      candidates.push(path.posix.resolve(cwd, a0));
    } else {
      const envPath = arr(proc.env).find((e) => typeof e === 'string' && e.startsWith('PATH='));
      const dirs = (envPath ? envPath.slice(5) : DEFAULT_PATH).split(':');
      for (const d of dirs) candidates.push(path.posix.join(d === '' ? '.' : d, a0));
    }
    for (const c of candidates) if (b.isExecutableInRoot(root.path, c)) return;
    ctx.report({
      pointer: '/process/args/0',
      level: 'hazard',
      message: a0.includes('/')
        ? `process.args[0] ${JSON.stringify(a0)} is not an executable file in the rootfs`
        : `process.args[0] ${JSON.stringify(a0)} is not found as an executable in PATH (${candidates.map((c) => path.posix.dirname(c)).join(':')}) in the rootfs`,
      expected: 'an executable file inside the rootfs',
      actual: a0,
    });
  },
});
