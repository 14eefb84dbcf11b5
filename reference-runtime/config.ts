// Reads and checks config.json for `create`: the runtime-spec JSON Schema of the declared version
// (schemas/), then the checks the schema cannot make (rootfs exists, namespaces a field needs...).
import { readFileSync, statSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { resolveSpecVersion, validateDocument } from '../schemas/index.js';
import type { Spec } from './spec.js';

const NAMESPACE_TYPES = new Set(['pid', 'network', 'mount', 'ipc', 'uts', 'user', 'cgroup', 'time']);

/** Fields we cannot apply; each makes `create` fail rather than be silently ignored. */
const UNSUPPORTED_PROCESS = ['apparmorProfile', 'selinuxLabel', 'execCPUAffinity'] as const;
const UNSUPPORTED_LINUX = ['intelRdt', 'personality', 'memoryPolicy', 'netDevices', 'mountLabel'] as const;

/** Reads ROOT/config.json of a bundle; throws with a message saying what was wrong. */
export function loadConfig(bundle: string): Spec {
  try {
    if (!statSync(bundle).isDirectory()) throw new Error();
  } catch {
    throw new Error(`bundle ${bundle}: expected a directory`);
  }
  let text: string;
  try {
    text = readFileSync(join(bundle, 'config.json'), 'utf8');
  } catch {
    throw new Error(`bundle ${bundle}: config.json not found`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new Error(`config.json: not valid JSON: ${(e as Error).message}`);
  }
  checkSchema(value);
  checkConfig(value, bundle);
  return value as Spec;
}

/** The JSON Schema of the declared ociVersion; throws naming the first problems by JSON pointer. */
export function checkSchema(value: unknown): void {
  const declared = isObj(value) && typeof value.ociVersion === 'string' ? value.ociVersion : undefined;
  const { version } = resolveSpecVersion(declared);
  const errors = validateDocument('config', version, value);
  if (errors.length === 0) return;
  const shown = errors.slice(0, 3).map((e) => `${e.pointer || '/'}: ${e.message}`);
  const more = errors.length > 3 ? ` (and ${errors.length - 3} more)` : '';
  throw new Error(
    `config.json does not match the runtime-spec ${version} schema: ${shown.join('; ')}${more}`,
  );
}

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isUint32(v: unknown): boolean {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 0xffffffff;
}

function strings(v: unknown, where: string): void {
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string'))
    throw new Error(`${where}: expected an array of strings`);
}

/** Structural checks; throws the first problem found. */
export function checkConfig(c: unknown, bundle: string): void {
  if (!isObj(c)) throw new Error('config.json: expected an object at the top level');
  if (typeof c.ociVersion !== 'string')
    throw new Error(
      'ociVersion: expected a string, found ' + (c.ociVersion === undefined ? 'none' : typeof c.ociVersion),
    );
  // SPEC: runtime.md lets a runtime refuse versions it does not support; we take 1.x only.
  if (!/^1\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/.test(c.ociVersion))
    throw new Error(`ociVersion ${JSON.stringify(c.ociVersion)}: expected a SemVer 1.x.y version`);
  if (!isObj(c.root) || typeof c.root.path !== 'string') throw new Error('root.path: expected a string');
  const rootfs = resolve(bundle, c.root.path);
  let st;
  try {
    st = statSync(rootfs);
  } catch {
    throw new Error(`root.path: ${rootfs} does not exist`);
  }
  if (!st.isDirectory()) throw new Error(`root.path: expected ${rootfs} to be a directory`);
  if (c.hostname !== undefined && typeof c.hostname !== 'string')
    throw new Error('hostname: expected a string');
  if (c.annotations !== undefined) {
    if (!isObj(c.annotations) || Object.values(c.annotations).some((v) => typeof v !== 'string'))
      throw new Error('annotations: expected an object of strings');
  }
  const linux = c.linux;
  if (linux !== undefined && !isObj(linux)) throw new Error('linux: expected an object');
  const nss = (linux?.namespaces ?? []) as unknown[];
  if (!Array.isArray(nss)) throw new Error('linux.namespaces: expected an array');
  const seen = new Set<string>();
  for (const [i, n] of nss.entries()) {
    if (!isObj(n) || typeof n.type !== 'string')
      throw new Error(`linux.namespaces[${i}].type: expected a string`);
    if (!NAMESPACE_TYPES.has(n.type))
      throw new Error(
        `linux.namespaces[${i}].type ${JSON.stringify(n.type)}: expected one of ${[...NAMESPACE_TYPES].join(', ')}`,
      );
    if (seen.has(n.type)) throw new Error(`linux.namespaces[${i}]: duplicate namespace type ${n.type}`);
    seen.add(n.type);
    if (n.path !== undefined && (typeof n.path !== 'string' || !isAbsolute(n.path)))
      throw new Error(`linux.namespaces[${i}].path: expected an absolute path`);
  }
  const newNs = new Set(
    nss.filter((n) => isObj(n) && n.path === undefined).map((n) => (n as { type: string }).type),
  );
  if (!seen.has('mount'))
    throw new Error('linux.namespaces: the reference runtime needs a mount namespace (none is configured)');
  // SPEC: config.md "hostname": without a private UTS namespace there is no hostname to set; runc and crun error.
  if (c.hostname !== undefined && !seen.has('uts')) throw new Error('hostname: requires a uts namespace');
  if (c.domainname !== undefined && !seen.has('uts')) throw new Error('domainname: requires a uts namespace');
  const hasMaps = Array.isArray(linux?.uidMappings) || Array.isArray(linux?.gidMappings);
  if (hasMaps && !newNs.has('user'))
    throw new Error('linux.uidMappings/gidMappings: require a new user namespace');
  if (newNs.has('user') && (!Array.isArray(linux?.uidMappings) || !Array.isArray(linux?.gidMappings)))
    throw new Error('linux.namespaces: a new user namespace needs uidMappings and gidMappings');
  for (const key of ['uidMappings', 'gidMappings'] as const) {
    for (const [i, m] of ((linux?.[key] ?? []) as unknown[]).entries()) {
      if (!isObj(m) || !isUint32(m.containerID) || !isUint32(m.hostID) || !isUint32(m.size))
        throw new Error(`linux.${key}[${i}]: expected containerID, hostID and size as unsigned integers`);
    }
  }
  if (linux?.timeOffsets !== undefined && !newNs.has('time'))
    throw new Error('linux.timeOffsets: requires a new time namespace');
  for (const k of UNSUPPORTED_LINUX)
    if (linux?.[k] !== undefined && linux[k] !== '')
      throw new Error(`linux.${k}: not supported by the reference runtime`);
  const mounts = c.mounts ?? [];
  if (!Array.isArray(mounts)) throw new Error('mounts: expected an array');
  for (const [i, m] of mounts.entries()) {
    if (!isObj(m) || typeof m.destination !== 'string')
      throw new Error(`mounts[${i}].destination: expected a string`);
    if (m.options !== undefined) strings(m.options, `mounts[${i}].options`);
  }
  const hooks = c.hooks;
  if (hooks !== undefined) {
    if (!isObj(hooks)) throw new Error('hooks: expected an object');
    for (const [kind, list] of Object.entries(hooks)) {
      if (!Array.isArray(list)) throw new Error(`hooks.${kind}: expected an array`);
      for (const [i, h] of list.entries()) {
        if (!isObj(h) || typeof h.path !== 'string' || !isAbsolute(h.path))
          throw new Error(`hooks.${kind}[${i}].path: expected an absolute path`);
        if (h.args !== undefined) strings(h.args, `hooks.${kind}[${i}].args`);
        if (h.env !== undefined) strings(h.env, `hooks.${kind}[${i}].env`);
        if (
          h.timeout !== undefined &&
          !(typeof h.timeout === 'number' && Number.isInteger(h.timeout) && h.timeout > 0)
        )
          throw new Error(`hooks.${kind}[${i}].timeout: expected an integer greater than zero`);
      }
    }
  }
  const p = c.process;
  if (p === undefined) return;
  if (!isObj(p)) throw new Error('process: expected an object');
  if (p.terminal === true)
    throw new Error(
      'process.terminal: true needs a console socket, which the reference runtime does not support',
    );
  if (p.args === undefined) throw new Error('process.args: expected a non-empty array, found none');
  strings(p.args, 'process.args');
  if ((p.args as string[]).length === 0) throw new Error('process.args: expected at least one element');
  if (p.cwd === undefined || typeof p.cwd !== 'string' || !isAbsolute(p.cwd))
    throw new Error(`process.cwd: expected an absolute path, found ${JSON.stringify(p.cwd)}`);
  if (p.env !== undefined) strings(p.env, 'process.env');
  const u = p.user;
  if (u !== undefined) {
    if (!isObj(u) || !isUint32(u.uid) || !isUint32(u.gid))
      throw new Error('process.user: expected uid and gid as unsigned integers');
    if (
      u.additionalGids !== undefined &&
      (!Array.isArray(u.additionalGids) || !u.additionalGids.every(isUint32))
    )
      throw new Error('process.user.additionalGids: expected unsigned integers');
    if (u.umask !== undefined && !isUint32(u.umask))
      throw new Error('process.user.umask: expected an unsigned integer');
  }
  if (p.rlimits !== undefined) {
    if (!Array.isArray(p.rlimits)) throw new Error('process.rlimits: expected an array');
    for (const [i, r] of p.rlimits.entries()) {
      if (!isObj(r) || typeof r.type !== 'string' || typeof r.soft !== 'number' || typeof r.hard !== 'number')
        throw new Error(`process.rlimits[${i}]: expected type, soft and hard`);
    }
  }
  if (p.capabilities !== undefined) {
    if (!isObj(p.capabilities)) throw new Error('process.capabilities: expected an object');
    for (const [k, v] of Object.entries(p.capabilities)) strings(v, `process.capabilities.${k}`);
  }
  if (p.oomScoreAdj !== undefined && !(typeof p.oomScoreAdj === 'number' && Number.isInteger(p.oomScoreAdj)))
    throw new Error('process.oomScoreAdj: expected an integer');
  for (const k of UNSUPPORTED_PROCESS)
    if (p[k] !== undefined && p[k] !== '')
      throw new Error(`process.${k}: not supported by the reference runtime`);
}
