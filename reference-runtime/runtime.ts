// The lifecycle operations of runtime.md (create, start, state, kill, delete) over the state
// directory and the native init. The CLI (./cli.ts) only parses arguments and prints.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import {
  applyWrites,
  deviceRules as deviceRulesOf,
  createCgroupDirs,
  hostLayout,
  removeCgroupDirs,
  removeEmptyParents,
  resolveCgroupDirs,
  resourceWrites,
} from './cgroups.js';
import {
  claimLeaves,
  CLAIMS_DIR,
  recordParents,
  releaseLeaves,
  removeRecordedParents,
} from './cgroup-claims.js';
import { HookError, runHook, runHooks } from './hooks.js';
import { initSourceDir } from './init-recipe.js';
import type { Spec, SpecSeccomp } from './spec.js';
import { parseSignal } from './signals.js';
import {
  checkContainerId,
  containerDir,
  isAlive,
  nsPid,
  ociState,
  procStat,
  readRecord,
  statusOf,
  writeRecord,
  type ContainerRecord,
  type OciState,
} from './state.js';

/** Default state root, like runc's /run/runc. */
export const DEFAULT_ROOT = '/run/oci-ref';

/**
 * Where the compiled init is (OCI_REF_INIT overrides). It is built by `npm run build` in a checkout and
 * by `oci-conform run` on first use in an installed package (./init-recipe.ts); never here.
 */
export function initBinary(): string {
  const env = process.env.OCI_REF_INIT;
  if (env) {
    if (!existsSync(env))
      throw new Error(`OCI_REF_INIT: expected the native init at ${env} but it does not exist`);
    return env;
  }
  const binary = join(initSourceDir(), 'build/oci-ref-init');
  if (!existsSync(binary))
    throw new Error(
      `the native init is not built: expected ${binary}; oci-conform run builds it on first use (needs cc), npm run build in a checkout`,
    );
  return binary;
}

async function seccompCompiler(): Promise<(sc: SpecSeccomp) => [number, string]> {
  const { compileSeccompWith, programHex, syscallTable } = await import('./seccomp.js');
  return (sc) => {
    const r = compileSeccompWith(sc, syscallTable(initBinary()));
    return [r.flags, programHex(r.program)];
  };
}

/**
 * The State for hooks that run in the container namespaces (createContainer, startContainer).
 * SPEC: runtime.md "State": for those hooks pid is the pid as seen inside the container.
 */
function inContainer(state: OciState, pid: number): OciState {
  const inner = nsPid(pid);
  return inner !== undefined ? { ...state, pid: inner } : state;
}

/** Warnings (poststop failures) go here; the CLI prints them. */
export type Warn = (msg: string) => void;

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

async function waitDead(rec: Pick<ContainerRecord, 'pid' | 'pidStartTime'>, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (isAlive(rec)) {
    if (Date.now() > end) return false;
    await sleep(10);
  }
  return true;
}

function killQuiet(pid: number, sig: NodeJS.Signals | number): void {
  if (!(pid > 1)) return; // never 0 or -1: those would signal our own group or everything
  try {
    process.kill(pid, sig);
  } catch {
    // already gone
  }
}

/** Undoes create (runtime.md lifecycle step 12): cgroups this container made, then its state dir. */
async function destroy(root: string, rec: ContainerRecord): Promise<void> {
  // Without a pid namespace the container's children outlive its init: they are in its cgroups.
  for (const dir of rec.cgroupDirs) {
    let procs: string[] = [];
    try {
      procs = readFileSync(join(dir, 'cgroup.procs'), 'utf8').split('\n').filter(Boolean);
    } catch {
      continue;
    }
    for (const p of procs) killQuiet(Number(p), 'SIGKILL');
  }
  await removeCgroupDirs(rec.cgroupDirs);
  removeEmptyParents(rec.cgroupParents);
  releaseLeaves(root, rec.cgroupLeaves ?? []);
  removeRecordedParents(root, rec.cgroupLeaves ?? []);
  rmSync(containerDir(root, rec.id), { recursive: true, force: true });
}

async function poststop(rec: ContainerRecord, warn: Warn): Promise<void> {
  // runtime.md step 13: a failing poststop hook is a warning; the remaining hooks and delete carry on.
  const state = ociState(rec, 'stopped');
  let i = 0;
  for (const h of rec.poststop) {
    try {
      await runHook('poststop', i++, h, state);
    } catch (e) {
      warn((e as Error).message);
    }
  }
}

