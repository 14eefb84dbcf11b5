// A small seccomp BPF compiler for linux.seccomp (config-linux.md "Seccomp"): native architecture
// only, first matching rule wins, 64-bit argument comparisons. The init loads the result.
import { execFileSync } from 'node:child_process';
import {
  SECCOMP_ACTIONS as SPEC_SECCOMP_ACTIONS,
  SECCOMP_OPERATORS as SPEC_SECCOMP_OPERATORS,
  type SeccompAction,
  type SeccompOperator,
} from '../schemas/runtime/vocabulary.js';
import type { SpecSeccomp } from './spec.js';

// BPF opcodes (linux/filter.h).
const LD_W_ABS = 0x20;
const JEQ_K = 0x15;
const JGT_K = 0x25;
const JGE_K = 0x35;
const AND_K = 0x54;
const RET_K = 0x06;

const RET_KILL_PROCESS = 0x80000000;
const RET_KILL_THREAD = 0;
const RET_TRAP = 0x00030000;
const RET_ERRNO = 0x00050000;
const RET_TRACE = 0x7ff00000;
const RET_LOG = 0x7ffc0000;
const RET_ALLOW = 0x7fff0000;
const EPERM = 1;

const AUDIT_ARCH: Record<string, [number, string]> = {
  x64: [0xc000003e, 'SCMP_ARCH_X86_64'],
  arm64: [0xc00000b7, 'SCMP_ARCH_AARCH64'],
};

/** Flags the kernel knows (seccomp(2)); names as config-linux.md spells them. */
export const SECCOMP_FLAGS: Readonly<Record<string, number>> = {
  SECCOMP_FILTER_FLAG_TSYNC: 1,
  SECCOMP_FILTER_FLAG_LOG: 2,
  SECCOMP_FILTER_FLAG_SPEC_ALLOW: 4,
};

/**
 * Actions this compiler supports: the spec's list without SCMP_ACT_NOTIFY (it needs a listener; it
 * is refused).
 */
export const SECCOMP_ACTIONS: readonly SeccompAction[] = SPEC_SECCOMP_ACTIONS.filter(
  (a) => a !== 'SCMP_ACT_NOTIFY',
);

/** Operators this compiler supports: all of the spec's. */
export const SECCOMP_OPERATORS: readonly SeccompOperator[] = SPEC_SECCOMP_OPERATORS;

/** The native architecture's libseccomp name, or undefined when unsupported. */
export function nativeArch(): string | undefined {
  return AUDIT_ARCH[process.arch]?.[1];
}

function actionValue(action: string, errnoRet: number | undefined, where: string): number {
  // config-linux.md: errnoRet / defaultErrnoRet with an action that returns no errno is an error.
  if (errnoRet !== undefined && action !== 'SCMP_ACT_ERRNO' && action !== 'SCMP_ACT_TRACE')
    throw new Error(
      `${where}: an errno return value is only meaningful with SCMP_ACT_ERRNO or SCMP_ACT_TRACE, found it with ${action}`,
    );
  switch (action) {
    case 'SCMP_ACT_KILL':
    case 'SCMP_ACT_KILL_THREAD':
      return RET_KILL_THREAD;
    case 'SCMP_ACT_KILL_PROCESS':
      return RET_KILL_PROCESS;
    case 'SCMP_ACT_TRAP':
      return RET_TRAP;
    case 'SCMP_ACT_ERRNO':
      return (RET_ERRNO | ((errnoRet ?? EPERM) & 0xffff)) >>> 0;
    case 'SCMP_ACT_TRACE':
      return (RET_TRACE | ((errnoRet ?? EPERM) & 0xffff)) >>> 0;
    case 'SCMP_ACT_LOG':
      return RET_LOG;
    case 'SCMP_ACT_ALLOW':
      return RET_ALLOW;
    default:
      throw new Error(`${where}: action ${JSON.stringify(action)} is not supported by the reference runtime`);
  }
}

/** One instruction; jt/jf may be labels resolved at assembly. */
interface Ins {
  code: number;
  jt: number | string;
  jf: number | string;
  k: number;
}

const ins = (code: number, k: number, jt: number | string = 0, jf: number | string = 0): Ins => ({
  code,
  jt,
  jf,
  k: k >>> 0,
});

function argConds(index: number, op: string, value: bigint, valueTwo: bigint): Ins[] {
  const lo = Number(value & 0xffffffffn);
  const hi = Number((value >> 32n) & 0xffffffffn);
  const ldLo = ins(LD_W_ABS, 16 + 8 * index);
  const ldHi = ins(LD_W_ABS, 20 + 8 * index);
  // 'F' = the rule does not match; 'T' = this condition holds (go on to the next one).
  switch (op) {
    case 'SCMP_CMP_EQ':
      return [ldHi, ins(JEQ_K, hi, 0, 'F'), ldLo, ins(JEQ_K, lo, 'T', 'F')];
    case 'SCMP_CMP_NE':
      return [ldHi, ins(JEQ_K, hi, 0, 'T'), ldLo, ins(JEQ_K, lo, 'F', 'T')];
    case 'SCMP_CMP_GT':
      return [ldHi, ins(JGT_K, hi, 'T', 0), ins(JEQ_K, hi, 0, 'F'), ldLo, ins(JGT_K, lo, 'T', 'F')];
    case 'SCMP_CMP_GE':
      return [ldHi, ins(JGT_K, hi, 'T', 0), ins(JEQ_K, hi, 0, 'F'), ldLo, ins(JGE_K, lo, 'T', 'F')];
    case 'SCMP_CMP_LT':
      return [ldHi, ins(JGT_K, hi, 'F', 0), ins(JEQ_K, hi, 0, 'T'), ldLo, ins(JGE_K, lo, 'F', 'T')];
    case 'SCMP_CMP_LE':
      return [ldHi, ins(JGT_K, hi, 'F', 0), ins(JEQ_K, hi, 0, 'T'), ldLo, ins(JGT_K, lo, 'F', 'T')];
    case 'SCMP_CMP_MASKED_EQ': {
      const elo = Number(valueTwo & 0xffffffffn);
      const ehi = Number((valueTwo >> 32n) & 0xffffffffn);
      return [ldHi, ins(AND_K, hi), ins(JEQ_K, ehi, 0, 'F'), ldLo, ins(AND_K, lo), ins(JEQ_K, elo, 'T', 'F')];
    }
    default:
      throw new Error(`operator ${JSON.stringify(op)}: expected one of ${SECCOMP_OPERATORS.join(', ')}`);
  }
}

