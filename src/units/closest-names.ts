/**
 * The closest names for a reference that matches nothing: by edit distance
 * of the name keys, then by the words they share; units in the office's
 * jurisdiction only, unless none is close at all.
 */
import { unitNameKey } from './names.js';
import type { UnitRow } from './types.js';
import type { WardEntry } from './ward-index.js';

export interface NamePool {
  /** Every name key with its entries (read when first needed). */
  keys(): { key: string; entries: WardEntry[] }[];
  inJurisdiction(u: UnitRow): boolean;
  everywhere: boolean;
  /** Order of the units of one name: in force first, then by place. */
  rank(a: UnitRow, b: UnitRow): number;
}

const MAX_CANDIDATES = 5;

/** Returns a function giving up to five closest units for a name (the pool is read once, on first use). */
export function closestNames(pool: NamePool): (name: string) => UnitRow[] {
  let keyList: { key: string; entries: WardEntry[] }[] | null = null;
  return (name) => {
    const q = unitNameKey(name);
    if (q === '') return [];
    keyList ??= candidateKeys(pool);
    const qTokens = new Set(q.split(' ').filter((t) => t.length >= 2 && !/^\d+$/.test(t)));
    const limit = Math.max(1, Math.floor(q.length / 3));
    const scored: { d: number; entries: WardEntry[] }[] = [];
    for (const k of keyList) {
      let d = editDistance(q, k.key, limit + 1);
      if (d > limit) {
        const kt = k.key.split(' ');
        const shared = kt.filter((t) => qTokens.has(t)).length;
        if (shared === 0) continue;
        d = limit + 1 + (Math.max(kt.length, qTokens.size) - shared);
      }
      scored.push({ d, entries: k.entries });
    }
    scored.sort((a, b) => a.d - b.d);
    const out: UnitRow[] = [];
    for (const s of scored) {
      for (const e of [...s.entries].sort((a, b) => pool.rank(a.unit, b.unit))) {
        if (out.length >= MAX_CANDIDATES) return out;
        out.push(e.unit);
      }
    }
    return out;
  };
}

/** The keys of units in the jurisdiction, or every key when none is in it. */
function candidateKeys(pool: NamePool): { key: string; entries: WardEntry[] }[] {
  const all = pool.keys();
  if (pool.everywhere) return all;
  const inJur = all.map(({ key, entries }) => ({ key, entries: entries.filter((e) => pool.inJurisdiction(e.unit)) })).filter((p) => p.entries.length > 0);
  return inJur.length > 0 ? inJur : all;
}

/** Levenshtein distance, giving up (returning `max`) once every path exceeds `max`. */
export function editDistance(a: string, b: string, max = Infinity): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) >= max) return max;
  let prev = new Array<number>(b.length + 1);
  let cur = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  let last = b.length; // the distance from the characters of `a` seen so far to all of `b`
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = i;
    let left = i; // cur[j - 1]
    let diag = i - 1; // prev[j - 1]
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j]!; // j <= b.length: inside prev
      const c = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      const d = Math.min(up + 1, left + 1, diag + c);
      cur[j] = d;
      if (d < rowMin) rowMin = d;
      diag = up;
      left = d;
    }
    if (rowMin >= max) return max;
    last = left;
    [prev, cur] = [cur, prev];
  }
  return last;
}
