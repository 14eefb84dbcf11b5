// process.oomScoreAdj is written to /proc/<pid>/oom_score_adj, which takes -1000..1000 (EINVAL
// otherwise). The spec states no range: a hazard.
import { defineRule } from '../../../../harness/config/rule.js';
import { processOf } from '../../util.js';

export default defineRule({
  id: 'config.process.oom-score-adj-range',
  title: 'oomScoreAdj is within -1000..1000',
  kinds: ['config'],
  requirements: ['config.process.oomScoreAdj.set'],
  why: 'The MUST binds the runtime to write the value to oom_score_adj; the spec states no range, so a value outside -1000..1000 breaks no sentence about the document. The kernel refuses it (EINVAL) and create fails: a hazard, not a violation.',
  check(ctx) {
    const v = processOf(ctx.value)?.oomScoreAdj;
    if (typeof v !== 'number' || (v >= -1000 && v <= 1000)) return;
    ctx.report({
      pointer: '/process/oomScoreAdj',
      level: 'hazard',
      message: `expected oomScoreAdj within -1000..1000 (the kernel's oom_score_adj range), found ${v}`,
      expected: '-1000..1000',
      actual: v,
    });
  },
});
