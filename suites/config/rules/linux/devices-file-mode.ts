// linux.devices[].fileMode holds permission bits (written in decimal in JSON: 438 is 0666); values above
// 07777 mix in file-type bits or were written as octal digits in decimal (666 instead of 438). Hazard.
import { defineRule } from '../../../../harness/config/rule.js';
import { arr, isObject, linuxOf } from '../../util.js';

export default defineRule({
  id: 'config.linux.devices-file-mode',
  title: 'device fileMode holds permission bits only',
  kinds: ['config'],
  requirements: ['config-linux.devices.fileMode'],
  check(ctx) {
    const list = arr(linuxOf(ctx.value)?.devices);
    for (let i = 0; i < list.length; i++) {
      const d = list[i];
      if (!isObject(d) || typeof d.fileMode !== 'number' || d.fileMode <= 0o7777) continue;
      ctx.report({
        pointer: `/linux/devices/${i}/fileMode`,
        level: 'hazard',
        message: `expected permission bits within 0..4095 (07777), found ${d.fileMode}: fileMode is decimal in JSON, e.g. 438 for 0666`,
        expected: '0..4095',
        actual: d.fileMode,
      });
    }
  },
});
