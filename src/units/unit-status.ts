/** Where a unit a roster named stands on the date the roster speaks of, and the order units are listed in. */
import { sameDistrictCandidates, traceSuccessors, validity, type UnitSnapshot } from './snapshot.js';
import type { Resolution, UnitRow } from './types.js';

/**
 * A unit of a list no longer in force: retired whole when every way from it
 * is a whole merge to one unit; the same unit when its code and name simply
 * carried on; divided when a part went anywhere on the way; vanished when no
 * succession is known.
 */
export function unitStatus(snap: UnitSnapshot, u: UnitRow, asOf: string): Resolution {
  if (validity(snap, u.vintage, asOf) !== 'past') return { status: 'current', unit: u, successors: [], candidates: [] };
  const t = traceSuccessors(snap, u, asOf);
  if (t.finals.length === 0) return { status: 'retired.unknown-successor', unit: u, successors: [], candidates: sameDistrictCandidates(snap, t.deadEnds, asOf) };
  const f = t.finals.length === 1 && t.allFull ? t.finals[0] : undefined;
  if (f) {
    if ((f.steps ?? []).every((l) => l.same)) return { status: 'current', unit: f.unit, successors: [], candidates: [] };
    return { status: 'retired.full', unit: u, successors: t.finals, candidates: [] };
  }
  return { status: 'retired.partial', unit: u, successors: t.finals, candidates: [] };
}

/** By province, code, then vintage: the order candidates are shown in. */
export function byPlace(a: UnitRow, b: UnitRow): number {
  return (a.provinceCode ?? '').localeCompare(b.provinceCode ?? '') || a.code.localeCompare(b.code) || a.vintage.localeCompare(b.vintage);
}

/** In force first, then past lists, then future ones. */
export function stateRank(snap: UnitSnapshot, u: UnitRow, asOf: string): number {
  return { 'in-force': 0, past: 1, future: 2 }[validity(snap, u.vintage, asOf)];
}
