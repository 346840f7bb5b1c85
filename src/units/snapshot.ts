/**
 * The unit reference a command reads (snapshot-shape.ts): loaded once per
 * connection and kept while the database is unchanged (a report validates and
 * then counts by jurisdiction: both read the same snapshot). It is read on
 * demand (snapshot-lazy.ts): a command pays for the units it touches, not for
 * the whole national reference. Then where a unit stands on a date, its
 * ancestry, and the chains of successions from an old unit to today's.
 */
import { present } from '../errors.js';
import type { DB } from '../store/db.js';
import { readLazySnapshot } from './snapshot-lazy.js';
import { unitIn, type UnitSnapshot, type Validity } from './snapshot-shape.js';
import type { SuccessorLink, UnitRow } from './types.js';

export { unitIn, type UnitSnapshot, type Validity, type VintageInfo } from './snapshot-shape.js';

const cache = new WeakMap<DB, { stamp: string; snap: UnitSnapshot }>();

/**
 * The snapshot of this connection's database, made again only when something
 * was written since: by this connection (total_changes) or another (data_version).
 */
export function loadSnapshot(db: DB): UnitSnapshot {
  const v = db.prepare('SELECT total_changes() AS t').get() as { t: number };
  const stamp = `${db.pragma('data_version', { simple: true })}:${v.t}`;
  const hit = cache.get(db);
  if (hit && hit.stamp === stamp) return hit.snap;
  const snap = readLazySnapshot(db);
  cache.set(db, { stamp, snap });
  return snap;
}

/**
 * Whether a vintage's codes are in force on `date`: from valid_from (or since
 * ever) up to the day before valid_to (or still).
 */
export function validity(snap: UnitSnapshot, vintage: string, date: string): Validity {
  const v = snap.vintages.get(vintage);
  if (!v) return 'in-force';
  if (v.validFrom !== null && date < v.validFrom) return 'future';
  if (v.validTo !== null && date >= v.validTo) return 'past';
  return 'in-force';
}

/** The unit's parent chain: district (old lists) and province. */
export function ancestry(snap: UnitSnapshot, u: UnitRow): { district?: UnitRow; province?: UnitRow } {
  let p = u.parentId !== null ? snap.units.get(u.parentId) : undefined;
  let district: UnitRow | undefined;
  while (p) {
    if (p.level === 2 && !district) district = p;
    if (p.level === 1) return { district, province: p };
    p = p.parentId !== null ? snap.units.get(p.parentId) : undefined;
  }
  return { district };
}

/** Where an old unit ended up on `date`, and whether it got there whole. */
export interface Trace {
  /**
   * Units in force on `date` (or the first ones not yet past) reached through
   * successions; each link's `steps` is the way there, oldest first, its
   * `legalBasis` every legal basis on the way, its `kind` full only when every
   * step was.
   */
  finals: SuccessorLink[];
  /** Units on the way that vanished from the next list with no succession known. */
  deadEnds: UnitRow[];
  /** Every way from the unit is made of whole merges. */
  allFull: boolean;
}

const MAX_DEPTH = 8;

/** Legal bases of the steps that were reorganisations, in order, each once. */
export function chainBasis(steps: SuccessorLink[]): string | null {
  const out: string[] = [];
  for (const s of steps) if (!s.same && s.legalBasis && !out.includes(s.legalBasis)) out.push(s.legalBasis);
  return out.length > 0 ? out.join('; ') : null;
}

/**
 * Follows a unit of a list no longer in force on `date` through every later
 * list to the units in force. Empty for a unit in force.
 */
export function traceSuccessors(snap: UnitSnapshot, u: UnitRow, date: string): Trace {
  const t: Trace = { finals: [], deadEnds: [], allFull: true };
  if (validity(snap, u.vintage, date) !== 'past') return t;
  const finals = new Map<number, SuccessorLink>();
  const dead = new Map<number, UnitRow>();
  const walk = (unit: UnitRow, path: SuccessorLink[]) => {
    if (path.length > 0 && validity(snap, unit.vintage, date) !== 'past') {
      const full = path.every((l) => l.kind === 'full');
      if (!full) t.allFull = false;
      const have = finals.get(unit.id);
      if (have) {
        if (!full) have.kind = 'partial';
        return;
      }
      const real = path.filter((l) => !l.same);
      finals.set(unit.id, {
        unit,
        kind: full ? 'full' : 'partial',
        effective: present(real.at(-1) ?? path.at(-1), 'the last link of a chain').effective, // path is not empty here
        legalBasis: chainBasis(path),
        steps: path,
      });
      return;
    }
    const links = snap.successors.get(unit.id) ?? [];
    if (links.length === 0 || path.length >= MAX_DEPTH) {
      dead.set(unit.id, unit);
      t.allFull = false;
      return;
    }
    for (const l of links) walk(l.unit, [...path, l]);
  };
  walk(u, []);
  t.finals = [...finals.values()];
  t.deadEnds = [...dead.values()];
  return t;
}

/** The units in force on `date` an old unit went to (see traceSuccessors). Empty for a unit in force. */
export function finalSuccessors(snap: UnitSnapshot, u: UnitRow, date: string): SuccessorLink[] {
  return traceSuccessors(snap, u, date).finals;
}

/**
 * For a unit that vanished with no succession known: the units in force on
 * `date` that the wards of its district (in the next list) became.
 */
export function sameDistrictCandidates(snap: UnitSnapshot, dead: UnitRow[], date: string): UnitRow[] {
  const out = new Map<number, UnitRow>();
  for (const d of dead) {
    const district = ancestry(snap, d).district;
    const next = snap.nextVintage.get(d.vintage);
    if (!district || !next) continue;
    const nd = unitIn(snap, next, 2, district.code);
    for (const c of (nd ? snap.children.get(nd.id) : undefined) ?? []) {
      if (c.level !== 3) continue;
      if (validity(snap, c.vintage, date) !== 'past') out.set(c.id, c);
      else for (const f of traceSuccessors(snap, c, date).finals) out.set(f.unit.id, f.unit);
    }
  }
  return [...out.values()].sort((a, b) => a.code.localeCompare(b.code));
}
