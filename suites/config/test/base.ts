// Test fixtures: a clean Linux config (no finding from any rule) to patch into failing cases.
import { defaultCapabilities, defaultNamespaces, runcSpecMounts } from '../../../schemas/runtime/defaults.js';

export function baseConfig(): any {
  return {
    ociVersion: '1.3.0',
    process: {
      terminal: false,
      user: { uid: 0, gid: 0 },
      args: ['sh'],
      env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', 'TERM=xterm'],
      cwd: '/',
      capabilities: {
        bounding: defaultCapabilities(),
        effective: defaultCapabilities(),
        permitted: defaultCapabilities(),
      },
      rlimits: [{ type: 'RLIMIT_NOFILE', hard: 1024, soft: 1024 }],
      noNewPrivileges: true,
    },
    root: { path: 'rootfs', readonly: true },
    hostname: 'runc',
    // proc, /dev and devpts (with gid=5) as `runc spec` writes them; a small fixture on purpose.
    mounts: runcSpecMounts().slice(0, 3),
    linux: {
      resources: { devices: [{ allow: false, access: 'rwm' }] },
      namespaces: defaultNamespaces(),
      // One masked and one read-only path, not the whole default lists: a small fixture on purpose.
      maskedPaths: ['/proc/kcore'],
      readonlyPaths: ['/proc/sys'],
    },
  };
}
