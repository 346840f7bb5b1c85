/**
 * The units an office answers for. A province or a former district covers
 * its wards and their successors; a ward code covers the units with that code
 * in every vintage, their successors and their predecessors.
 */
import type { DB } from '../store/db.js';
import { loadSnapshot, type UnitSnapshot } from './snapshot.js';
import type { UnitRow } from './types.js';

export interface Jurisdiction {
  codes: string[];
  /** No codes: the office answers for everything. */
  everywhere: boolean;
  /** Codes that denote no loaded unit. */
  unknownCodes: string[];
  /** Ids of the units covered directly (before following successors of the unit asked about). */
  covered: Set<number>;
  snapshot: UnitSnapshot;
}

const MAX_DEPTH = 8;

/**
 * The jurisdiction of the codes. The units it covers are worked out on the
 * first question about one: a city's tree is hundreds of unit lookups, and an
 * import whose wards resolve by code or by a unique name never asks.
 */
export function createJurisdiction(source: DB | UnitSnapshot, codes: string[]): Jurisdiction {
  const snap = 'units' in source && source.units instanceof Map ? (source as UnitSnapshot) : loadSnapshot(source as DB);
  const unknownCodes: string[] = [];
  const found: UnitRow[] = [];
  for (const raw of codes) {
    const code = raw.trim();
    const units = snap.byCode.get(code) ?? (/^\d{1,4}$/.test(code) ? snap.byCode.get(code.padStart(5, '0')) : undefined);
    if (!units || units.length === 0) unknownCodes.push(code);
    else found.push(...units);
  }
  let covered: Set<number> | undefined;
  return {
    codes,
    everywhere: codes.length === 0,
    unknownCodes,
    get covered() {
      covered ??= coveredUnits(snap, found);
      return covered;
    },
    snapshot: snap,
  };
}

/** A province or a former district covers its wards and their successors; a ward, its successors and predecessors. */
function coveredUnits(snap: UnitSnapshot, units: UnitRow[]): Set<number> {
  const covered = new Set<number>();
  const follow = (links: Map<number, { unit: UnitRow }[]>) => {
    const add = (u: UnitRow, depth = 0) => {
      if (depth > MAX_DEPTH) return;
      covered.add(u.id);
      for (const l of links.get(u.id) ?? []) add(l.unit, depth + 1);
    };
    return add;
  };
  const addWithSuccessors = follow(snap.successors);
  const addWithPredecessors = follow(snap.predecessors);
  const addTree = (u: UnitRow) => {
    covered.add(u.id);
    for (const c of snap.children.get(u.id) ?? []) {
      if (c.level === 3) addWithSuccessors(c);
      else addTree(c);
    }
    // A district that became a commune-level unit itself (Côn Đảo).
    if (u.level === 2) for (const l of snap.successors.get(u.id) ?? []) if (l.unit.level === 3) addWithSuccessors(l.unit);
  };
  for (const u of units) {
    if (u.level === 3) {
      addWithSuccessors(u);
      addWithPredecessors(u);
    } else addTree(u);
  }
  return covered;
}

/** Whether the unit, or (for a retired unit) any of its successors, is covered. */
export function inJurisdiction(j: Jurisdiction, unit: UnitRow): boolean {
  if (j.everywhere || j.covered.has(unit.id)) return true;
  const seen = new Set<number>();
  const walk = (id: number, depth: number): boolean => {
    if (depth > MAX_DEPTH || seen.has(id)) return false;
    seen.add(id);
    for (const l of j.snapshot.successors.get(id) ?? []) {
      if (j.covered.has(l.unit.id) || walk(l.unit.id, depth + 1)) return true;
    }
    return false;
  };
  return walk(unit.id, 0);
}
