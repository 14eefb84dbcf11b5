// With a new user namespace and uid/gid mappings, process.user.uid, gid and additionalGids are IDs in
// the container namespace: an ID outside every containerID range is unmapped and setuid/setgid fail
// with EINVAL. Hazard.
import { defineRule } from '../../../../harness/config/rule.js';
import { arr, createsNamespace, isObject, linuxOf, processOf } from '../../util.js';

function mapped(list: readonly any[], id: number): boolean {
  for (let i = 0; i < list.length; i++) {
    const m = list[i];
    if (isObject(m) && typeof m.containerID === 'number' && typeof m.size === 'number') {
      if (id >= m.containerID && id < m.containerID + m.size) return true;
    }
  }
  return false;
}

export default defineRule({
  id: 'config.linux.user-mapped',
  title: 'process user and groups are mapped in the new user namespace',
  kinds: ['config'],
  requirements: ['config.process.user.uid', 'config.process.user.gid'],
  check(ctx) {
    const user = processOf(ctx.value)?.user;
    const linux = linuxOf(ctx.value);
    if (!isObject(user) || !linux || !createsNamespace(ctx.value, 'user')) return;
    const uids = arr(linux.uidMappings);
    const gids = arr(linux.gidMappings);
    if (uids.length > 0 && typeof user.uid === 'number' && !mapped(uids, user.uid)) {
      ctx.report({
        pointer: '/process/user/uid',
        requirements: ['config.process.user.uid'],
        level: 'hazard',
        message: `uid ${user.uid} is not mapped by linux.uidMappings: the process cannot take it`,
        actual: user.uid,
      });
    }
    if (gids.length === 0) return;
    if (typeof user.gid === 'number' && !mapped(gids, user.gid)) {
      ctx.report({
        pointer: '/process/user/gid',
        requirements: ['config.process.user.gid'],
        level: 'hazard',
        message: `gid ${user.gid} is not mapped by linux.gidMappings: the process cannot take it`,
        actual: user.gid,
      });
    }
    const extra = arr(user.additionalGids);
    for (let i = 0; i < extra.length; i++) {
      const g = extra[i];
      if (typeof g !== 'number' || mapped(gids, g)) continue;
      ctx.report({
        pointer: `/process/user/additionalGids/${i}`,
        requirements: ['config.process.user.additionalGids'],
        level: 'hazard',
        message: `additional gid ${g} is not mapped by linux.gidMappings: setgroups fails`,
        actual: g,
      });
    }
  },
});