/** Options of `create`. */
export interface CreateOptions {
  root: string;
  id: string;
  bundle?: string;
  pidFile?: string;
  warn: Warn;
}

/** `create`: sets up the container up to the user process and leaves it blocked until `start`. */
export async function create(o: CreateOptions): Promise<void> {
  const id = checkContainerId(o.id);
  if (id === CLAIMS_DIR) throw new Error(`container id ${id}: reserved by the reference runtime`);
  const bundle = resolve(o.bundle ?? process.cwd());
  // Only create reads a config: the schemas, the planner and the compilers are loaded here, so that
  // state, kill and delete start faster (see bench/reference.bench.ts).
  const [{ loadConfig }, { buildPlan, lastCap, serializePlan }, { compileDeviceFilter, ebpfHex }, seccomp] =
    await Promise.all([
      import('./config.js'),
      import('./plan.js'),
      import('./device-filter.js'),
      seccompCompiler(),
    ]);
  const spec = loadConfig(bundle);
  mkdirSync(o.root, { recursive: true, mode: 0o700 });
  const dir = containerDir(o.root, id);
  try {
    mkdirSync(dir, { mode: 0o700 });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST')
      throw new Error(`container with id ${id} already exists`);
    throw e;
  }
  const layout = hostLayout();
  let rec: ContainerRecord | undefined;
  let claimed = false;
  let pid = 0;
  try {
    const cgroups = layout.mode === 'none' ? [] : resolveCgroupDirs(layout, spec.linux?.cgroupsPath, id);
    // SPEC: devices listed in linux.devices are made usable, so they are allowed after the config's rules.
    const deviceRules = (spec.linux?.devices ?? []).map((d) => ({
      allow: true,
      type: d.type === 'u' ? 'c' : d.type,
      major: d.major,
      minor: d.minor,
      access: 'rwm',
    }));
    // SPEC: cgroup v2 has no device files; the rules are an eBPF program attached by the init.
    // OCI_REF_DEVICE_BPF=1 takes that path on a v1/hybrid host too (tests use it there).
    const deviceMode = layout.mode === 'v2' || process.env.OCI_REF_DEVICE_BPF === '1' ? 'bpf' : 'v1';
    const writes = resourceWrites(layout, cgroups, spec.linux?.resources, deviceRules, deviceMode);
    const plan = buildPlan(spec, {
      bundle,
      stateDir: dir,
      cgroups,
      layout,
      lastCap: lastCap(),
      seccomp,
      warn: o.warn,
    });
    const v2dir = cgroups.find((c) => c.hierarchy.version === 2)?.dir;
    const devRules = deviceRulesOf(spec.linux?.resources, deviceRules);
    if (deviceMode === 'bpf' && devRules.length > 0) {
      if (!v2dir)
        throw new Error('linux.resources.devices: no cgroup v2 hierarchy to attach the device filter to');
      plan.unshift(['devbpf', v2dir, ebpfHex(compileDeviceFilter(devRules))]);
    }
    rec = {
      id,
      pid: 0,
      pidStartTime: '',
      bundle,
      created: new Date().toISOString(),
      ...(spec.annotations ? { annotations: spec.annotations } : {}),
      creating: true,
      started: false,
      hasProcess: spec.process !== undefined,
      cgroupDirs: [],
      // The shared default parent (/oci-ref in each hierarchy): removed by the last container out.
      cgroupParents: spec.linux?.cgroupsPath === undefined ? cgroups.map((c) => dirname(c.dir)) : [],
      poststart: spec.hooks?.poststart ?? [],
      poststop: spec.hooks?.poststop ?? [],
    };
    // Written while creating too, so that `delete --force` can clean up after a create that was killed.
    writeRecord(o.root, rec);
    rec.cgroupLeaves = cgroups.map((c) => c.dir);
    claimLeaves(o.root, id, rec.cgroupLeaves);
    claimed = true;
    writeRecord(o.root, rec);
    rec.cgroupDirs = createCgroupDirs(cgroups, layout.mode === 'v2');
    recordParents(o.root, rec.cgroupDirs, rec.cgroupLeaves);
    writeRecord(o.root, rec);
    applyWrites(writes.filter((w) => !w.afterInit));
    const planFile = join(dir, 'plan');
    writeFileSync(planFile, serializePlan(plan), { mode: 0o600 });
    pid = await launch(
      planFile,
      rec,
      spec.hooks ?? {},
      () => {
        writeRecord(o.root, rec!);
        applyWrites(writes.filter((w) => w.afterInit));
      },
      o.warn,
    );
    rmSync(planFile, { force: true });
    rec.creating = false;
    writeRecord(o.root, rec);
    if (o.pidFile) {
      const pf = resolve(o.pidFile);
      const tmp = join(dirname(pf), `.${id}.pid.tmp`);
      writeFileSync(tmp, String(pid));
      renameSync(tmp, pf);
    }
  } catch (e) {
    if (pid > 0 || (rec && rec.pid > 0)) {
      const p = rec && rec.pid > 0 ? rec : { pid, pidStartTime: procStat(pid)?.startTime ?? '' };
      killQuiet(p.pid, 'SIGKILL');
      await waitDead(p, 5000);
    }
    if (rec) {
      await removeCgroupDirs(rec.cgroupDirs).catch(() => undefined);
      removeEmptyParents(rec.cgroupParents.filter((p) => !rec!.cgroupDirs.includes(p)));
      removeRecordedParents(o.root, rec.cgroupLeaves ?? []);
      // Only this create's claims: a refused create must not release the owner's.
      if (claimed) releaseLeaves(o.root, rec.cgroupLeaves ?? []);
    }
    rmSync(dir, { recursive: true, force: true });
    // SPEC: runtime.md: a failing prestart/createRuntime/createContainer hook stops the container and
    // continues at step 12 (destroy), so poststop runs; any other create error has no effect at all.
    if (rec && e instanceof HookError) await poststop(rec, o.warn);
    throw e;
  }
}

