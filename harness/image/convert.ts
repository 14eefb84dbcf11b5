// image-spec conversion.md: an image config becomes a runtime-spec config.json (process, user
// resolved through the rootfs /etc/passwd and /etc/group, annotations with Labels winning, volumes).
import { readFileSync } from 'node:fs';
import { resolveInRoot } from './apply.js';
import {
  defaultCapabilities,
  defaultMaskedPaths,
  defaultMounts,
  defaultNamespaces,
  defaultReadonlyPaths,
} from '../../schemas/runtime/defaults.js';

/** The conversion cannot be done (the spec says the converter MUST fail). */
export class ConversionError extends Error {
  override name = 'ConversionError';
  constructor(
    message: string,
    readonly requirement: string,
  ) {
    super(message);
  }
}

interface PasswdEntry {
  name: string;
  uid: number;
  gid: number;
  home: string;
}

interface GroupEntry {
  name: string;
  gid: number;
  members: string[];
}

function readRootFile(rootfs: string, path: string): string | undefined {
  try {
    return readFileSync(resolveInRoot(rootfs, path), 'utf8');
  } catch {
    return undefined;
  }
}

export function parsePasswd(text: string | undefined): PasswdEntry[] {
  if (!text) return [];
  return text
    .split('\n')
    .map((l) => l.split(':'))
    .filter((f) => f.length >= 4 && f[0] !== '' && /^\d+$/.test(f[2]!) && /^\d+$/.test(f[3]!))
    .map((f) => ({ name: f[0]!, uid: Number(f[2]), gid: Number(f[3]), home: f[5] ?? '/' }));
}

export function parseGroup(text: string | undefined): GroupEntry[] {
  if (!text) return [];
  return text
    .split('\n')
    .map((l) => l.split(':'))
    .filter((f) => f.length >= 3 && f[0] !== '' && /^\d+$/.test(f[2]!))
    .map((f) => ({
      name: f[0]!,
      gid: Number(f[2]),
      members: (f[3] ?? '').split(',').filter((m) => m !== ''),
    }));
}

const isNumeric = (s: string) => /^\d+$/.test(s);

/** Resolve Config.User (user, uid, user:group, uid:gid ...) through the rootfs. */
export function resolveUser(
  rootfs: string,
  user: unknown,
): { uid: number; gid: number; additionalGids?: number[] } {
  if (user === undefined || user === null || user === '') return { uid: 0, gid: 0 };
  if (typeof user !== 'string')
    throw new ConversionError(
      `expected Config.User to be a string but found ${JSON.stringify(user)}`,
      'image.conversion.user-resolves',
    );
  const [u, g] = user.split(':', 2) as [string, string | undefined];
  const passwd = parsePasswd(readRootFile(rootfs, '/etc/passwd'));
  const groups = parseGroup(readRootFile(rootfs, '/etc/group'));
  let uid: number;
  let gid: number | undefined;
  let name: string | undefined;
  if (isNumeric(u)) {
    uid = Number(u); // MUST be copied verbatim
    const pw = passwd.find((p) => p.uid === uid);
    gid = pw?.gid;
    name = pw?.name;
  } else {
    const pw = passwd.find((p) => p.name === u);
    if (!pw)
      throw new ConversionError(
        `expected user ${JSON.stringify(u)} in the rootfs /etc/passwd but it is not there`,
        'image.conversion.user-resolves',
      );
    uid = pw.uid;
    gid = pw.gid;
    name = pw.name;
  }
  if (g !== undefined && g !== '') {
    if (isNumeric(g)) gid = Number(g);
    else {
      const gr = groups.find((x) => x.name === g);
      if (!gr)
        throw new ConversionError(
          `expected group ${JSON.stringify(g)} in the rootfs /etc/group but it is not there`,
          'image.conversion.user-resolves',
        );
      gid = gr.gid;
    }
    return { uid, gid };
  }
  // SPEC: a numeric user with no passwd entry runs with gid 0 (the runtime needs a gid).
  gid ??= 0;
  // SHOULD: additionalGids from the groups the named user is a member of (not for a numeric user).
  if (!isNumeric(u) && name) {
    const extra = groups.filter((x) => x.members.includes(name!) && x.gid !== gid).map((x) => x.gid);
    if (extra.length > 0) return { uid, gid, additionalGids: [...new Set(extra)] };
  }
  return { uid, gid };
}

