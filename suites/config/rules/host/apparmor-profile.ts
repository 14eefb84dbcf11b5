// process.apparmorProfile names a profile loaded in this host's kernel: with AppArmor disabled, or the
// profile not loaded, the runtime cannot apply it and fails the start. Hazard.
import { defineRule } from '../../../../harness/config/rule.js';
import { processOf } from '../../util.js';

const PROFILES = '/sys/kernel/security/apparmor/profiles';
const ENABLED = '/sys/module/apparmor/parameters/enabled';

export default defineRule({
  id: 'host.apparmor-profile',
  title: 'apparmorProfile is loaded on this host',
  kinds: ['config'],
  needs: 'host',
  requirements: ['config.process.apparmorProfile'],
  check(ctx) {
    const profile = processOf(ctx.value)?.apparmorProfile;
    const host = ctx.host;
    if (!host?.readFile || typeof profile !== 'string' || profile === '' || profile === 'unconfined') return;
    const enabled = host.readFile(ENABLED)?.trim();
    if (enabled !== 'Y') {
      ctx.report({
        pointer: '/process/apparmorProfile',
        level: 'hazard',
        message: `apparmorProfile ${JSON.stringify(profile)} is set but AppArmor is not enabled on this host`,
        actual: profile,
      });
      return;
    }
    const list = host.readFile(PROFILES);
    // SPEC: the profiles list is readable by root only; when it cannot be read, we cannot tell
    if (list === undefined) return;
    for (const line of list.split('\n')) if (line.startsWith(profile + ' (')) return;
    ctx.report({
      pointer: '/process/apparmorProfile',
      level: 'hazard',
      message: `AppArmor profile ${JSON.stringify(profile)} is not loaded on this host`,
      actual: profile,
    });
  },
});