/** Spawns the init and drives the create protocol; returns the container's host pid. */
function launch(
  planFile: string,
  rec: ContainerRecord,
  hooks: NonNullable<Spec['hooks']>,
  onPid: () => void,
  warn: Warn,
): Promise<number> {
  return new Promise((resolvePid, reject) => {
    const child = spawn(initBinary(), [planFile], {
      detached: true,
      stdio: ['inherit', 'inherit', 'inherit', 'pipe'],
    });
    child.unref();
    const sock = child.stdio[3] as import('node:net').Socket;
    let buf = '';
    let done = false;
    const finish = (err?: Error) => {
      if (done) return;
      done = true;
      sock.destroy();
      if (err) reject(err);
      else resolvePid(rec.pid);
    };
    child.on('error', (e) => finish(new Error(`cannot run the native init: ${e.message}`)));
    const onLine = async (line: string) => {
      const [kind, ...rest] = line.split('\t');
      const arg = rest.join('\t');
      if (kind === 'pid') {
        rec.pid = Number(arg);
        rec.pidStartTime = procStat(rec.pid)?.startTime ?? '';
        try {
          onPid();
        } catch (e) {
          finish(e as Error);
        }
      } else if (kind === 'hooks') {
        const state: OciState = ociState(rec, 'creating');
        try {
          await runHooks('prestart', hooks.prestart, state);
          await runHooks('createRuntime', hooks.createRuntime, state);
        } catch (e) {
          sock.write('abort\n');
          finish(e as Error);
          return;
        }
        // createContainer runs in the container namespaces: the pid as the container sees it.
        sock.write(`continue\t${JSON.stringify(inContainer(state, rec.pid))}\n`);
      } else if (kind === 'warning') {
        warn(arg);
      } else if (kind === 'created') {
        finish();
      } else if (kind === 'error') {
        finish(/^(createContainer|startContainer) hook/.test(arg) ? new HookError(arg) : new Error(arg));
      }
    };
    let chain = Promise.resolve();
    sock.setEncoding('utf8');
    sock.on('data', (d: string) => {
      buf += d;
      let nl;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        chain = chain.then(() => onLine(line));
      }
    });
    sock.on('error', () => undefined);
    sock.on('close', () => {
      void chain.then(() => finish(new Error('the container init exited during create without saying why')));
    });
  });
}

function mustRecord(root: string, id: string): ContainerRecord {
  checkContainerId(id);
  const rec = readRecord(root, id);
  if (!rec) {
    if (existsSync(containerDir(root, id))) throw new Error(`container ${id} is being created`);
    throw new Error(`container ${id} does not exist`);
  }
  return rec;
}

/** `state`: the State document. */
export function state(root: string, id: string): OciState {
  checkContainerId(id);
  const rec = readRecord(root, id);
  if (!rec) {
    if (existsSync(containerDir(root, id)))
      return { ociVersion: '1.3.0', id, status: 'creating', bundle: '' };
    throw new Error(`container ${id} does not exist`);
  }
  return ociState(rec);
}