/** Annotation keys conversion.md derives from config fields. */
const derived: [string, (c: any) => unknown][] = [
  ['org.opencontainers.image.os', (c) => c.os],
  ['org.opencontainers.image.architecture', (c) => c.architecture],
  ['org.opencontainers.image.variant', (c) => c.variant],
  ['org.opencontainers.image.os.version', (c) => c['os.version']],
  [
    'org.opencontainers.image.os.features',
    (c) => (Array.isArray(c['os.features']) ? c['os.features'].join(',') : undefined),
  ],
  // SPEC: conversion.md writes the singular "author" while annotations.md defines "authors"; we
  // follow conversion.md, the document that defines this mapping.
  ['org.opencontainers.image.author', (c) => c.author],
  ['org.opencontainers.image.created', (c) => c.created],
  ['org.opencontainers.image.stopSignal', (c) => c.config?.StopSignal],
  [
    'org.opencontainers.image.exposedPorts',
    (c) =>
      c.config?.ExposedPorts && typeof c.config.ExposedPorts === 'object'
        ? Object.keys(c.config.ExposedPorts).join(',')
        : undefined,
  ],
];

/** process.args when the image has neither Entrypoint nor Cmd and the caller gives none. */
export const defaultArgs: readonly string[] = ['sh'];

export interface ConvertOptions {
  /** process.args given by the caller: replaces Entrypoint and Cmd. */
  args?: readonly string[];
}

export interface Converted {
  config: Record<string, unknown>;
  /** Choices made where the image left a gap. */
  warnings: string[];
}

/** The runtime config.json for image config `image`, with the rootfs at `rootfs` (already unpacked). */
export function convertConfig(image: any, rootfs: string, opts: ConvertOptions = {}): Converted {
  const warnings: string[] = [];
  const c = isRecord(image?.config) ? image.config : {};
  const strings = (v: unknown): string[] =>
    Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  let args = opts.args ? [...opts.args] : [...strings(c.Entrypoint), ...strings(c.Cmd)];
  if (args.length === 0) {
    // SPEC: conversion.md makes process.args Entrypoint followed by Cmd and says nothing when both are
    // absent (what `podman import` makes), while runtime-spec needs at least one entry. We do what
    // umoci does, ["sh"], and say so: the caller shows the warning; `bundle IMAGE DIR -- CMD...` avoids it.
    args = [...defaultArgs];
    warnings.push(
      `the image config has neither Entrypoint nor Cmd: process.args is ${JSON.stringify(args)} (give the process after --)`,
    );
  }
  const user = resolveUser(rootfs, c.User);
  const env: string[] = Array.isArray(c.Env) ? [...c.Env] : [];
  // conversion.md lets a converter add variables the image does not name (never change or remove
  // the image's own): a default PATH so a relative args[0] can be found.
  if (!env.some((e) => typeof e === 'string' && e.startsWith('PATH=')))
    env.push('PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin');
  const annotations: Record<string, string> = {};
  for (const [k, get] of derived) {
    const v = get(image);
    if (typeof v === 'string' && v !== '') annotations[k] = v;
  }
  if (c.Labels && typeof c.Labels === 'object') Object.assign(annotations, c.Labels); // Labels win
  const volumes = c.Volumes && typeof c.Volumes === 'object' ? Object.keys(c.Volumes).sort() : [];
  const caps = defaultCapabilities();
  const config = {
    ociVersion: '1.0.2',
    process: {
      terminal: false,
      user,
      args,
      env,
      cwd: typeof c.WorkingDir === 'string' && c.WorkingDir !== '' ? c.WorkingDir : '/',
      capabilities: { bounding: caps, effective: caps, permitted: caps },
      rlimits: [{ type: 'RLIMIT_NOFILE', hard: 1024, soft: 1024 }],
      noNewPrivileges: true,
    },
    root: { path: 'rootfs', readonly: false },
    hostname: 'oci-conform',
    mounts: [
      ...defaultMounts(),
      // SHOULD: each volume becomes a mount; an anonymous tmpfs keeps it off the image's rootfs.
      ...volumes.map((v) => ({
        destination: v,
        type: 'tmpfs',
        source: 'tmpfs',
        options: ['nosuid', 'nodev', 'mode=755'],
      })),
    ],
    linux: {
      namespaces: defaultNamespaces(),
      maskedPaths: defaultMaskedPaths(),
      readonlyPaths: defaultReadonlyPaths(),
    },
    ...(Object.keys(annotations).length > 0 ? { annotations } : {}),
  };
  return { config, warnings };
}

function isRecord(v: unknown): v is Record<string, any> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
