// The config builder: a documented default runtime config.json for the generated bundles, plus helpers
// that edit its collections (mounts, namespaces, env, hooks, annotations...) so cases state only what differs.
import {
  defaultCapabilities as sharedDefaultCapabilities,
  defaultMaskedPaths,
  defaultMounts,
  defaultNamespaces,
  defaultReadonlyPaths,
} from '../../schemas/runtime/defaults.js';
import type { HookKind, NamespaceType as SpecNamespaceType } from '../../schemas/runtime/vocabulary.js';

/** A mount entry of config.json. */
export interface MountEntry {
  destination: string;
  type?: string;
  source?: string;
  options?: string[];
  uidMappings?: IdMapping[];
  gidMappings?: IdMapping[];
}

export interface IdMapping {
  containerID: number;
  hostID: number;
  size: number;
}

/** One hook entry (config.md "POSIX-platform Hooks"). */
export interface HookEntry {
  path: string;
  args?: string[];
  env?: string[];
  timeout?: number;
}

/** One of the spec's hook lists (schemas/runtime/vocabulary.ts). */
export type HookType = HookKind;

/** One of the spec's namespace types (schemas/runtime/vocabulary.ts). */
export type NamespaceType = SpecNamespaceType;

export interface NamespaceEntry {
  type: NamespaceType | (string & {});
  path?: string;
}

export type CapabilitySet = 'bounding' | 'effective' | 'inheritable' | 'permitted' | 'ambient';

export interface ProcessConfig {
  terminal?: boolean;
  user: { uid: number; gid: number; umask?: number; additionalGids?: number[] };
  args?: string[];
  env?: string[];
  cwd: string;
  capabilities?: Partial<Record<CapabilitySet, string[]>>;
  rlimits?: { type: string; soft: number; hard: number }[];
  noNewPrivileges?: boolean;
  oomScoreAdj?: number;
  apparmorProfile?: string;
  selinuxLabel?: string;
  [key: string]: unknown;
}

export interface LinuxConfig {
  namespaces?: NamespaceEntry[];
  uidMappings?: IdMapping[];
  gidMappings?: IdMapping[];
  devices?: Record<string, unknown>[];
  cgroupsPath?: string;
  resources?: Record<string, unknown>;
  sysctl?: Record<string, string>;
  seccomp?: Record<string, unknown>;
  maskedPaths?: string[];
  readonlyPaths?: string[];
  rootfsPropagation?: string;
  mountLabel?: string;
  [key: string]: unknown;
}

/**
 * A runtime config.json as the harness writes it. Only the parts the builder edits are typed; any other
 * property (including deliberately unknown ones) may be set with {@link ConfigBuilder.set}.
 */
export interface RuntimeConfig {
  ociVersion: string;
  process?: ProcessConfig;
  root?: { path: string; readonly?: boolean };
  hostname?: string;
  domainname?: string;
  mounts?: MountEntry[];
  hooks?: Partial<Record<HookType, HookEntry[]>>;
  annotations?: Record<string, string>;
  linux?: LinuxConfig;
  [key: string]: unknown;
}

/** Inputs of the default config. */
export interface DefaultConfigOptions {
  /** `ociVersion` written into the config. @default '1.3.0' */
  specVersion?: string;
  /** `process.args`. @default ['/probe', 'report'] */
  args?: string[];
  /** `linux.cgroupsPath`; left out when undefined. */
  cgroupsPath?: string;
  /** `hostname`. @default 'oci-conform' */
  hostname?: string;
}

/**
 * The capabilities the default config grants in bounding, effective and permitted (runc's default set,
 * from schemas/runtime/defaults.ts).
 */
export const defaultCapabilities = sharedDefaultCapabilities();

/**
 * The default config of every generated bundle:
 * - `process`: terminal false, uid/gid 0, cwd `/`, `PATH` only, args `/probe report`, the
 *   {@link defaultCapabilities} in bounding/effective/permitted, `RLIMIT_NOFILE` 1024, `noNewPrivileges` true;
 * - `root`: `rootfs`, writable (cases write marker files into it);
 * - `hostname` `oci-conform`;
 * - mounts: proc, a tmpfs `/dev`, devpts, `/dev/shm`, mqueue, a read-only sysfs (`defaultMounts`);
 * - namespaces: pid, network, ipc, uts, mount, no user, cgroup or time namespace (`defaultNamespaces`);
 * - the usual masked and read-only paths (`defaultMaskedPaths`, `defaultReadonlyPaths`);
 *   `linux.cgroupsPath` when given.
 * The shared pieces come from schemas/runtime/defaults.ts.
 *
 * It uses no host path, no user namespace and no resource limits, so it runs on any host where the
 * runtime runs at all.
 */
