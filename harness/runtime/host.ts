// What preflight learns about the host, as data the runtime cases read in `needs()` to skip with a reason.
import type { HostFacts } from '../../model/report.js';

/** One mounted cgroup hierarchy. */
export interface CgroupMount {
  /** Mount point on the host, e.g. `/sys/fs/cgroup/memory` or `/sys/fs/cgroup/unified`. */
  mountPoint: string;
  /** 1 for a v1 hierarchy, 2 for the unified (cgroup2) hierarchy. */
  version: 1 | 2;
  /**
   * v1: the controllers (and `name=` options) mounted there, e.g. `['cpu', 'cpuacct']`;
   * v2: the contents of the root's `cgroup.controllers`.
   */
  controllers: string[];
  /** The cgroup path of the mount's root inside the hierarchy (mountinfo field 4), usually `/`. */
  root: string;
}

/** Host facts plus what the runtime cases need to decide whether they can run here. */
export interface RunHostFacts extends HostFacts {
  /** Effective uid is 0. */
  root: boolean;
  /** Every mounted cgroup hierarchy (v1 ones and the v2 one). */
  cgroupMounts: CgroupMount[];
  /** Controllers usable through v1 hierarchies, plus those enabled on the v2 root. */
  cgroupControllers: string[];
  /** Namespace types the kernel offers (entries of /proc/self/ns, `net` reported as `network`). */
  namespaces: string[];
  /** The kernel supports seccomp filters (the `Seccomp:` line exists in /proc/self/status). */
  seccomp: boolean;
  /** Number of CPUs online. */
  cpus: number;
  /**
   * v1 only: the blkio weight file a child cgroup has (`blkio.weight` with CFQ, `blkio.bfq.weight` when the
   * BFQ scheduler is registered), or null when the blkio hierarchy offers none (a kernel without either:
   * a runtime asked for a weight must then fail create). Absent when there is no v1 blkio hierarchy.
   */
  blkioWeightFile?: string | null;
  /** Mount point of the resctrl file system (Intel RDT), when one is mounted. */
  resctrl?: string;
  /**
   * The file system type (mountinfo's fstype, e.g. `ext4`, `tmpfs`, `9p`) of the directory the run makes its
   * bundles in (the scheduler's tmpRoot, os.tmpdir() by default). Absent when mountinfo does not say.
   */
  workFs?: string;
}
