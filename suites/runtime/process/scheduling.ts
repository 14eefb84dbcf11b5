// process.scheduling: process.scheduler {policy SCHED_BATCH} with every other field omitted, and
// process.ioPriority; the probe reads sched_getattr(2) and ioprio_get(2) (spec 1.2.0+).
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Finding } from '../../../model/report.js';
import { parseObservation, type Observation } from '../../../harness/probe/observation.js';
import type { RuntimeRequirementId } from '../../../requirements/index.js';
import { observationFinding, parseProbeOutput, runToCompletion } from '../area-kit.js';
import { defineCase } from '../../../harness/runtime/case.js';

const id = 'process.scheduling';

/** SCHED_BATCH: needs no privilege, and takes no priority. */
export const caseScheduler = { policy: 'SCHED_BATCH' };
export const casePolicyNumber = 3;
export const caseIoPriority = { class: 'IOPRIO_CLASS_BE', priority: 6 };
export const caseIoClassNumber = 2;

/** SCHED_DEADLINE with runtime and deadline (ns) and no period: the kernel takes period 0 as the deadline. */
export const caseDeadline = { policy: 'SCHED_DEADLINE', runtime: 1_000_000, deadline: 10_000_000 };
export const deadlinePolicyNumber = 6;

/** What the host's probe (run by the harness, outside any container) saw of its own scheduling. */
export interface HostScheduling {
  /** sched_getattr's runtime of a SCHED_OTHER process that never set one: the kernel's default slice. */
  runtime: string;
}

/**
 * Compares the probe's scheduling attributes with the config. SPEC: config.md says omitted nice, priority,
 * runtime, deadline and period are 0 ("must" in lower case). Deadline and period mean nothing outside
 * SCHED_DEADLINE (the kernel reports 0 for other policies whatever was passed), so they are not checked.
 * A runtime of 0 for a fair policy means "the default slice": on kernels that report the slice
 * (6.12+), the container's must equal the host's, and both are 0 on older kernels. `deadline` is what a
 * second container under {@link caseDeadline} saw: its period shows whether the omitted period was 0.
 */
export function checkScheduling(
  obs: Observation,
  host: HostScheduling | undefined,
  deadline?: Observation,
): Finding[] {
  const out: Finding[] = [];
  const f = (reqs: RuntimeRequirementId[], field: string, msg: string, expected: unknown, actual: unknown) =>
    out.push(observationFinding(id, reqs, field, msg, expected, actual));
  const a = obs.schedAttr;
  if (!a) {
    f(
      ['config.process.scheduler.applied'],
      'schedAttr',
      'expected the probe to read its scheduling attributes (sched_getattr), found them unreadable',
      'sched_getattr',
      null,
    );
  } else {
    if (a.policy !== casePolicyNumber)
      f(
        ['config.process.scheduler.applied'],
        'policy',
        `expected scheduling policy ${caseScheduler.policy} (${casePolicyNumber}), found ${a.policy}`,
        casePolicyNumber,
        a.policy,
      );
    if (a.nice !== 0)
      f(
        ['config.process.scheduler.nice-default-zero'],
        'nice',
        `expected nice 0 (scheduler.nice omitted), found ${a.nice}`,
        0,
        a.nice,
      );
    if (a.priority !== 0)
      f(
        ['config.process.scheduler.priority-default-zero'],
        'priority',
        `expected priority 0 (scheduler.priority omitted), found ${a.priority}`,
        0,
        a.priority,
      );
    if (host && a.runtime !== host.runtime)
      f(
        ['config.process.scheduler.runtime-default-zero'],
        'runtime',
        `expected the runtime of a process that set runtime 0 (${host.runtime}, as the host reports for its own), found ${a.runtime}`,
        host.runtime,
        a.runtime,
      );
  }
  if (deadline) {
    const d = deadline.schedAttr;
    if (!d || d.policy !== deadlinePolicyNumber)
      f(
        ['config.process.scheduler.applied'],
        'deadline policy',
        `expected the second container's policy ${caseDeadline.policy} (${deadlinePolicyNumber}), found ${d ? d.policy : 'none readable'}`,
        deadlinePolicyNumber,
        d?.policy ?? null,
      );
    else if (d.period !== String(caseDeadline.deadline))
      f(
        ['config.process.scheduler.period-default-zero'],
        'deadline period',
        `expected period ${caseDeadline.deadline} (scheduler.period omitted is 0, which the kernel takes as the deadline), found ${d.period}`,
        String(caseDeadline.deadline),
        d.period,
      );
  }
  const io = obs.ioPriority;
  if (!io || io.class !== caseIoClassNumber || io.level !== caseIoPriority.priority)
    f(
      ['config.process.ioPriority.applied'],
      'ioPriority',
      `expected I/O priority ${caseIoPriority.class} (${caseIoClassNumber}) level ${caseIoPriority.priority}, found ${io ? `class ${io.class} level ${io.level}` : 'none readable'}`,
      { class: caseIoClassNumber, level: caseIoPriority.priority },
      io ?? null,
    );
  return out;
}

