// Shared by the layer rules: report the tar-walk problems of some codes, with a summary line
// for the ones the walk counted but did not keep.
import type { FindingLevel } from '../../model/report.js';
import type { LayerProblemCode } from '../../harness/image/layer-model.js';
import type { RequirementId } from '../../requirements/index.js';
import type { LayerContext } from '../../harness/image/rule.js';

export function reportProblems(
  ctx: LayerContext,
  codes: Partial<
    Record<
      LayerProblemCode,
      {
        requirements?: RequirementId[];
        level?: FindingLevel;
        message: (path: string, detail?: string) => string;
      }
    >
  >,
): void {
  for (const p of ctx.scan.problems) {
    const spec = codes[p.code];
    if (!spec) continue;
    ctx.report({
      path: p.path,
      offset: p.offset,
      ...(spec.requirements ? { requirements: spec.requirements } : {}),
      ...(spec.level ? { level: spec.level } : {}),
      message: spec.message(p.path, p.detail),
      ...(p.detail !== undefined ? { actual: p.detail } : {}),
    });
  }
  for (const [code, spec] of Object.entries(codes) as [
    LayerProblemCode,
    NonNullable<(typeof codes)[LayerProblemCode]>,
  ][]) {
    const total = ctx.scan.counts[code] ?? 0;
    const kept = ctx.scan.problems.filter((p) => p.code === code).length;
    if (total > kept)
      ctx.report({
        offset: 0,
        ...(spec.requirements ? { requirements: spec.requirements } : {}),
        ...(spec.level ? { level: spec.level } : {}),
        message: `${total - kept} more entries with the same problem (${code}) not listed`,
      });
  }
}
