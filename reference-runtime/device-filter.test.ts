// Tests of the cgroup v2 device filter: the eBPF program is run on a small interpreter.
import { describe, expect, it } from 'vitest';
import { compileDeviceFilter, ebpfHex, type EbpfInsn } from './device-filter.js';

const CHAR = 2;
const BLOCK = 1;
const R = 2;
const W = 4;
const M = 1;

/** Runs the program on bpf_cgroup_dev_ctx { access_type = access << 16 | type, major, minor }. */
function run(prog: EbpfInsn[], type: number, access: number, major: number, minor: number): number {
  const ctx = [((access << 16) | type) >>> 0, major, minor];
  const r = new Array<number>(11).fill(0);
  for (let pc = 0; pc < prog.length; pc++) {
    const i = prog[pc]!;
    switch (i.code) {
      case 0x61:
        r[i.dst] = ctx[i.off / 4]!;
        break;
      case 0xbc:
        r[i.dst] = r[i.src]! >>> 0;
        break;
      case 0x54:
        r[i.dst] = (r[i.dst]! & i.imm) >>> 0;
        break;
      case 0x74:
        r[i.dst] = r[i.dst]! >>> i.imm;
        break;
      case 0x55:
        if (r[i.dst] !== i.imm >>> 0) pc += i.off;
        break;
      case 0x15:
        if (r[i.dst] === i.imm >>> 0) pc += i.off;
        break;
      case 0xb7:
        r[i.dst] = i.imm;
        break;
      case 0x95:
        return r[0]!;
      default:
        throw new Error(`opcode ${i.code}`);
    }
  }
  throw new Error('fell off the end');
}

describe('compileDeviceFilter', () => {
  it('allows everything without rules', () => {
    const p = compileDeviceFilter([]);
    expect(run(p, CHAR, R | W, 1, 11)).toBe(1);
  });
  it('makes the last matching rule win', () => {
    const p = compileDeviceFilter([
      { allow: false, access: 'rwm' },
      { allow: true, type: 'c', major: 1, minor: 3, access: 'rwm' },
      { allow: true, type: 'c', major: 136, access: 'rw' },
      { allow: false, type: 'c', major: 1, minor: 3, access: 'w' },
    ]);
    expect(run(p, CHAR, R, 1, 3)).toBe(1); // allowed, and the later deny is only for w
    expect(run(p, CHAR, W, 1, 3)).toBe(0);
    expect(run(p, CHAR, R | W, 1, 3)).toBe(0);
    expect(run(p, CHAR, R, 1, 11)).toBe(0); // deny-all
    expect(run(p, BLOCK, R, 1, 3)).toBe(0); // type matters
    expect(run(p, CHAR, R | W, 136, 7)).toBe(1); // any minor
    expect(run(p, CHAR, M, 136, 7)).toBe(0); // mknod not granted
  });
  it('encodes 16 hex digits per instruction with negative offsets and immediates in two complement', () => {
    const p = compileDeviceFilter([{ allow: true, type: 'b', major: 8, access: 'r' }]);
    const hex = ebpfHex(p);
    expect(hex).toHaveLength(p.length * 16);
    expect(hex.slice(0, 16)).toBe('6121000000000000'); // r2 = *(u32 *)(r1 + 0)
    expect(p.every((i) => i.off >= 0)).toBe(true);
  });
});
