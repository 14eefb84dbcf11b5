// Tests of the seccomp BPF compiler: the program is run on a small BPF interpreter against
// seccomp_data values, so each rule's verdict is checked, not the bytes.
import { describe, expect, it } from 'vitest';
import { compileSeccompWith, programHex } from './seccomp.js';
import type { SpecSeccomp } from './spec.js';

const table = new Map([
  ['read', 0],
  ['write', 1],
  ['mkdir', 83],
  ['personality', 135],
  ['mkdirat', 258],
]);
const X86_64 = 0xc000003e;
const ALLOW = 0x7fff0000;
const ERRNO = (e: number) => 0x00050000 | e;

/** Runs a classic BPF program over seccomp_data { nr, arch, ip, args[6] }. */
function run(
  prog: ReturnType<typeof compileSeccompWith>['program'],
  nr: number,
  args: bigint[] = [],
  arch = X86_64,
): number {
  const word = (off: number): number => {
    if (off === 0) return nr >>> 0;
    if (off === 4) return arch >>> 0;
    const i = Math.floor((off - 16) / 8);
    const v = args[i] ?? 0n;
    return Number((off - 16) % 8 === 0 ? v & 0xffffffffn : (v >> 32n) & 0xffffffffn);
  };
  let a = 0;
  for (let pc = 0; pc < prog.length; pc++) {
    const ins = prog[pc]!;
    const jt = ins.jt as number;
    const jf = ins.jf as number;
    switch (ins.code) {
      case 0x20:
        a = word(ins.k);
        break;
      case 0x54:
        a = (a & ins.k) >>> 0;
        break;
      case 0x15:
        pc += a === ins.k ? jt : jf;
        break;
      case 0x25:
        pc += a > ins.k ? jt : jf;
        break;
      case 0x35:
        pc += a >= ins.k ? jt : jf;
        break;
      case 0x06:
        return ins.k;
      default:
        throw new Error(`unknown opcode ${ins.code}`);
    }
  }
  throw new Error('fell off the end of the program');
}

