// seccomp.architectures lists the ABIs the filter covers. An ABI this kernel cannot run (SCMP_ARCH_AARCH64
// on an x86_64 kernel) never reaches the filter: its rules do nothing on this host. Hazard.
import { defineRule } from '../../../../harness/config/rule.js';
import { arr, linuxOf } from '../../util.js';

/** The ABIs a kernel of each machine runs: its own and its compat ones. */
const ABIS: Record<string, string[]> = {
  x86_64: ['SCMP_ARCH_X86_64', 'SCMP_ARCH_X86', 'SCMP_ARCH_X32'],
  i686: ['SCMP_ARCH_X86'],
  i386: ['SCMP_ARCH_X86'],
  aarch64: ['SCMP_ARCH_AARCH64', 'SCMP_ARCH_ARM'],
  arm64: ['SCMP_ARCH_AARCH64', 'SCMP_ARCH_ARM'],
  armv7l: ['SCMP_ARCH_ARM'],
  ppc64le: ['SCMP_ARCH_PPC64LE'],
  ppc64: ['SCMP_ARCH_PPC64', 'SCMP_ARCH_PPC'],
  s390x: ['SCMP_ARCH_S390X', 'SCMP_ARCH_S390'],
  mips64: ['SCMP_ARCH_MIPS64', 'SCMP_ARCH_MIPS64N32', 'SCMP_ARCH_MIPS'],
  mips64el: ['SCMP_ARCH_MIPSEL64', 'SCMP_ARCH_MIPSEL64N32', 'SCMP_ARCH_MIPSEL'],
  riscv64: ['SCMP_ARCH_RISCV64'],
  loongarch64: ['SCMP_ARCH_LOONGARCH64'],
};

export default defineRule({
  id: 'host.seccomp-architectures',
  title: 'seccomp architectures are ABIs this host kernel runs',
  kinds: ['config'],
  needs: 'host',
  requirements: ['config-linux.seccomp.architectures'],
  check(ctx) {
    const machine = ctx.host?.machine;
    const abis = machine === undefined ? undefined : ABIS[machine];
    const list = arr(linuxOf(ctx.value)?.seccomp?.architectures);
    // SPEC: a machine we have no table for: we cannot tell, so nothing is reported
    if (!abis) return;
    for (let i = 0; i < list.length; i++) {
      const a = list[i];
      if (typeof a !== 'string' || !a.startsWith('SCMP_ARCH_') || abis.includes(a)) continue;
      ctx.report({
        pointer: `/linux/seccomp/architectures/${i}`,
        level: 'hazard',
        message: `seccomp architecture ${a} is not an ABI this ${machine} kernel runs (it runs ${abis.join(', ')}): its rules never apply on this host`,
        expected: abis,
        actual: a,
      });
    }
  },
});
