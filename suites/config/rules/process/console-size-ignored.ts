// consoleSize is ignored unless process.terminal is true (config.md "Process"): info.
import { defineRule } from '../../../../harness/config/rule.js';
import { processOf } from '../../util.js';

export default defineRule({
  id: 'config.process.console-size-ignored',
  title: 'consoleSize comes with terminal: true',
  kinds: ['config'],
  requirements: ['config.process.consoleSize-ignored-without-terminal'],
  why: 'The MUST binds the runtime: it ignores consoleSize unless terminal is true. The document is valid and the setting does nothing: info.',
  check(ctx) {
    const p = processOf(ctx.value);
    if (!p || p.consoleSize === undefined || p.terminal === true) return;
    ctx.report({
      pointer: '/process/consoleSize',
      atKey: true,
      level: 'info',
      message: 'consoleSize is set but process.terminal is not true: runtimes ignore it',
    });
  },
});