describe('compileSeccompWith', () => {
  it('applies the default action and per-syscall actions, with EPERM as the default errno', () => {
    const sc: SpecSeccomp = {
      defaultAction: 'SCMP_ACT_ALLOW',
      syscalls: [{ names: ['mkdir', 'mkdirat', 'nosuchcall'], action: 'SCMP_ACT_ERRNO' }],
    };
    const { program } = compileSeccompWith(sc, table, 'x64');
    expect(run(program, 83)).toBe(ERRNO(1));
    expect(run(program, 258)).toBe(ERRNO(1));
    expect(run(program, 0)).toBe(ALLOW);
    // another architecture and x32 numbers get the default action
    expect(run(program, 83, [], 0x40000003)).toBe(ALLOW);
    expect(run(program, 0x40000000 + 83)).toBe(ALLOW);
  });
  it('compares 64-bit arguments with every operator', () => {
    const big = 0x1_0000_0005n;
    const rule = (op: string, value: number | bigint, valueTwo?: number) =>
      compileSeccompWith(
        {
          defaultAction: 'SCMP_ACT_ERRNO',
          defaultErrnoRet: 38,
          syscalls: [
            {
              names: ['personality'],
              action: 'SCMP_ACT_ALLOW',
              args: [{ index: 0, op, value: Number(value), ...(valueTwo !== undefined ? { valueTwo } : {}) }],
            },
          ],
        },
        table,
        'x64',
      ).program;
    const verdict = (p: ReturnType<typeof rule>, v: bigint) =>
      run(p, 135, [v]) === ALLOW ? 'allow' : 'deny';
    const eq = rule('SCMP_CMP_EQ', big);
    expect([verdict(eq, big), verdict(eq, 5n), verdict(eq, big + 1n)]).toEqual(['allow', 'deny', 'deny']);
    const ne = rule('SCMP_CMP_NE', 8);
    expect([verdict(ne, 8n), verdict(ne, 9n), verdict(ne, 8n + (1n << 32n))]).toEqual([
      'deny',
      'allow',
      'allow',
    ]);
    const gt = rule('SCMP_CMP_GT', big);
    expect([verdict(gt, big), verdict(gt, big + 1n), verdict(gt, 1n << 33n), verdict(gt, 6n)]).toEqual([
      'deny',
      'allow',
      'allow',
      'deny',
    ]);
    const ge = rule('SCMP_CMP_GE', big);
    expect([verdict(ge, big), verdict(ge, big - 1n)]).toEqual(['allow', 'deny']);
    const lt = rule('SCMP_CMP_LT', big);
    expect([verdict(lt, big), verdict(lt, big - 1n), verdict(lt, 7n), verdict(lt, 1n << 33n)]).toEqual([
      'deny',
      'allow',
      'allow',
      'deny',
    ]);
    const le = rule('SCMP_CMP_LE', big);
    expect([verdict(le, big), verdict(le, big + 1n)]).toEqual(['allow', 'deny']);
    const masked = rule('SCMP_CMP_MASKED_EQ', 0xff, 0x08);
    expect([verdict(masked, 0x108n), verdict(masked, 0x109n)]).toEqual(['allow', 'deny']);
    // a non-matching rule falls through to the default action with its errno
    expect(run(eq, 135, [1n])).toBe(ERRNO(38));
  });
  it('ANDs the args of one rule and lets a later rule match after an earlier one failed', () => {
    const { program } = compileSeccompWith(
      {
        defaultAction: 'SCMP_ACT_ERRNO',
        syscalls: [
          {
            names: ['write'],
            action: 'SCMP_ACT_ALLOW',
            args: [
              { index: 0, op: 'SCMP_CMP_EQ', value: 1 },
              { index: 2, op: 'SCMP_CMP_LE', value: 10 },
            ],
          },
          {
            names: ['write'],
            action: 'SCMP_ACT_ERRNO',
            errnoRet: 28,
            args: [{ index: 0, op: 'SCMP_CMP_EQ', value: 2 }],
          },
          { names: ['read'], action: 'SCMP_ACT_ALLOW' },
        ],
      },
      table,
      'x64',
    );
    expect(run(program, 1, [1n, 0n, 10n])).toBe(ALLOW);
    expect(run(program, 1, [1n, 0n, 11n])).toBe(ERRNO(1));
    expect(run(program, 1, [2n])).toBe(ERRNO(28));
    expect(run(program, 0)).toBe(ALLOW);
  });
  it('refuses what it cannot compile and encodes 16 hex digits per instruction', () => {
    expect(() => compileSeccompWith({ defaultAction: 'SCMP_ACT_NOTIFY' }, table, 'x64')).toThrow(
      /SCMP_ACT_NOTIFY/,
    );
    expect(() =>
      compileSeccompWith({ defaultAction: 'SCMP_ACT_ALLOW', flags: ['BOGUS'] }, table, 'x64'),
    ).toThrow(/BOGUS/);
    expect(() =>
      compileSeccompWith(
        {
          defaultAction: 'SCMP_ACT_ALLOW',
          syscalls: [
            {
              names: ['read'],
              action: 'SCMP_ACT_ALLOW',
              args: [{ index: 0, op: 'SCMP_CMP_BOGUS', value: 1 }],
            },
          ],
        },
        table,
        'x64',
      ),
    ).toThrow(/SCMP_CMP_BOGUS/);
    expect(() => compileSeccompWith({ defaultAction: 'SCMP_ACT_ALLOW' }, table, 'riscv64')).toThrow(
      /riscv64/,
    );
    const { program, flags } = compileSeccompWith(
      { defaultAction: 'SCMP_ACT_ALLOW', flags: ['SECCOMP_FILTER_FLAG_LOG'] },
      table,
      'x64',
    );
    expect(flags).toBe(2);
    expect(programHex(program)).toHaveLength(program.length * 16);
    expect(programHex(program).slice(0, 16)).toBe('0020000000000004');
  });
});
