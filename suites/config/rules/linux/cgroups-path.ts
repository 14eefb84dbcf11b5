// linux.cgroupsPath is a path in the cgroup hierarchy; '..' components climb out of the place the
// runtime chose (a relative path) or out of the mount point. Hazard.
import { defineRule } from '../../../../harness/config/rule.js';
import { linuxOf } from '../../util.js';

export default defineRule({
  id: 'config.linux.cgroups-path',
  title: "cgroupsPath has no '..' component",
  kinds: ['config'],
  requirements: ['config-linux.cgroupsPath.absolute-or-relative'],
  why: "A cgroupsPath with '..' components is still an absolute or a relative path, so the cited MUST holds; climbing out of the place the runtime chose is a hazard the spec does not forbid.",
  check(ctx) {
    const p = linuxOf(ctx.value)?.cgroupsPath;
    if (typeof p !== 'string' || !p.includes('..')) return;
    // runc's systemd form "slice:prefix:name" has no '/' separated parts
    if (!p.split(/[/:]/).includes('..')) return;
    ctx.report({
      pointer: '/linux/cgroupsPath',
      level: 'hazard',
      message: `cgroupsPath ${JSON.stringify(p)} has a '..' component: it points outside the container's place in the hierarchy`,
      actual: p,
    });
  },
});
