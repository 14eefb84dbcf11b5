// Mount options of config.json turned into mount(2) flags and a data string (config.md "Mounts",
// the options listed by mount(8) "FILESYSTEM-INDEPENDENT MOUNT OPTIONS").

export const MS_RDONLY = 0x1;
export const MS_NOSUID = 0x2;
export const MS_NODEV = 0x4;
export const MS_NOEXEC = 0x8;
export const MS_SYNCHRONOUS = 0x10;
export const MS_REMOUNT = 0x20;
export const MS_MANDLOCK = 0x40;
export const MS_DIRSYNC = 0x80;
export const MS_NOSYMFOLLOW = 0x100;
export const MS_NOATIME = 0x400;
export const MS_NODIRATIME = 0x800;
export const MS_BIND = 0x1000;
export const MS_REC = 0x4000;
export const MS_SILENT = 0x8000;
export const MS_UNBINDABLE = 0x20000;
export const MS_PRIVATE = 0x40000;
export const MS_SLAVE = 0x80000;
export const MS_SHARED = 0x100000;
export const MS_RELATIME = 0x200000;
export const MS_I_VERSION = 0x800000;
export const MS_STRICTATIME = 0x1000000;
export const MS_LAZYTIME = 0x2000000;

/** Result of parsing one mount's options. */
export interface ParsedMountOptions {
  /** Flags for the mount (or bind + remount) call. */
  flags: number;
  /** Propagation flags, applied by a second mount(2) call. */
  propagation: number;
  /** Filesystem-specific options, comma separated (the `data` argument). */
  data: string;
  /** mount_setattr(AT_RECURSIVE) attributes to set and to clear (the `r*` options). */
  attrSet: number;
  attrClr: number;
}

/** [set, clear] per option name. */
const FLAG_OPTIONS: Record<string, [number, number]> = {
  async: [0, MS_SYNCHRONOUS],
  atime: [0, MS_NOATIME],
  bind: [MS_BIND, 0],
  defaults: [0, 0],
  dev: [0, MS_NODEV],
  diratime: [0, MS_NODIRATIME],
  dirsync: [MS_DIRSYNC, 0],
  exec: [0, MS_NOEXEC],
  lazytime: [MS_LAZYTIME, 0],
  mand: [MS_MANDLOCK, 0],
  noatime: [MS_NOATIME, 0],
  nodev: [MS_NODEV, 0],
  nodiratime: [MS_NODIRATIME, 0],
  noexec: [MS_NOEXEC, 0],
  nolazytime: [0, MS_LAZYTIME],
  nomand: [0, MS_MANDLOCK],
  norelatime: [0, MS_RELATIME],
  nostrictatime: [0, MS_STRICTATIME],
  nosuid: [MS_NOSUID, 0],
  nosymfollow: [MS_NOSYMFOLLOW, 0],
  symfollow: [0, MS_NOSYMFOLLOW],
  iversion: [MS_I_VERSION, 0],
  noiversion: [0, MS_I_VERSION],
  rbind: [MS_BIND | MS_REC, 0],
  relatime: [MS_RELATIME, 0],
  remount: [MS_REMOUNT, 0],
  ro: [MS_RDONLY, 0],
  rw: [0, MS_RDONLY],
  silent: [MS_SILENT, 0],
  strictatime: [MS_STRICTATIME, 0],
  suid: [0, MS_NOSUID],
  sync: [MS_SYNCHRONOUS, 0],
  loud: [0, MS_SILENT],
};

const PROPAGATION_OPTIONS: Record<string, number> = {
  private: MS_PRIVATE,
  rprivate: MS_PRIVATE | MS_REC,
  shared: MS_SHARED,
  rshared: MS_SHARED | MS_REC,
  slave: MS_SLAVE,
  rslave: MS_SLAVE | MS_REC,
  unbindable: MS_UNBINDABLE,
  runbindable: MS_UNBINDABLE | MS_REC,
};

// mount_setattr(2) attributes (linux/mount.h).
export const MOUNT_ATTR_RDONLY = 0x1;
export const MOUNT_ATTR_NOSUID = 0x2;
export const MOUNT_ATTR_NODEV = 0x4;
export const MOUNT_ATTR_NOEXEC = 0x8;
export const MOUNT_ATTR__ATIME = 0x70;
export const MOUNT_ATTR_RELATIME = 0x0;
export const MOUNT_ATTR_NOATIME = 0x10;
export const MOUNT_ATTR_STRICTATIME = 0x20;
export const MOUNT_ATTR_NODIRATIME = 0x80;
export const MOUNT_ATTR_NOSYMFOLLOW = 0x200000;

