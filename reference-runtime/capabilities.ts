// Linux capability names (capabilities(7)) and the bit masks the init hands to capset(2).

/** Capability numbers as in <linux/capability.h>. */
export const CAPABILITIES: Readonly<Record<string, number>> = {
  CAP_CHOWN: 0,
  CAP_DAC_OVERRIDE: 1,
  CAP_DAC_READ_SEARCH: 2,
  CAP_FOWNER: 3,
  CAP_FSETID: 4,
  CAP_KILL: 5,
  CAP_SETGID: 6,
  CAP_SETUID: 7,
  CAP_SETPCAP: 8,
  CAP_LINUX_IMMUTABLE: 9,
  CAP_NET_BIND_SERVICE: 10,
  CAP_NET_BROADCAST: 11,
  CAP_NET_ADMIN: 12,
  CAP_NET_RAW: 13,
  CAP_IPC_LOCK: 14,
  CAP_IPC_OWNER: 15,
  CAP_SYS_MODULE: 16,
  CAP_SYS_RAWIO: 17,
  CAP_SYS_CHROOT: 18,
  CAP_SYS_PTRACE: 19,
  CAP_SYS_PACCT: 20,
  CAP_SYS_ADMIN: 21,
  CAP_SYS_BOOT: 22,
  CAP_SYS_NICE: 23,
  CAP_SYS_RESOURCE: 24,
  CAP_SYS_TIME: 25,
  CAP_SYS_TTY_CONFIG: 26,
  CAP_MKNOD: 27,
  CAP_LEASE: 28,
  CAP_AUDIT_WRITE: 29,
  CAP_AUDIT_CONTROL: 30,
  CAP_SETFCAP: 31,
  CAP_MAC_OVERRIDE: 32,
  CAP_MAC_ADMIN: 33,
  CAP_SYSLOG: 34,
  CAP_WAKE_ALARM: 35,
  CAP_BLOCK_SUSPEND: 36,
  CAP_AUDIT_READ: 37,
  CAP_PERFMON: 38,
  CAP_BPF: 39,
  CAP_CHECKPOINT_RESTORE: 40,
};

/**
 * The mask of the named capabilities. A name that is not a capability, or that the running kernel
 * does not know (`lastCap` from /proc/sys/kernel/cap_last_cap), is reported to `warn` and left out;
 * without `warn` it throws.
 * SPEC: config.md 1.0.x says such a value MUST cause an error; since 1.1.0 it MUST be logged as a
 * warning and the runtime SHOULD NOT fail. The caller picks by the config's ociVersion.
 */
export function capabilityMask(
  names: readonly string[],
  lastCap: number,
  field: string,
  warn?: (msg: string) => void,
): bigint {
  let mask = 0n;
  for (const name of names) {
    const bit = CAPABILITIES[name];
    let problem: string | undefined;
    if (bit === undefined)
      problem = `${field}: unknown capability ${JSON.stringify(name)}: expected a CAP_* name from capabilities(7)`;
    else if (bit > lastCap)
      problem = `${field}: capability ${name} is not supported by this kernel (cap_last_cap is ${lastCap})`;
    if (problem !== undefined || bit === undefined) {
      if (!warn) throw new Error(problem);
      warn(`${problem}; ignored`);
      continue;
    }
    mask |= 1n << BigInt(bit);
  }
  return mask;
}
