// process.invalid-rlimits: an rlimit type the kernel does not have, and the same type listed twice, are
// configs the runtime cannot build: create must fail and leave no container.
import type { Finding } from '../../../model/report.js';
import type { RuntimeRequirementId } from '../../../requirements/index.js';
import { observationFinding } from '../area-kit.js';
import { defineCase, type CaseContext } from '../../../harness/runtime/case.js';

const id = 'process.invalid-rlimits';

/** The two bad rlimits lists, each tried in a container of its own. */
export const invalidRlimits = {
  unknown: {
    requirement: 'config.process.rlimits.unknown-type-error',
    rlimits: [{ type: 'RLIMIT_OCI_CONFORM_BOGUS', soft: 1, hard: 1 }],
  },
  duplicate: {
    requirement: 'config.process.rlimits.duplicate-error',
    rlimits: [
      { type: 'RLIMIT_NOFILE', soft: 512, hard: 512 },
      { type: 'RLIMIT_NOFILE', soft: 256, hard: 256 },
    ],
  },
} as const satisfies Record<
  string,
  { requirement: RuntimeRequirementId; rlimits: { type: string; soft: number; hard: number }[] }
>;
export type InvalidRlimitsKind = keyof typeof invalidRlimits;

/** What one attempt showed: create's outcome and whether `state` still knows the container. */
export interface InvalidRlimitsTrial {
  kind: InvalidRlimitsKind;
  create: { exitCode: number | null; timedOut: boolean };
  /** `state ID` succeeded after create. */
  stateAfter: boolean;
}

/** create must report an error (exit non-zero) and leave no container behind. */
export function checkInvalidRlimits(t: InvalidRlimitsTrial): Finding[] {
  const reqs: RuntimeRequirementId[] = [
    invalidRlimits[t.kind].requirement,
    'runtime.lifecycle.create-env-failure-error',
  ];
  const out: Finding[] = [];
  const createFailed = !t.create.timedOut && t.create.exitCode !== null && t.create.exitCode !== 0;
  const what = t.kind === 'unknown' ? 'an unknown rlimit type' : 'a duplicate rlimit type';
  if (!createFailed)
    out.push(
      observationFinding(
        id,
        reqs,
        `${t.kind}: create`,
        `expected create to fail on ${what}, found ${t.create.timedOut ? 'no answer' : `exit code ${String(t.create.exitCode)}`}`,
        'non-zero exit',
        t.create.exitCode,
      ),
    );
  else if (t.stateAfter)
    out.push(
      observationFinding(
        id,
        reqs,
        `${t.kind}: no container`,
        `expected no container after create failed on ${what}, found state still reporting it`,
        'state fails',
        'state succeeds',
      ),
    );
  return out;
}

async function trial(ctx: CaseContext, kind: InvalidRlimitsKind): Promise<InvalidRlimitsTrial> {
  const bundle = await ctx.makeBundle((c) => {
    c.set(
      '/process/rlimits',
      invalidRlimits[kind].rlimits.map((r) => ({ ...r })),
    );
  });
  const cid = ctx.newContainerId(kind);
  const created = await ctx.runtime.create({ id: cid, bundle });
  const st = await ctx.runtime.state(cid);
  return {
    kind,
    create: { exitCode: created.exitCode, timedOut: created.timedOut },
    stateAfter: st.exitCode === 0,
  };
}

export const processInvalidRlimits = defineCase({
  id,
  group: 'process',
  requirements: [
    'config.process.rlimits.unknown-type-error',
    'config.process.rlimits.duplicate-error',
    'runtime.lifecycle.create-env-failure-error',
  ],
  description:
    'creates one container with an unknown rlimit type and one with RLIMIT_NOFILE listed twice; each create must fail and leave no container',
  async run(ctx) {
    const trials = await Promise.all((['unknown', 'duplicate'] as const).map((k) => trial(ctx, k)));
    ctx.observe('trials', trials);
    return trials.flatMap(checkInvalidRlimits);
  },
});
