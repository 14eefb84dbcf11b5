// Capability names are capabilities(7) names. Before 1.1.0 an unmappable value MUST make the runtime
// error; from 1.1.0 the runtime MUST only log a warning (and SHOULD NOT fail), so it is a hazard.
import { defineRule } from '../../../../harness/config/rule.js';
import { forEachCapability, ungrantableCapability } from '../../capabilities.js';
import { LINUX_CAPABILITIES, LINUX_CAPABILITY_SET } from '../../data.js';

function distance(a: string, b: string): number {
  const d: number[] = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = d[0]!;
    d[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = d[j]!;
      d[j] = Math.min(d[j]! + 1, d[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return d[b.length]!;
}

/** The known name closest to `name` (case and CAP_ prefix forgiven), if any is near. */
export function suggestCapability(name: string): string | undefined {
  const norm = name.toUpperCase().startsWith('CAP_') ? name.toUpperCase() : 'CAP_' + name.toUpperCase();
  if (LINUX_CAPABILITY_SET.has(norm)) return norm;
  let best: string | undefined;
  let bestD = 3;
  for (const c of LINUX_CAPABILITIES) {
    const dd = distance(norm, c);
    if (dd < bestD) {
      bestD = dd;
      best = c;
    }
  }
  return best;
}

export default defineRule({
  id: 'config.process.capabilities-known',
  title: 'capability names are Linux capability names',
  kinds: ['config'],
  requirements: ['config.process.capabilities.unmappable-warning', 'config.valid-values.error'],
  why: 'From 1.1.0 the MUST binds the runtime to log a warning for a capability it cannot map, and it SHOULD NOT fail: the document is not invalid, the capability is only not granted, so the finding is a hazard. Before 1.1.0 the name is an unsupported value and config.valid-values.error makes it an error.',
  check(ctx) {
    forEachCapability(ctx.value, (c, set, i) => {
      if (LINUX_CAPABILITY_SET.has(c)) return;
      const hint = suggestCapability(c);
      const how = ungrantableCapability(ctx.specVersion, set, i);
      ctx.report({
        ...how,
        message:
          `unknown capability ${JSON.stringify(c)} in ${set}` +
          (hint ? `: did you mean ${hint}?` : ': expected a capabilities(7) name such as CAP_KILL') +
          (how.level === 'must' ? '' : ' (the runtime only warns and the capability is not granted)'),
        expected: hint ?? 'a capabilities(7) name',
        actual: c,
      });
    });
  },
});
