// linux.sysctl writes /proc/sys/<key> in the container. A key this kernel does not have (no /proc/sys
// path), or a net.* key this kernel does not keep per network namespace (absent from /proc/sys/net in a
// new one, e.g. net.core.bpf_jit_enable) when the config makes a new network namespace, has no file to
// write there: the write fails with ENOENT and create fails on this host.
import { defineRule } from '../../../../harness/config/rule.js';
import { createsNamespace, isObject, linuxOf, tok } from '../../util.js';

export default defineRule({
  id: 'host.sysctls-kernel',
  title: 'sysctls exist in this host kernel, in the namespaces the config makes',
  kinds: ['config'],
  needs: 'host',
  requirements: ['config.valid-values.error', 'config-linux.sysctl.applied'],
  check(ctx) {
    const host = ctx.host;
    const sysctl = linuxOf(ctx.value)?.sysctl;
    if (!host?.hasSysctl || !isObject(sysctl)) return;
    const perNetns: string[] = [];
    for (const key of Object.keys(sysctl)) {
      const dotted = key.replace(/\//g, '.');
      if (!host.hasSysctl(key)) {
        ctx.report({
          pointer: `/linux/sysctl/${tok(key)}`,
          atKey: true,
          message: `create will fail on this host: this kernel has no sysctl ${key} (/proc/sys/${dotted.replace(/\./g, '/')} does not exist)`,
          expected: 'a sysctl this kernel has',
          actual: key,
        });
      } else if (dotted.startsWith('net.')) perNetns.push(key);
    }
    if (perNetns.length === 0 || !createsNamespace(ctx.value, 'network') || !host.sysctlsInNewNetns) return;
    const inNetns = host.sysctlsInNewNetns(perNetns);
    // SPEC: when this process cannot make a network namespace to look, we cannot tell
    if (inNetns === undefined) return;
    for (const key of perNetns) {
      if (inNetns.has(key)) continue;
      ctx.report({
        pointer: `/linux/sysctl/${tok(key)}`,
        atKey: true,
        message: `create will fail on this host: sysctl ${key} exists on the host but this kernel does not keep it per network namespace, so the container's new network namespace has no ${key} to write`,
        expected: 'a sysctl present in a new network namespace',
        actual: key,
      });
    }
  },
});
