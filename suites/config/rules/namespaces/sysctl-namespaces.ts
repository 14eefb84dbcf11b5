// linux.sysctl writes /proc/sys in the container's namespaces. net.* needs the container's own network
// namespace, IPC sysctls (kernel.msg*, kernel.sem, kernel.shm*, fs.mqueue.*) an ipc namespace,
// kernel.hostname/domainname a uts namespace; without one the write changes the host. Other sysctls
// are not namespaced at all. The spec states no keyword: each is a hazard.
import { defineRule } from '../../../../harness/config/rule.js';
import { IPC_SYSCTLS, UTS_SYSCTLS } from '../../data.js';
import { isObject, linuxOf, namespaceEntry, tok } from '../../util.js';

function namespaceFor(key: string): 'network' | 'ipc' | 'uts' | undefined {
  if (key.startsWith('net.')) return 'network';
  if (key.startsWith('fs.mqueue.') || IPC_SYSCTLS.has(key)) return 'ipc';
  if (UTS_SYSCTLS.has(key)) return 'uts';
  return undefined;
}

export default defineRule({
  id: 'config.linux.sysctl-namespaces',
  title: 'sysctls are namespaced and their namespace is the container’s own',
  kinds: ['config'],
  requirements: ['config-linux.sysctl.applied'],
  check(ctx) {
    const sysctl = linuxOf(ctx.value)?.sysctl;
    if (!isObject(sysctl)) return;
    for (const key in sysctl) {
      // sysctl keys may use '/' as the separator (as sysctl(8) accepts)
      const k = key.replace(/\//g, '.');
      const ns = namespaceFor(k);
      if (ns === undefined) {
        ctx.report({
          pointer: `/linux/sysctl/${tok(key)}`,
          atKey: true,
          level: 'hazard',
          message: `sysctl ${key} is not namespaced: setting it changes the host (runc rejects it)`,
          actual: key,
        });
      } else if (namespaceEntry(ctx.value, ns) === undefined) {
        ctx.report({
          pointer: `/linux/sysctl/${tok(key)}`,
          atKey: true,
          level: 'hazard',
          message: `sysctl ${key} needs the container's own ${ns} namespace, but linux.namespaces has no '${ns}' entry: it would change the host's value`,
          expected: `a linux.namespaces entry of type '${ns}'`,
          actual: key,
        });
      }
    }
  },
});
