// linux.memoryPolicy: MPOL_DEFAULT and MPOL_LOCAL take no nodes, MPOL_BIND and MPOL_INTERLEAVE need at
// least one (config-linux.md, 1.3.0+);
// nodes use the cpuset list syntax; MPOL_F_STATIC_NODES and MPOL_F_RELATIVE_NODES exclude each other.
import { defineRule } from '../../../../harness/config/rule.js';
import { arr, cpuListProblem, isObject, linuxOf } from '../../util.js';

const NO_NODES = new Set(['MPOL_DEFAULT', 'MPOL_LOCAL']);
// SPEC: the spec names MPOL_BIND and MPOL_INTERLEAVE as needing nodes; the kernel also refuses an empty
// set for MPOL_PREFERRED_MANY and MPOL_WEIGHTED_INTERLEAVE (EINVAL), reported as a hazard.
const NEED_NODES = new Set(['MPOL_BIND', 'MPOL_INTERLEAVE']);
const KERNEL_NEEDS_NODES = new Set(['MPOL_PREFERRED_MANY', 'MPOL_WEIGHTED_INTERLEAVE']);

export default defineRule({
  id: 'config.linux.memory-policy-nodes',
  title: 'memoryPolicy nodes fit the mode',
  kinds: ['config'],
  since: '1.3.0',
  requirements: ['config-linux.memoryPolicy.nodes-per-mode', 'config-linux.memoryPolicy.flags-enum'],
  why: 'The per-mode node sentences have no keyword, but set_mempolicy(2) fails with EINVAL for MPOL_BIND or MPOL_INTERLEAVE without nodes: an unsupported value, which config.valid-values.error (MUST) makes an error. Nodes given to a mode that ignores them, and flags that exclude each other, are hazards.',
  check(ctx) {
    const mp = linuxOf(ctx.value)?.memoryPolicy;
    if (!isObject(mp) || typeof mp.mode !== 'string') return;
    const nodes = typeof mp.nodes === 'string' ? mp.nodes : '';
    if (NO_NODES.has(mp.mode) && nodes !== '') {
      ctx.report({
        pointer: '/linux/memoryPolicy/nodes',
        message: `${mp.mode} takes no nodes, found ${JSON.stringify(nodes)}`,
        expected: '',
        actual: nodes,
      });
    } else if ((NEED_NODES.has(mp.mode) || KERNEL_NEEDS_NODES.has(mp.mode)) && nodes === '') {
      ctx.report({
        pointer: mp.nodes === undefined ? '/linux/memoryPolicy' : '/linux/memoryPolicy/nodes',
        level: NEED_NODES.has(mp.mode) ? undefined : 'hazard',
        message: `${mp.mode} needs at least one node, found none`,
        expected: 'a node list such as 0-1',
      });
    } else if (nodes !== '') {
      const problem = cpuListProblem(nodes);
      if (problem)
        ctx.report({
          pointer: '/linux/memoryPolicy/nodes',
          level: 'hazard',
          message: `expected a node list like 0-1,3: ${problem}`,
          actual: nodes,
        });
    }
    const flags = arr(mp.flags);
    if (flags.includes('MPOL_F_STATIC_NODES') && flags.includes('MPOL_F_RELATIVE_NODES')) {
      ctx.report({
        pointer: '/linux/memoryPolicy/flags',
        requirements: ['config-linux.memoryPolicy.flags-enum'],
        level: 'hazard',
        message:
          'MPOL_F_STATIC_NODES and MPOL_F_RELATIVE_NODES exclude each other: set_mempolicy fails with EINVAL',
        actual: flags,
      });
    }
  },
});
