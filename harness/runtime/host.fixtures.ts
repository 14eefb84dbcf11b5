// Host facts for tests: a root host with no cgroups, namespaces or capabilities unless a test says so.
import type { RunHostFacts } from './host.js';

export function fixtureHost(over: Partial<RunHostFacts> = {}): RunHostFacts {
  return {
    root: true,
    cgroupMounts: [],
    cgroupControllers: [],
    namespaces: [],
    seccomp: true,
    cpus: 2,
    cgroupMode: 'none',
    ...over,
  };
}
