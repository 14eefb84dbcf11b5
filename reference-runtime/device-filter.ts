// The cgroup v2 device controller: linux.resources.devices compiled to an eBPF program of type
// BPF_PROG_TYPE_CGROUP_DEVICE (the init loads it and attaches it to the container's cgroup).
import type { SpecDeviceCgroup } from './spec.js';

/** One eBPF instruction (struct bpf_insn). */
export interface EbpfInsn {
  code: number;
  dst: number;
  src: number;
  off: number;
  imm: number;
}

// Opcodes (linux/bpf_common.h, linux/bpf.h).
const LDX_MEM_W = 0x61;
const MOV32_X = 0xbc;
const AND32_K = 0x54;
const RSH32_K = 0x74;
const JNE_K = 0x55;
const JEQ_K = 0x15;
const MOV64_K = 0xb7;
const EXIT = 0x95;

const DEV_BLOCK = 1;
const DEV_CHAR = 2;
const ACC_MKNOD = 1;
const ACC_READ = 2;
const ACC_WRITE = 4;

function accessBits(access: string | undefined): number {
  let a = 0;
  for (const ch of access ?? 'rwm')
    a |= ch === 'r' ? ACC_READ : ch === 'w' ? ACC_WRITE : ch === 'm' ? ACC_MKNOD : 0;
  return a;
}

const I = (code: number, dst: number, src: number, off: number, imm: number): EbpfInsn => ({
  code,
  dst,
  src,
  off,
  imm: imm | 0,
});

/**
 * Compiles device rules. SPEC: like the v1 controller starting from "allow all", the last rule
 * that matches a request decides; an allow rule matches when it grants every access asked for, a
 * deny rule when it denies any of them; no match allows.
 */
export function compileDeviceFilter(rules: readonly SpecDeviceCgroup[]): EbpfInsn[] {
  // r2 = type, r3 = access, r4 = major, r5 = minor (ctx: access_type, major, minor as u32).
  const prog: EbpfInsn[] = [
    I(LDX_MEM_W, 2, 1, 0, 0),
    I(MOV32_X, 3, 2, 0, 0),
    I(AND32_K, 2, 0, 0, 0xffff),
    I(RSH32_K, 3, 0, 0, 16),
    I(LDX_MEM_W, 4, 1, 4, 0),
    I(LDX_MEM_W, 5, 1, 8, 0),
  ];
  for (const rule of [...rules].reverse()) {
    const block: EbpfInsn[] = [];
    const type = rule.type ?? 'a';
    if (type === 'c' || type === 'b') block.push(I(JNE_K, 2, 0, -1, type === 'c' ? DEV_CHAR : DEV_BLOCK));
    if (rule.major !== undefined && rule.major >= 0) block.push(I(JNE_K, 4, 0, -1, rule.major));
    if (rule.minor !== undefined && rule.minor >= 0) block.push(I(JNE_K, 5, 0, -1, rule.minor));
    const a = accessBits(rule.access);
    block.push(I(MOV32_X, 6, 3, 0, 0));
    if (rule.allow) {
      block.push(I(AND32_K, 6, 0, 0, ~a & 0xffff), I(JNE_K, 6, 0, -1, 0));
    } else {
      block.push(I(AND32_K, 6, 0, 0, a), I(JEQ_K, 6, 0, -1, 0));
    }
    block.push(I(MOV64_K, 0, 0, 0, rule.allow ? 1 : 0), I(EXIT, 0, 0, 0, 0));
    // -1 marks "skip to the next rule": the end of this block.
    for (const [i, ins] of block.entries()) if (ins.off === -1) ins.off = block.length - i - 1;
    prog.push(...block);
  }
  prog.push(I(MOV64_K, 0, 0, 0, 1), I(EXIT, 0, 0, 0, 0));
  return prog;
}

/** Hex form the init reads: code(2) dst(1) src(1) off(4) imm(8) per instruction. */
export function ebpfHex(prog: readonly EbpfInsn[]): string {
  return prog
    .map(
      (p) =>
        p.code.toString(16).padStart(2, '0') +
        p.dst.toString(16) +
        p.src.toString(16) +
        (p.off & 0xffff).toString(16).padStart(4, '0') +
        (p.imm >>> 0).toString(16).padStart(8, '0'),
    )
    .join('');
}