/**
 * The recursive options: [attr_set, attr_clr] for mount_setattr(AT_RECURSIVE). Access time is one
 * three-valued field, so each atime option clears the whole field and sets its mode.
 * SPEC: rnorelatime means strict access times (mount(8) norelatime); rnostrictatime the kernel's
 * default, relatime.
 */
const RECURSIVE_OPTIONS: Record<string, [number, number]> = {
  rro: [MOUNT_ATTR_RDONLY, 0],
  rrw: [0, MOUNT_ATTR_RDONLY],
  rnosuid: [MOUNT_ATTR_NOSUID, 0],
  rsuid: [0, MOUNT_ATTR_NOSUID],
  rnodev: [MOUNT_ATTR_NODEV, 0],
  rdev: [0, MOUNT_ATTR_NODEV],
  rnoexec: [MOUNT_ATTR_NOEXEC, 0],
  rexec: [0, MOUNT_ATTR_NOEXEC],
  rnodiratime: [MOUNT_ATTR_NODIRATIME, 0],
  rdiratime: [0, MOUNT_ATTR_NODIRATIME],
  rrelatime: [MOUNT_ATTR_RELATIME, MOUNT_ATTR__ATIME],
  ratime: [MOUNT_ATTR_RELATIME, MOUNT_ATTR__ATIME],
  rnorelatime: [MOUNT_ATTR_STRICTATIME, MOUNT_ATTR__ATIME],
  rnoatime: [MOUNT_ATTR_NOATIME, MOUNT_ATTR__ATIME],
  rstrictatime: [MOUNT_ATTR_STRICTATIME, MOUNT_ATTR__ATIME],
  rnostrictatime: [MOUNT_ATTR_RELATIME, MOUNT_ATTR__ATIME],
  rnosymfollow: [MOUNT_ATTR_NOSYMFOLLOW, 0],
  rsymfollow: [0, MOUNT_ATTR_NOSYMFOLLOW],
};

/** Options the reference runtime does not implement (ID-mapped mounts, crun's tmpcopyup). */
const UNSUPPORTED = new Set(['idmap', 'ridmap', 'tmpcopyup']);

/** Option names the reference runtime refuses. */
export function unsupportedMountOptions(options: readonly string[]): string[] {
  return options.filter((o) => UNSUPPORTED.has(o));
}

/**
 * The option names parseMountOptions knows (flags, propagation, recursive attributes), sorted: what
 * the features document lists. Against the spec's table (schemas/runtime/vocabulary.ts) it lacks
 * `tmpcopyup`, `idmap` and `ridmap` and adds `rnodev`.
 */
export const KNOWN_MOUNT_OPTIONS: readonly string[] = [
  ...Object.keys(FLAG_OPTIONS),
  ...Object.keys(PROPAGATION_OPTIONS),
  ...Object.keys(RECURSIVE_OPTIONS),
].sort();

/** Parses a mount's options; unknown names go to `data` for the filesystem to judge. */
export function parseMountOptions(options: readonly string[], type?: string): ParsedMountOptions {
  let flags = 0;
  let propagation = 0;
  let attrSet = 0;
  let attrClr = 0;
  const data: string[] = [];
  for (const o of options) {
    const r = RECURSIVE_OPTIONS[o];
    if (r) {
      // a later option wins over an earlier one on the same attribute
      const [set, clr] = r;
      if (clr === MOUNT_ATTR__ATIME) {
        attrClr |= MOUNT_ATTR__ATIME;
        attrSet = (attrSet & ~MOUNT_ATTR__ATIME) | set;
      } else if (set !== 0) {
        attrSet |= set;
        attrClr &= ~set;
      } else {
        attrClr |= clr;
        attrSet &= ~clr;
      }
      continue;
    }
    const f = FLAG_OPTIONS[o];
    if (f) {
      flags = (flags | f[0]) & ~f[1];
      continue;
    }
    const p = PROPAGATION_OPTIONS[o];
    if (p !== undefined) {
      propagation = p;
      continue;
    }
    data.push(o);
  }
  // SPEC: a mount of type "bind" without a bind option is a bind mount (runc and crun agree).
  if (type === 'bind' && !(flags & MS_BIND)) flags |= MS_BIND;
  return { flags, propagation, data: data.join(','), attrSet, attrClr };
}