/** `list`: the State of every container under the root, sorted by id. */
export function list(root: string): OciState[] {
  let names: string[];
  try {
    names = readdirSync(root);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
  const out: OciState[] = [];
  for (const id of names.sort()) {
    if (id === CLAIMS_DIR) continue;
    try {
      out.push(state(root, checkContainerId(id)));
    } catch {
      // not a container directory (or removed meanwhile)
    }
  }
  return out;
}

/** `start`: releases the init to exec process.args, then runs poststart. */
export async function start(root: string, id: string, warn: Warn): Promise<void> {
  const rec = mustRecord(root, id);
  const status = statusOf(rec);
  if (status !== 'created')
    throw new Error(`cannot start container ${id}: expected status created, found ${status}`);
  if (!rec.hasProcess) throw new Error(`cannot start container ${id}: the config has no process`);
  const reply = await new Promise<string>((res, rej) => {
    const dir = containerDir(root, id);
    const path = join(dir, 'init.sock');
    // sun_path holds 107 bytes; a long root goes through a relative path.
    const rel = path.length > 100;
    const cwd = process.cwd();
    if (rel) process.chdir(dir);
    const s = connect({ path: rel ? 'init.sock' : path });
    if (rel) process.chdir(cwd);
    let got = '';
    s.setEncoding('utf8');
    s.on('connect', () =>
      s.write(`start\t${JSON.stringify(inContainer(ociState(rec, 'created'), rec.pid))}\n`),
    );
    s.on('data', (d: string) => (got += d));
    s.on('error', (e) => rej(new Error(`cannot reach the container init of ${id}: ${e.message}`)));
    s.on('close', () => res(got));
  });
  const err = /^error\t(.*)$/m.exec(reply);
  if (err) {
    // SPEC: runtime.md: a failing startContainer hook (or exec) stops the container and continues at
    // step 12: the container is destroyed and poststop runs.
    killQuiet(rec.pid, 'SIGKILL');
    await waitDead(rec, 5000);
    await destroy(root, rec);
    await poststop(rec, warn);
    throw new Error(err[1]);
  }
  rec.started = true;
  writeRecord(root, rec);
  try {
    await runHooks('poststart', rec.poststart, ociState(rec, 'running'));
  } catch (e) {
    // SPEC: since v1.3.0 a failing poststart hook is an error that stops and destroys the container.
    killQuiet(rec.pid, 'SIGKILL');
    await waitDead(rec, 5000);
    await destroy(root, rec);
    await poststop(rec, warn);
    throw e;
  }
}

/** `kill`: sends a signal to the container process (created or running only). */
export function kill(root: string, id: string, signal = 'TERM'): void {
  const rec = mustRecord(root, id);
  const sig = parseSignal(signal);
  const status = statusOf(rec);
  if (status !== 'created' && status !== 'running')
    throw new Error(`cannot kill container ${id}: expected status created or running, found ${status}`);
  try {
    process.kill(rec.pid, sig);
  } catch (e) {
    throw new Error(`cannot signal container ${id} (pid ${rec.pid}): ${(e as Error).message}`);
  }
}

/** `delete`: destroys a stopped container; with force, kills it first. */
export async function remove(root: string, id: string, force: boolean, warn: Warn): Promise<void> {
  checkContainerId(id);
  const dir = containerDir(root, id);
  const rec = readRecord(root, id);
  if (!rec) {
    if (!existsSync(dir)) {
      // runc convention: delete --force of a missing container succeeds.
      if (force) return;
      throw new Error(`container ${id} does not exist`);
    }
    if (!force) throw new Error(`container ${id} is being created`);
    rmSync(dir, { recursive: true, force: true });
    return;
  }
  const status = statusOf(rec);
  if (status !== 'stopped') {
    // SPEC: runtime.md "delete": deleting a container that is not stopped MUST error (runc deletes a
    // created one anyway; we follow the spec).
    if (!force) throw new Error(`cannot delete container ${id} that is not stopped: ${status}`);
    killQuiet(rec.pid, 'SIGKILL');
    if (!(await waitDead(rec, 10_000)))
      throw new Error(`container ${id} (pid ${rec.pid}) did not stop within 10 s of SIGKILL`);
  }
  await destroy(root, rec);
  await poststop(rec, warn);
}
