// linux.resources needs the cgroup controller of each limit it sets. On a v1 or hybrid host runtimes
// manage resources through the v1 hierarchies (runc; crun refuses hybrid hosts), on a v2 host through
// the root's cgroup.controllers; a limit whose controller is not there cannot be applied and create
// fails (runc 1.1.5 on this hybrid host, hugetlb only on the unified mount: "cannot set hugetlb limit").
import { defineRule } from '../../../../harness/config/rule.js';
import type { CgroupMount } from '../../../../harness/runtime/host.js';
import { arr, isObject, linuxOf, tok } from '../../util.js';

/** One limit and the controller it needs in each cgroup version (undefined: none needed there). */
interface Need {
  pointer: string;
  v1?: string;
  v2?: string;
}

const set = (o: unknown, k: string): boolean => isObject(o) && o[k] !== undefined && o[k] !== null;

function needs(res: Record<string, any>): Need[] {
  const out: Need[] = [];
  const each = (obj: unknown, base: string, keys: string[] | undefined, v1: string, v2?: string) => {
    if (!isObject(obj)) return;
    for (const k of keys ?? Object.keys(obj))
      if (set(obj, k)) out.push({ pointer: `${base}/${tok(k)}`, v1, ...(v2 ? { v2 } : {}) });
  };
  each(res.memory, '/linux/resources/memory', undefined, 'memory', 'memory');
  const cpuKeys = ['shares', 'quota', 'burst', 'period', 'realtimeRuntime', 'realtimePeriod', 'idle'];
  each(res.cpu, '/linux/resources/cpu', cpuKeys, 'cpu', 'cpu');
  each(res.cpu, '/linux/resources/cpu', ['cpus', 'mems'], 'cpuset', 'cpuset');
  each(res.blockIO, '/linux/resources/blockIO', undefined, 'blkio', 'io');
  each(res.pids, '/linux/resources/pids', ['limit'], 'pids', 'pids');
  each(res.network, '/linux/resources/network', ['classID'], 'net_cls');
  each(res.network, '/linux/resources/network', ['priorities'], 'net_prio');
  if (arr(res.hugepageLimits).length > 0)
    out.push({ pointer: '/linux/resources/hugepageLimits', v1: 'hugetlb', v2: 'hugetlb' });
  // on v2 the device rules are an eBPF program, no controller
  if (arr(res.devices).length > 0) out.push({ pointer: '/linux/resources/devices', v1: 'devices' });
  if (isObject(res.rdma) && Object.keys(res.rdma).length > 0)
    out.push({ pointer: '/linux/resources/rdma', v1: 'rdma', v2: 'rdma' });
  return out;
}

export default defineRule({
  id: 'host.cgroup-controllers',
  title: "the cgroup controllers linux.resources needs are on this host's hierarchies",
  kinds: ['config'],
  needs: 'host',
  requirements: ['config.valid-values.error'],
  check(ctx) {
    const mounts = ctx.host?.cgroupMounts;
    const res = linuxOf(ctx.value)?.resources;
    if (!mounts || mounts.length === 0 || !isObject(res)) return;
    const v1 = mounts.filter((m) => m.version === 1);
    const v2 = mounts.find((m) => m.version === 2);
    // SPEC: with any v1 hierarchy mounted, runtimes manage resources there (runc's hybrid mode)
    const mode = v1.some((m) => m.controllers.some((c) => !c.startsWith('name='))) ? 1 : 2;
    const have = new Set(
      (mode === 1 ? v1.flatMap((m) => m.controllers) : (v2?.controllers ?? [])).filter(
        (c) => !c.startsWith('name='),
      ),
    );
    const where =
      mode === 1
        ? `the v1 hierarchies mount ${list(have)}`
        : `cgroup.controllers at ${v2?.mountPoint} lists ${list(have)}`;
    for (const n of needs(res)) {
      const c = mode === 1 ? n.v1 : n.v2;
      if (c === undefined || have.has(c)) continue;
      ctx.report({
        pointer: n.pointer,
        atKey: true,
        message: `create will fail on this host: ${n.pointer.slice('/linux/resources/'.length)} needs the ${c} cgroup controller, but ${where}${onlyOnV2(mode, c, v2)}`,
        expected: `the ${c} controller in a cgroup v${mode} hierarchy`,
        actual: [...have].sort(),
      });
    }
    const unified = res.unified;
    if (!isObject(unified)) return;
    for (const key of Object.keys(unified)) {
      const c = key.split('.')[0]!;
      if (mode === 2 && (c === 'cgroup' || have.has(c))) continue;
      ctx.report({
        pointer: `/linux/resources/unified/${tok(key)}`,
        atKey: true,
        requirements: ['config-linux.unified.missing-controller-error'],
        message:
          mode === 1
            ? `create will fail on this host: unified key ${key} needs cgroup v2, but runtimes manage this host's resources through cgroup v1`
            : `create will fail on this host: unified key ${key} needs the ${c} controller, but ${where}`,
        expected:
          mode === 1 ? 'a cgroup v2 host' : `the ${c} controller in ${v2?.mountPoint}/cgroup.controllers`,
        actual: mode === 1 ? 'cgroup v1' : [...have].sort(),
      });
    }
  },
});

function list(s: Set<string>): string {
  const names = [...s].sort();
  return names.length > 0 ? names.join(', ') : 'no controllers';
}

function onlyOnV2(mode: number, c: string, v2: CgroupMount | undefined): string {
  return mode === 1 && v2?.controllers.includes(c)
    ? ` (${c} is enabled only on the cgroup v2 hierarchy at ${v2.mountPoint}, which runtimes do not use on a hybrid host)`
    : '';
}
