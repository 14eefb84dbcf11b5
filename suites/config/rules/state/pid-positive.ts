// In a state document, pid is a process id: 0 or a negative number names no process (kill(2) would
// signal a process group). Presence when created/running is the schema's job. Hazard.
import { defineRule } from '../../../../harness/config/rule.js';
import { isObject } from '../../util.js';

export default defineRule({
  id: 'state.pid-positive',
  title: 'state pid is a positive process id',
  kinds: ['state'],
  requirements: ['runtime.state.pid-linux'],
  why: "The REQUIRED sentence is about pid's presence, which the schema checks. A pid of 0 or below is present but names no process (kill(2) would signal a process group), which the spec does not forbid in words: a hazard.",
  check(ctx) {
    const v = ctx.value;
    if (!isObject(v) || typeof v.pid !== 'number' || v.pid > 0) return;
    if (v.status === 'stopped' || v.status === 'creating') return;
    ctx.report({
      pointer: '/pid',
      level: 'hazard',
      message: `expected a positive process id, found ${v.pid}`,
      expected: '> 0',
      actual: v.pid,
    });
  },
});