/**
 * Compiles a seccomp object to BPF for the native architecture. `table` maps syscall names to
 * numbers; unknown names are skipped (as runc does for names the architecture lacks).
 */
export function compileSeccompWith(
  sc: SpecSeccomp,
  table: ReadonlyMap<string, number>,
  arch = process.arch,
): { flags: number; program: Ins[] } {
  const native = AUDIT_ARCH[arch];
  if (!native)
    throw new Error(`linux.seccomp: architecture ${arch} is not supported by the reference runtime`);
  if (sc.listenerPath)
    throw new Error('linux.seccomp.listenerPath: seccomp notify is not supported by the reference runtime');
  let flags = 0;
  for (const f of sc.flags ?? []) {
    const v = SECCOMP_FLAGS[f];
    if (v === undefined) throw new Error(`linux.seccomp.flags: unknown flag ${JSON.stringify(f)}`);
    flags |= v;
  }
  const def = actionValue(sc.defaultAction, sc.defaultErrnoRet, 'linux.seccomp.defaultAction');
  const prog: Ins[] = [ins(LD_W_ABS, 4), ins(JEQ_K, native[0], 1, 0), ins(RET_K, def)];
  // SPEC: x32 system calls on x86-64 (nr >= 0x40000000) get the default action.
  prog.push(ins(LD_W_ABS, 0));
  if (arch === 'x64') prog.push(ins(JGE_K, 0x40000000, 0, 1), ins(RET_K, def));
  for (const [i, rule] of (sc.syscalls ?? []).entries()) {
    const where = `linux.seccomp.syscalls[${i}]`;
    const act = actionValue(rule.action, rule.errnoRet, where);
    for (const name of rule.names) {
      const nr = table.get(name);
      if (nr === undefined) continue;
      if (!rule.args || rule.args.length === 0) {
        prog.push(ins(JEQ_K, nr, 0, 1), ins(RET_K, act));
        continue;
      }
      const block: Ins[] = [ins(JEQ_K, nr, 0, 'F')];
      for (const a of rule.args) {
        if (!Number.isInteger(a.index) || a.index < 0 || a.index > 5)
          throw new Error(`${where}.args: index ${a.index} out of range 0 to 5`);
        const conds = argConds(a.index, a.op, BigInt(a.value), BigInt(a.valueTwo ?? 0));
        // Resolve 'T' to the instruction after this condition; keep 'F' for the block end.
        const base = block.length;
        const after = base + conds.length;
        for (const [j, c] of conds.entries()) {
          const at = base + j;
          if (c.jt === 'T') c.jt = after - at - 1;
          if (c.jf === 'T') c.jf = after - at - 1;
        }
        block.push(...conds);
      }
      block.push(ins(RET_K, act));
      const end = block.length; // 'F' lands on the reload of the syscall number after the block
      for (const [j, c] of block.entries()) {
        if (c.jt === 'F') c.jt = end - j - 1;
        if (c.jf === 'F') c.jf = end - j - 1;
      }
      prog.push(...block, ins(LD_W_ABS, 0));
    }
  }
  prog.push(ins(RET_K, def));
  if (prog.length > 4096)
    throw new Error(`linux.seccomp: the filter needs ${prog.length} instructions; the kernel allows 4096`);
  for (const p of prog) {
    if (typeof p.jt !== 'number' || typeof p.jf !== 'number' || p.jt > 255 || p.jf > 255)
      throw new Error('linux.seccomp: internal error: unresolved or too long jump');
  }
  return { flags, program: prog };
}

/** Hex form the init reads: 16 hex digits per instruction (code, jt, jf, k). */
export function programHex(program: readonly Ins[]): string {
  return program
    .map(
      (p) =>
        p.code.toString(16).padStart(4, '0') +
        (p.jt as number).toString(16).padStart(2, '0') +
        (p.jf as number).toString(16).padStart(2, '0') +
        p.k.toString(16).padStart(8, '0'),
    )
    .join('');
}

let cachedTable: Map<string, number> | undefined;

/** The native syscall table, from the init binary (built from <sys/syscall.h>). */
export function syscallTable(initPath: string): Map<string, number> {
  if (cachedTable) return cachedTable;
  const out = execFileSync(initPath, ['--syscalls'], { encoding: 'utf8' });
  cachedTable = new Map(
    out
      .trim()
      .split('\n')
      .map((l) => l.split(' '))
      .map(([n, v]) => [n!, Number(v)] as [string, number]),
  );
  return cachedTable;
}