export function defaultConfig(opts: DefaultConfigOptions = {}): RuntimeConfig {
  const linux: LinuxConfig = {
    namespaces: defaultNamespaces(),
    maskedPaths: defaultMaskedPaths(),
    readonlyPaths: defaultReadonlyPaths(),
  };
  if (opts.cgroupsPath !== undefined) linux.cgroupsPath = opts.cgroupsPath;
  return {
    ociVersion: opts.specVersion ?? '1.3.0',
    process: {
      terminal: false,
      user: { uid: 0, gid: 0 },
      args: opts.args ?? ['/probe', 'report'],
      env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'],
      cwd: '/',
      capabilities: {
        bounding: [...defaultCapabilities],
        effective: [...defaultCapabilities],
        permitted: [...defaultCapabilities],
      },
      rlimits: [{ type: 'RLIMIT_NOFILE', hard: 1024, soft: 1024 }],
      noNewPrivileges: true,
    },
    root: { path: 'rootfs', readonly: false },
    hostname: opts.hostname ?? 'oci-conform',
    mounts: defaultMounts(),
    linux,
  };
}

/** Splits an RFC 6901 JSON pointer into unescaped tokens. */
function pointerTokens(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/'))
    throw new Error(`json pointer: expected a leading '/' but found ${JSON.stringify(pointer)}`);
  return pointer
    .slice(1)
    .split('/')
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/**
 * Edits a config in place. Every method returns the builder so calls chain; {@link build} returns a
 * deep copy, so a builder can keep editing after a bundle was written from it.
 */
export class ConfigBuilder {
  /** The config being edited (mutable; prefer the methods). */
  readonly config: RuntimeConfig;

  constructor(config: RuntimeConfig = defaultConfig()) {
    this.config = structuredClone(config);
  }

  private get process(): ProcessConfig {
    this.config.process ??= { user: { uid: 0, gid: 0 }, cwd: '/' };
    return this.config.process;
  }

  private get linux(): LinuxConfig {
    this.config.linux ??= {};
    return this.config.linux;
  }

  /** Sets `process.args`. */
  args(...args: string[]): this {
    this.process.args = args;
    return this;
  }

  /** Sets `process.args` to run the probe: `/probe MODE ARGS...` (with `--marker PATH` first when given). */
  probe(mode: string, modeArgs: string[] = [], opts: { marker?: string; probePath?: string } = {}): this {
    const argv = [opts.probePath ?? '/probe'];
    if (opts.marker !== undefined) argv.push('--marker', opts.marker);
    return this.args(...argv, mode, ...modeArgs);
  }

  /** Sets (or replaces, by name) environment variables `NAME=value`. */
  env(...vars: string[]): this {
    const env = (this.process.env ??= []);
    for (const v of vars) {
      const name = v.split('=')[0];
      const i = env.findIndex((e) => e.split('=')[0] === name);
      if (i >= 0) env[i] = v;
      else env.push(v);
    }
    return this;
  }

  cwd(path: string): this {
    this.process.cwd = path;
    return this;
  }

  user(user: ProcessConfig['user']): this {
    this.process.user = { ...user };
    return this;
  }

  hostname(name: string | undefined): this {
    if (name === undefined) delete this.config.hostname;
    else this.config.hostname = name;
    return this;
  }

  readonlyRoot(readonly = true): this {
    this.config.root = { path: this.config.root?.path ?? 'rootfs', readonly };
    return this;
  }

  /** Sets one annotation. */
  annotation(key: string, value: string): this {
    (this.config.annotations ??= {})[key] = value;
    return this;
  }

  /** Adds a mount, replacing any mount with the same destination. */
  mount(m: MountEntry): this {
    const mounts = (this.config.mounts ??= []);
    const i = mounts.findIndex((x) => x.destination === m.destination);
    if (i >= 0) mounts[i] = { ...m };
    else mounts.push({ ...m });
    return this;
  }

  removeMount(destination: string): this {
    this.config.mounts = (this.config.mounts ?? []).filter((m) => m.destination !== destination);
    return this;
  }

  /** Adds a namespace (or sets its path when already listed). */
  namespace(type: NamespaceEntry['type'], path?: string): this {
    const ns = (this.linux.namespaces ??= []);
    const entry: NamespaceEntry = path === undefined ? { type } : { type, path };
    const i = ns.findIndex((n) => n.type === type);
    if (i >= 0) ns[i] = entry;
    else ns.push(entry);
    return this;
  }

  removeNamespace(type: NamespaceEntry['type']): this {
    this.linux.namespaces = (this.linux.namespaces ?? []).filter((n) => n.type !== type);
    return this;
  }

  /** Appends a hook of `type`. */
  hook(type: HookType, hook: HookEntry): this {
    const hooks = (this.config.hooks ??= {});
    (hooks[type] ??= []).push({ ...hook });
    return this;
  }

  /** Sets `linux.cgroupsPath`; undefined removes it (the runtime then picks its default). */
  cgroupsPath(path: string | undefined): this {
    if (path === undefined) delete this.linux.cgroupsPath;
    else this.linux.cgroupsPath = path;
    return this;
  }

  /** Merges `patch` into `linux.resources` one level deep (e.g. `{ pids: { limit: 42 } }`). */
  resources(patch: Record<string, unknown>): this {
    const r = (this.linux.resources ??= {});
    for (const [k, v] of Object.entries(patch)) {
      const old = r[k];
      r[k] =
        old &&
        typeof old === 'object' &&
        !Array.isArray(old) &&
        v &&
        typeof v === 'object' &&
        !Array.isArray(v)
          ? { ...old, ...v }
          : v;
    }
    return this;
  }

  /** Sets the capability lists; sets not named are left as they are (pass `[]` to empty one). */
  capabilities(sets: Partial<Record<CapabilitySet, string[]>>): this {
    const caps = (this.process.capabilities ??= {});
    for (const [k, v] of Object.entries(sets) as [CapabilitySet, string[]][]) caps[k] = [...v];
    return this;
  }

  /** Sets an rlimit, replacing one of the same type. */
  rlimit(type: string, soft: number, hard: number): this {
    const rl = (this.process.rlimits ??= []).filter((r) => r.type !== type);
    rl.push({ type, soft, hard });
    this.process.rlimits = rl;
    return this;
  }

  sysctl(name: string, value: string): this {
    (this.linux.sysctl ??= {})[name] = value;
    return this;
  }

  maskedPath(path: string): this {
    (this.linux.maskedPaths ??= []).push(path);
    return this;
  }

  readonlyPath(path: string): this {
    (this.linux.readonlyPaths ??= []).push(path);
    return this;
  }

  seccomp(profile: Record<string, unknown> | undefined): this {
    if (profile === undefined) delete this.linux.seccomp;
    else this.linux.seccomp = structuredClone(profile);
    return this;
  }

  /**
   * Sets the value at an RFC 6901 pointer, creating objects on the way; `undefined` removes it.
   * Use it for what the helpers do not cover, e.g. `set('/ociVersion', 'invalid')` or an unknown property.
   */
  set(pointer: string, value: unknown): this {
    const tokens = pointerTokens(pointer);
    if (tokens.length === 0)
      throw new Error('json pointer: expected a property but found the whole document');
    let node: any = this.config;
    for (const t of tokens.slice(0, -1)) {
      if (node[t] === undefined || node[t] === null || typeof node[t] !== 'object') node[t] = {};
      node = node[t];
    }
    const last = tokens[tokens.length - 1]!;
    if (value === undefined) {
      if (Array.isArray(node)) node.splice(Number(last), 1);
      else delete node[last];
    } else if (Array.isArray(node) && last === '-') node.push(structuredClone(value));
    else node[last] = structuredClone(value);
    return this;
  }

  /** Reads the value at an RFC 6901 pointer (undefined when absent). */
  get(pointer: string): unknown {
    let node: any = this.config;
    for (const t of pointerTokens(pointer)) {
      if (node === null || typeof node !== 'object') return undefined;
      node = node[t];
    }
    return node;
  }

  /** A deep copy of the config as it stands. */
  build(): RuntimeConfig {
    return structuredClone(this.config);
  }
}
