// Which config.json fields the spec types as integers, by JSON pointer pattern (Linux and the
// platform-neutral parts). Numbers in properties the spec does not define are extensions and are
// never judged by these lists.

// SPEC: the field types come from the spec's field lists (int64 for memory limits, cpu quota/burst,
// realtimeRuntime, pids.limit; uint64 for rlimits, shares, periods, hugepage limits and rates).
export const INT64_FIELDS: readonly RegExp[] = [
  /^\/linux\/resources\/memory\/(limit|reservation|swap|kernel|kernelTCP)$/,
  /^\/linux\/resources\/cpu\/(quota|realtimeRuntime|idle)$/,
  /^\/linux\/timeOffsets\/[^/]+\/secs$/,
  /^\/linux\/resources\/pids\/limit$/,
];

export const UINT64_FIELDS: readonly RegExp[] = [
  /^\/process\/rlimits\/\d+\/(soft|hard)$/,
  /^\/linux\/resources\/cpu\/(shares|period|realtimePeriod|burst)$/,
  /^\/linux\/resources\/memory\/swappiness$/,
  /^\/linux\/resources\/hugepageLimits\/\d+\/limit$/,
  /^\/linux\/resources\/blockIO\/throttle\w+Device\/\d+\/rate$/,
  /^\/linux\/seccomp\/syscalls\/\d+\/args\/\d+\/(value|valueTwo)$/,
  /^\/process\/scheduler\/(runtime|deadline|period)$/,
];

/** Integer fields of 32 bits or less (uid/gid, modes, device numbers, weights, priorities...). */
export const SMALL_INTEGER_FIELDS: readonly RegExp[] = [
  /^\/process\/user\/(uid|gid|umask)$/,
  /^\/process\/user\/additionalGids\/\d+$/,
  /^\/process\/(oomScoreAdj)$/,
  /^\/process\/consoleSize\/(height|width)$/,
  /^\/process\/scheduler\/(nice|priority)$/,
  /^\/process\/ioPriority\/priority$/,
  /^\/hooks\/\w+\/\d+\/timeout$/,
  /^\/linux\/(uid|gid)Mappings\/\d+\/(containerID|hostID|size)$/,
  /^\/mounts\/\d+\/(uid|gid)Mappings\/\d+\/(containerID|hostID|size)$/,
  /^\/linux\/devices\/\d+\/(major|minor|fileMode|uid|gid)$/,
  /^\/linux\/resources\/devices\/\d+\/(major|minor)$/,
  /^\/linux\/resources\/blockIO\/(weight|leafWeight)$/,
  /^\/linux\/resources\/blockIO\/weightDevice\/\d+\/(major|minor|weight|leafWeight)$/,
  /^\/linux\/resources\/blockIO\/throttle\w+Device\/\d+\/(major|minor)$/,
  /^\/linux\/resources\/network\/classID$/,
  /^\/linux\/resources\/network\/priorities\/\d+\/priority$/,
  /^\/linux\/resources\/rdma\/[^/]+\/(hcaHandles|hcaObjects)$/,
  /^\/linux\/seccomp\/syscalls\/\d+\/(errnoRet)$/,
  /^\/linux\/seccomp\/syscalls\/\d+\/args\/\d+\/index$/,
  /^\/linux\/timeOffsets\/[^/]+\/nanosecs$/,
];

export function matchesAny(patterns: readonly RegExp[], pointer: string): boolean {
  for (const r of patterns) if (r.test(pointer)) return true;
  return false;
}
