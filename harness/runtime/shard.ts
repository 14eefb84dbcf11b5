// `run --shard i/n`: a deterministic, balanced share of the selected cases, so a CI matrix of n jobs
// runs the whole suite once: each case in exactly one shard, by recorded duration when known.

/** `i/n` parsed: shard `index` (1-based) of `count`. */
export interface Shard {
  index: number;
  count: number;
}

/** Parses `i/n` (1 <= i <= n); the error says what was expected and what was found. */
export function parseShard(text: string): Shard | { error: string } {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || count < 1 || index < 1 || index > count)
    return { error: `--shard: expected i/n with 1 <= i <= n (e.g. 2/4) but found ${JSON.stringify(text)}` };
  return { index, count };
}

/**
 * Splits ids into `count` shards: longest first (ties by id), each to the shard with the least total so
 * far (ties to the lowest index). Durations in ms by id; an id without one weighs the median of the
 * known ones, and with none known every id weighs 1 (balanced by count). The result depends only on
 * the ids and durations given, never on their order, so every job of a matrix computes the same split.
 */
export function assignShards(
  ids: readonly string[],
  count: number,
  durations?: ReadonlyMap<string, number>,
): string[][] {
  const known = [...(durations?.values() ?? [])]
    .filter((d) => Number.isFinite(d) && d >= 0)
    .sort((a, b) => a - b);
  const median = known.length ? known[Math.floor(known.length / 2)]! : 1;
  const weight = (id: string) => {
    const d = durations?.get(id);
    return known.length === 0 ? 1 : d !== undefined && Number.isFinite(d) && d >= 0 ? d : median;
  };
  const sorted = [...new Set(ids)].sort((a, b) => weight(b) - weight(a) || (a < b ? -1 : a > b ? 1 : 0));
  const shards: string[][] = Array.from({ length: count }, () => []);
  const totals = new Array<number>(count).fill(0);
  for (const id of sorted) {
    let best = 0;
    for (let s = 1; s < count; s++) if (totals[s]! < totals[best]!) best = s;
    shards[best]!.push(id);
    totals[best]! += weight(id);
  }
  return shards.map((s) => s.sort());
}

/** The durations a JSON report recorded, by case id (for balancing the next run's shards). */
export function durationsFromReport(report: {
  cases?: { id: string; durationMs?: number }[];
}): Map<string, number> {
  const out = new Map<string, number>();
  for (const c of report.cases ?? []) if (typeof c.durationMs === 'number') out.set(c.id, c.durationMs);
  return out;
}
