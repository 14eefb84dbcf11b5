// A file already at a linux.devices path inside the rootfs that is not the requested device (type,
// major, minor) makes the runtime generate an error (config-linux.md "Devices": MUST).
import { defineRule } from '../../../../harness/config/rule.js';
import { arr, isObject, linuxOf } from '../../util.js';

const KIND: Record<string, string> = { c: 'char', u: 'char', b: 'block', p: 'fifo' };

export default defineRule({
  id: 'bundle.devices-match-rootfs',
  title: 'files already at device paths in the rootfs match the device',
  kinds: ['config'],
  needs: 'bundle',
  requirements: ['config-linux.devices.path-conflict-error'],
  check(ctx) {
    const b = ctx.bundle;
    const root = ctx.value?.root;
    const list = arr(linuxOf(ctx.value)?.devices);
    if (!b || !b.statInRoot || list.length === 0 || !isObject(root) || typeof root.path !== 'string') return;
    for (let i = 0; i < list.length; i++) {
      const d = list[i];
      if (!isObject(d) || typeof d.path !== 'string' || typeof d.type !== 'string') continue;
      const st = b.statInRoot(root.path, d.path);
      if (st === undefined) continue;
      const kind = KIND[d.type];
      const sameKind = st.kind === kind;
      const sameNumbers = d.type === 'p' || (st.major === d.major && st.minor === d.minor);
      if (sameKind && sameNumbers) continue;
      ctx.report({
        pointer: `/linux/devices/${i}/path`,
        message: sameKind
          ? `${d.path} already exists in the rootfs as device ${st.major}:${st.minor}, not ${d.major}:${d.minor}`
          : `${d.path} already exists in the rootfs as a ${st.kind}, not a ${kind} device`,
        expected: { type: d.type, major: d.major, minor: d.minor },
        actual: { kind: st.kind, major: st.major, minor: st.minor },
      });
    }
  },
});
