// Checks across the layers of one image, on what each layer's streaming scan kept (path keys, directory
// names, symlinks, whiteouts): nothing is unpacked. Problems are data, as in the layer model.
import { maxProblemsPerCode, type LayerChanges } from './layer-model.js';

export type StackProblemCode = 'whiteout-no-lower' | 'opaque-hides-nothing' | 'through-lower-symlink';

/** One problem across layers: in layer `layer` (index in the manifest), at an entry of that layer. */
export interface StackProblem {
  code: StackProblemCode;
  layer: number;
  path: string;
  offset: number;
  detail?: string;
}

function dirname(p: string): string {
  const i = p.lastIndexOf('/');
  return i < 0 ? '' : p.slice(0, i);
}

/** `p` and its ancestors, deepest first, the root ('') last. */
function* selfAndAncestors(p: string): Generator<string> {
  for (let d = p; ; d = dirname(d)) {
    yield d;
    if (d === '') return;
  }
}

/**
 * The problems across `layers` (bottom first; undefined: a layer that could not be scanned, after which
 * nothing above is judged, since what it holds is unknown).
 */
export function stackProblems(layers: (LayerChanges | undefined)[]): {
  problems: StackProblem[];
  counts: Partial<Record<StackProblemCode, number>>;
} {
  const problems: StackProblem[] = [];
  const counts: Partial<Record<StackProblemCode, number>> = {};
  const add = (p: StackProblem) => {
    const n = (counts[p.code] ?? 0) + 1;
    counts[p.code] = n;
    if (n <= maxProblemsPerCode) problems.push(p);
  };

  // Deletions by layer, by name: explicit whiteout targets and opaque directories (few per layer).
  const removed: Set<string>[] = [];
  const opaqued: Set<string>[] = [];
  for (const l of layers) {
    removed.push(new Set(l?.whiteouts.map((w) => w.target)));
    opaqued.push(new Set(l?.opaque.map((o) => o.dir)));
  }

  /** Highest layer below `i` whose whiteouts remove `p` (itself or an ancestor), or an opaque hides it. */
  const lastRemoval = (p: string, i: number): number => {
    for (let k = i - 1; k >= 0; k--) {
      for (const a of selfAndAncestors(p)) {
        if (a !== '' && removed[k]!.has(a)) return k;
        if (a !== p && opaqued[k]!.has(a)) return k;
      }
    }
    return -1;
  };
  /** Highest layer below `i` that adds `p` (as an entry, or a directory its entries imply). */
  const lastAdd = (p: string, i: number): number => {
    for (let k = i - 1; k >= 0; k--) if (layers[k]!.paths.has(p) || layers[k]!.dirs.has(p)) return k;
    return -1;
  };
  /** Does `p` exist after applying the layers below `i`? (An addition in the removing layer survives.) */
  const existsBelow = (p: string, i: number): boolean => {
    const a = lastAdd(p, i);
    return a >= 0 && a >= lastRemoval(p, i);
  };

  for (let i = 0; i < layers.length; i++) {
    const l = layers[i];
    if (!l) break;
    // below a layer that was not tracked completely, absence proves nothing
    const lowerComplete = layers.slice(0, i).every((x) => x!.complete);
    if (i > 0 && lowerComplete) {
      for (const w of l.whiteouts) {
        if (existsBelow(w.target, i)) continue;
        add({ code: 'whiteout-no-lower', layer: i, path: w.path, offset: w.offset, detail: w.target });
      }
      for (const o of l.opaque) {
        // a lower layer with an entry under the directory, not removed since
        const since = lastRemoval((o.dir ? o.dir + '/' : '') + '\u0000', i);
        let hides = false;
        for (let k = i - 1; k >= 0 && k >= since && !hides; k--) if (layers[k]!.dirs.has(o.dir)) hides = true;
        if (!hides)
          add({ code: 'opaque-hides-nothing', layer: i, path: o.path, offset: o.offset, detail: o.dir });
      }
    }
    if (i === 0) continue;
    // entries written under a directory that is a symlink in the layers below
    for (const [dir, first] of l.dirs) {
      if (dir === '') continue;
      // only the directory an entry sits in is judged; its ancestors are judged as their own dirs entries
      for (let k = i - 1; k >= 0; k--) {
        const lk = layers[k]!;
        const t = lk.paths.get(dir);
        if (t === undefined) continue;
        if (t === 'symlink' && k >= lastRemoval(dir, i) && l.paths.get(dir) !== 'directory')
          add({
            code: 'through-lower-symlink',
            layer: i,
            path: first.path,
            offset: first.offset,
            detail: `${dir} -> ${lk.symlinks.get(dir) ?? '?'} (layer ${k})`,
          });
        break;
      }
    }
  }
  return { problems, counts };
}
