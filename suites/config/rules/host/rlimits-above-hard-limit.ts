// rlimits whose hard value is above this host's hard limit, when the caller lacks CAP_SYS_RESOURCE: the
// kernel refuses to raise a hard limit (setrlimit EPERM), so create fails on this host (podman's
// RLIMIT_NOFILE 1048576 on a host with a lower hard limit is the classic case).
import { defineRule } from '../../../../harness/config/rule.js';
import { arr, exactInteger, isObject, processOf } from '../../util.js';

export default defineRule({
  id: 'host.rlimits-above-hard-limit',
  title: 'rlimits can be raised to their hard value on this host',
  kinds: ['config'],
  needs: 'host',
  requirements: ['config.process.rlimits.hard'],
  check(ctx) {
    const host = ctx.host;
    if (!host?.hardLimits || !host.callerCapabilities) return;
    if (host.callerCapabilities.includes('CAP_SYS_RESOURCE')) return;
    const list = arr(processOf(ctx.value)?.rlimits);
    for (let i = 0; i < list.length; i++) {
      const r = list[i];
      if (!isObject(r) || typeof r.type !== 'string' || typeof r.hard !== 'number') continue;
      const limit = host.hardLimits[r.type];
      const hard = exactInteger(ctx.doc, `/process/rlimits/${i}/hard`, r.hard);
      if (limit === undefined || hard === undefined || hard <= limit) continue;
      ctx.report({
        pointer: `/process/rlimits/${i}/hard`,
        message: `create will fail on this host: ${r.type} hard ${hard} is above this host's hard limit ${limit} and the caller lacks CAP_SYS_RESOURCE (setrlimit: operation not permitted)`,
        expected: `<= ${limit}, or run with CAP_SYS_RESOURCE`,
        actual: String(hard),
      });
    }
  },
});