const requirements: RuntimeRequirementId[] = [
  'config.process.scheduler.applied',
  'config.process.scheduler.nice-default-zero',
  'config.process.scheduler.priority-default-zero',
  'config.process.scheduler.runtime-default-zero',
  'config.process.scheduler.period-default-zero',
  'config.process.ioPriority.applied',
];

export const processScheduling = defineCase({
  id,
  group: 'process',
  requirements,
  since: '1.2.0',
  description: `process.scheduler {policy ${caseScheduler.policy}} (nothing else) and ioPriority ${caseIoPriority.class} ${caseIoPriority.priority}: the probe's sched_getattr shows the policy with nice and priority 0 and the host's default runtime, and ioprio_get the class and level; a second container under ${caseDeadline.policy} without period reports the period equal to the deadline`,
  build(config) {
    // SPEC: scheduler and ioPriority are 1.2.0 fields; the config declares 1.1.0 (whose schema allows
    // them as unknown properties) so that runtimes taking only 1.1.x configs (crun 1.8.1) run the case.
    config
      .set('/ociVersion', '1.1.0')
      .set('/process/scheduler', { ...caseScheduler })
      .set('/process/ioPriority', { ...caseIoPriority });
  },
  async run(ctx) {
    // The host's own default (the probe run outside the container, as a plain child of the harness).
    let host: HostScheduling | undefined;
    try {
      const r = await promisify(execFile)(ctx.bundle.hostPath(ctx.probe), ['report'], { timeout: 10_000 });
      const runtime = parseObservation(r.stdout).schedAttr?.runtime;
      if (runtime !== undefined) host = { runtime };
    } catch (e) {
      ctx.note(`host probe: ${(e as Error).message}; runtime not compared`);
    }
    ctx.observe('host', host ?? null);
    const text = await runToCompletion(ctx, requirements);
    if (text === undefined) return;
    const obs = parseProbeOutput(ctx, text, parseObservation);
    if (!obs) return;
    // A second container: SCHED_DEADLINE without period (root holds CAP_SYS_NICE; the probe never forks).
    const second = await ctx.makeBundle((c) =>
      c.set('/ociVersion', '1.1.0').set('/process/scheduler', { ...caseDeadline }),
    );
    const id2 = ctx.newContainerId('deadline');
    let deadline: Observation | undefined;
    const c2 = await ctx.runtime.create({ id: id2, bundle: second });
    if (
      ctx.check.succeeded(c2, {
        requirements: ['config.process.scheduler.applied'],
        what: 'create with SCHED_DEADLINE',
      })
    ) {
      const s2 = await ctx.runtime.start(id2);
      if (s2.exitCode === 0 && (await ctx.waitForStatus('stopped', { id: id2 })).matched) {
        const t2 = await ctx.output({ id: id2 });
        try {
          deadline = parseObservation(t2);
          ctx.observe('deadline schedAttr', deadline.schedAttr ?? null);
        } catch (e) {
          ctx.note(`second container's output: ${(e as Error).message}`);
        }
      }
    }
    return checkScheduling(obs, host, deadline);
  },
});
