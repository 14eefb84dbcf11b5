// linux.netDevices: keys and 'name' are interface names (at most 15 bytes, no '/', ':' or whitespace,
// not '.' or '..'); two devices MUST NOT get the same name in the container (the runtime MUST error on
// a name conflict). 1.3.0+.
import { defineRule } from '../../../../harness/config/rule.js';
import { isObject, linuxOf, tok } from '../../util.js';

function nameProblem(n: string): string | undefined {
  if (n === '' || n === '.' || n === '..') return 'is not a valid interface name';
  if (Buffer.byteLength(n) > 15) return 'is longer than 15 bytes (IFNAMSIZ)';
  if (/[/:\s]/.test(n)) return "contains '/', ':' or whitespace";
  return undefined;
}

export default defineRule({
  id: 'config.linux.net-devices-names',
  title: 'netDevices names are valid and unique inside the container',
  kinds: ['config'],
  since: '1.3.0',
  requirements: ['config-linux.netDevices.name-conflict-error', 'config-linux.netDevices.rename'],
  why: "Two devices with one name in the container is the MUST (an error). A name the kernel would refuse (longer than 15 bytes, '/', ':' or whitespace) is judged against the descriptive rename sentence, since the spec gives the name's syntax no keyword: a hazard.",
  check(ctx) {
    const nd = linuxOf(ctx.value)?.netDevices;
    if (!isObject(nd)) return;
    const targets = new Map<string, string>();
    for (const host in nd) {
      const p = nameProblem(host);
      if (p)
        ctx.report({
          pointer: `/linux/netDevices/${tok(host)}`,
          atKey: true,
          requirements: ['config-linux.netDevices.rename'],
          level: 'hazard',
          message: `host device name ${JSON.stringify(host)} ${p}`,
          actual: host,
        });
      const d = nd[host];
      const target = isObject(d) && typeof d.name === 'string' ? d.name : host;
      if (isObject(d) && typeof d.name === 'string') {
        const q = d.name.endsWith('%d') ? nameProblem(d.name.slice(0, -2) + '0') : nameProblem(d.name);
        if (q)
          ctx.report({
            pointer: `/linux/netDevices/${tok(host)}/name`,
            requirements: ['config-linux.netDevices.rename'],
            level: 'hazard',
            message: `container device name ${JSON.stringify(d.name)} ${q}`,
            actual: d.name,
          });
      }
      if (target.endsWith('%d')) continue;
      const other = targets.get(target);
      if (other !== undefined) {
        ctx.report({
          pointer: `/linux/netDevices/${tok(host)}`,
          atKey: true,
          message: `devices ${JSON.stringify(other)} and ${JSON.stringify(host)} would both be named ${JSON.stringify(target)} in the container`,
          actual: target,
        });
      } else targets.set(target, host);
    }
  },
});
