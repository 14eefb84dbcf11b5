// process.user: the container process runs with the configured uid, gid, additionalGids and umask.
import type { Finding } from '../../../model/report.js';
import { parseObservation, type Observation } from '../../../harness/probe/observation.js';
import type { RuntimeRequirementId } from '../../../requirements/index.js';
import { observationFinding, parseProbeOutput, runToCompletion, sameSet, sorted } from '../area-kit.js';
import { defineCase, type RuntimeConfig } from '../../../harness/runtime/case.js';

const id = 'process.user';

/** The user the case configures: not root, two supplementary groups, a umask other than the usual 022. */
export const caseUser = { uid: 1000, gid: 1000, additionalGids: [10, 20], umask: 0o027 };

/** Compares the probe's ids and umask with `process.user`. */
export function checkUser(obs: Observation, config: RuntimeConfig): Finding[] {
  const user = config.process?.user;
  if (!user) return [];
  const out: Finding[] = [];
  const f = (
    reqs: RuntimeRequirementId[],
    field: string,
    message: string,
    expected: unknown,
    actual: unknown,
  ) => out.push(observationFinding(id, reqs, field, message, expected, actual));
  const u = obs.user;
  if (u.uid !== user.uid || u.euid !== user.uid)
    f(
      ['config.process.user.uid'],
      'user.uid',
      `expected real and effective uid ${user.uid}, found uid ${u.uid} euid ${u.euid}`,
      user.uid,
      { uid: u.uid, euid: u.euid },
    );
  if (u.gid !== user.gid || u.egid !== user.gid)
    f(
      ['config.process.user.gid'],
      'user.gid',
      `expected real and effective gid ${user.gid}, found gid ${u.gid} egid ${u.egid}`,
      user.gid,
      { gid: u.gid, egid: u.egid },
    );
  // SPEC: the spec says additionalGids are "added" as supplementary groups and is silent on whether the
  // primary gid may also appear in getgroups(); we require exactly additionalGids, allowing the primary gid.
  const want = user.additionalGids ?? [];
  const got = (u.additionalGids ?? []).filter((g) => g !== user.gid || want.includes(g));
  if (u.additionalGids === null || !sameSet(want.map(String), got.map(String)))
    f(
      ['config.process.user.additionalGids'],
      'user.additionalGids',
      `expected supplementary groups ${JSON.stringify(sorted(want))}, found ${JSON.stringify(u.additionalGids)}`,
      sorted(want),
      u.additionalGids,
    );
  if (user.umask !== undefined && obs.umask !== user.umask)
    f(
      ['config.process.user.umask-applied'],
      'umask',
      `expected umask ${user.umask.toString(8).padStart(4, '0')}, found ${obs.umask.toString(8).padStart(4, '0')}`,
      user.umask,
      obs.umask,
    );
  return out;
}

const requirements: RuntimeRequirementId[] = [
  'config.process.user.uid',
  'config.process.user.gid',
  'config.process.user.additionalGids',
  'config.process.user.umask-applied',
];

export const processUser = defineCase({
  id,
  group: 'process',
  requirements,
  description: 'runs the probe as uid 1000, gid 1000, groups 10 and 20, umask 027 and reads them back',
  build(config) {
    config.user({ ...caseUser, additionalGids: [...caseUser.additionalGids] });
  },
  async run(ctx) {
    const out = await runToCompletion(ctx, requirements);
    if (out === undefined) return;
    const obs = parseProbeOutput(ctx, out, parseObservation);
    if (!obs) return;
    return checkUser(obs, ctx.bundle.config);
  },
});
