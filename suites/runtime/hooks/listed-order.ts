// hooks.listed-order: several hooks of one kind run one after the other in the order the config lists them
// (three createRuntime hooks during create, two poststop hooks during delete).
import { mkdir } from 'node:fs/promises';
import type { Finding } from '../../../model/report.js';
import type { HookRecord } from '../../../harness/probe/observation.js';
import type { HookEntry, HookType, RuntimeConfig } from '../../../harness/runtime/config-builder.js';
import type { RuntimeRequirementId } from '../../../requirements/index.js';
import { observationFinding } from '../area-kit.js';
import { defineCase, type CaseContext } from '../../../harness/runtime/case.js';
import { hookLogDir, readHookLog } from './order-and-state.js';

const id = 'hooks.listed-order';

/** How many hooks of each kind the case lists. */
export const caseCounts: Partial<Record<HookType, number>> = { createRuntime: 3, poststop: 2 };

const invoked: Partial<Record<HookType, RuntimeRequirementId>> = {
  createRuntime: 'runtime.lifecycle.createRuntime-invoked',
  poststop: 'runtime.lifecycle.poststop-invoked',
};

/** Hook entries named `<kind>#<n>` (1-based, in listed order), all running the probe on the host. */
export function listedHooks(hostProbe: string, hostLog: string): Partial<Record<HookType, HookEntry[]>> {
  const out: Partial<Record<HookType, HookEntry[]>> = {};
  for (const [type, n] of Object.entries(caseCounts) as [HookType, number][])
    out[type] = Array.from({ length: n }, (_, i) => ({
      path: hostProbe,
      args: ['oci-conform-hook', 'hook', '--log', hostLog, '--name', `${type}#${i + 1}`],
    }));
  return out;
}

/**
 * Each listed hook ran once, and the hooks of a kind started in listed order, each after the previous one
 * finished (log order, which is completion order, equals start order equals listed order).
 */
export function checkListedOrder(records: HookRecord[], config: RuntimeConfig): Finding[] {
  const out: Finding[] = [];
  for (const [type, entries] of Object.entries(config.hooks ?? {}) as [HookType, HookEntry[]][]) {
    const names = entries.map((e) => e.args?.[e.args.indexOf('--name') + 1] ?? '');
    const seen = records.filter((r) => r.name !== null && names.includes(r.name));
    if (seen.length !== names.length) {
      out.push(
        observationFinding(
          id,
          [invoked[type] ?? 'config.hooks.listed-order'],
          `hooks.${type}`,
          `expected ${names.length} ${type} hooks to run once each, found ${seen.length} runs`,
          names,
          seen.map((r) => r.name),
        ),
      );
      continue;
    }
    const byStart = [...seen]
      .sort((a, b) => (BigInt(a.monotonicNs) < BigInt(b.monotonicNs) ? -1 : 1))
      .map((r) => r.name);
    const byLog = seen.map((r) => r.name);
    if (JSON.stringify(byStart) !== JSON.stringify(names) || JSON.stringify(byLog) !== JSON.stringify(names))
      out.push(
        observationFinding(
          id,
          ['config.hooks.listed-order'],
          `hooks.${type}.order`,
          `expected the ${type} hooks to run in listed order ${JSON.stringify(names)}, found ${JSON.stringify(byStart)}`,
          names,
          byStart,
        ),
      );
  }
  return out;
}

const requirements: RuntimeRequirementId[] = [
  'config.hooks.listed-order',
  'runtime.lifecycle.createRuntime-invoked',
  'runtime.lifecycle.poststop-invoked',
];

async function run(ctx: CaseContext): Promise<Finding[] | void> {
  const b = ctx.bundle;
  await mkdir(b.hostPath(hookLogDir), { recursive: true });
  const hostLog = b.hostPath(`${hookLogDir}/listed.log`);
  const config = structuredClone(b.config);
  config.hooks = listedHooks(b.hostPath(ctx.probe), hostLog);
  await b.writeConfig(config);
  const created = await ctx.runtime.create();
  if (
    !ctx.check.succeeded(created, {
      requirements: ['runtime.create.creates-container'],
      what: 'create with listed hooks',
    })
  )
    return;
  // Delete the created container (never started): poststop runs, and no user program is needed.
  await ctx.runtime.kill('KILL');
  await ctx.waitForStatus('stopped');
  const deleted = await ctx.runtime.delete();
  ctx.check.succeeded(deleted, {
    requirements: ['runtime.lifecycle.poststop-invoked'],
    what: 'delete of the stopped container',
  });
  const records = await readHookLog(hostLog);
  ctx.observe('hooks', records);
  return checkListedOrder(records, config);
}

export const hooksListedOrder = defineCase({
  id,
  group: 'hooks',
  requirements,
  description:
    'lists three createRuntime and two poststop hooks and checks they run once each in listed order',
  run,
});
