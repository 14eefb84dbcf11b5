// Shared bench inputs: a runc-spec-sized config.json, varied per copy so no cache flatters a run.

import {
  defaultCapabilities,
  defaultMaskedPaths,
  defaultNamespaces,
  defaultReadonlyPaths,
  runcSpecMounts,
} from '../schemas/runtime/defaults.js';

/**
 * A config shaped like the one `runc spec` prints (about 2.5 KB), with `i` folded into a few values;
 * the defaults of schemas/runtime/defaults.ts plus a cgroup namespace and a memory limit.
 */
export function runcSpecConfig(i: number): Record<string, unknown> {
  const caps = defaultCapabilities();
  return {
    ociVersion: '1.0.2-dev',
    process: {
      terminal: false,
      user: { uid: i % 1000, gid: 0 },
      args: ['sh', '-c', `echo ${i}`],
      env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', `TERM=xterm`, `N=${i}`],
      cwd: '/',
      capabilities: { bounding: caps, effective: caps, permitted: caps, ambient: caps },
      rlimits: [{ type: 'RLIMIT_NOFILE', hard: 1024, soft: 1024 }],
      noNewPrivileges: true,
    },
    root: { path: 'rootfs', readonly: true },
    hostname: `runc-${i}`,
    mounts: runcSpecMounts(),
    linux: {
      resources: { devices: [{ allow: false, access: 'rwm' }], memory: { limit: 1048576 * (1 + (i % 64)) } },
      namespaces: [...defaultNamespaces(), { type: 'cgroup' }],
      maskedPaths: defaultMaskedPaths(),
      readonlyPaths: defaultReadonlyPaths(),
    },
  };
}

export function runcSpecConfigBytes(count: number): Buffer[] {
  return Array.from({ length: count }, (_, i) => Buffer.from(JSON.stringify(runcSpecConfig(i), null, '\t')));
}
