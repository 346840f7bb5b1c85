/**
 * The whole unit reference in memory: every unit of every vintage, the
 * successions both ways, and which vintage is in force when. Loaded once per
 * connection and kept while the database is unchanged (a report validates and
 * then counts by jurisdiction: both read the same snapshot), then every lookup
 * is a Map access. Consumers never modify it.
 */
import type { DB } from '../store/db.js';
import type { SuccessorLink, UnitRow } from './types.js';

export interface VintageInfo {
  vintage: string;
  validFrom: string | null;
  validTo: string | null;
  source: string;
}

/** Where a vintage stands on a date. */
export type Validity = 'in-force' | 'past' | 'future';

export interface UnitSnapshot {
  units: Map<number, UnitRow>;
  /** All units with a code, any level, any vintage. */
  byCode: Map<string, UnitRow[]>;
  children: Map<number, UnitRow[]>;
  /** Links from an old unit to its successors. */
  successors: Map<number, SuccessorLink[]>;
  /** Links from a new unit to its predecessors (`unit` is the old one). */
  predecessors: Map<number, SuccessorLink[]>;
  vintages: Map<string, VintageInfo>;
  /** units.name_key (unitNameKey of the name, computed when the unit was written). */
  nameKeys: Map<number, string>;
  /** The list that took over from a list (its valid_from is the other's valid_to). */
  nextVintage: Map<string, string>;
}

/** The unit of a list with this level and code. */
export function unitIn(snap: Pick<UnitSnapshot, 'byCode'>, vintage: string, level: number, code: string): UnitRow | undefined {
  for (const u of snap.byCode.get(code) ?? []) if (u.vintage === vintage && u.level === level) return u;
  return undefined;
}

const cache = new WeakMap<DB, { stamp: string; snap: UnitSnapshot }>();

/**
 * The snapshot of this connection's database, loaded again only when something
 * was written since: by this connection (total_changes) or another (data_version).
 */
export function loadSnapshot(db: DB): UnitSnapshot {
  const v = db.prepare('SELECT total_changes() AS t').get() as { t: number };
  const stamp = `${db.pragma('data_version', { simple: true })}:${v.t}`;
  const hit = cache.get(db);
  if (hit && hit.stamp === stamp) return hit.snap;
  const snap = readSnapshot(db);
  cache.set(db, { stamp, snap });
  return snap;
}

function readSnapshot(db: DB): UnitSnapshot {
  const units = new Map<number, UnitRow>();
  const byCode = new Map<string, UnitRow[]>();
  const children = new Map<number, UnitRow[]>();
  const nameKeys = new Map<number, string>();
  // Raw rows, each unit built with one fixed shape (objects that later lose a
  // property become slow dictionaries for every lookup after).
  const rows = db
    .prepare('SELECT id, vintage, level, code, name, type, parent_id, province_code, name_key FROM units ORDER BY vintage, level, code')
    .raw()
    .all() as [number, string, 1 | 2 | 3, string, string, string | null, number | null, string | null, string][];
  for (const r of rows) {
    const u: UnitRow = { id: r[0], vintage: r[1], level: r[2], code: r[3], name: r[4], type: r[5], parentId: r[6], provinceCode: r[7] };
    nameKeys.set(u.id, r[8]);
    units.set(u.id, u);
    push(byCode, u.code, u);
    if (u.parentId !== null) push(children, u.parentId, u);
  }
  const successors = new Map<number, SuccessorLink[]>();
  const predecessors = new Map<number, SuccessorLink[]>();
  for (const s of db.prepare('SELECT old_unit_id, new_unit_id, kind, effective, legal_basis FROM successions').all() as {
    old_unit_id: number;
    new_unit_id: number;
    kind: 'full' | 'partial';
    effective: string;
    legal_basis: string | null;
  }[]) {
    const o = units.get(s.old_unit_id);
    const n = units.get(s.new_unit_id);
    if (!o || !n) continue;
    push(successors, o.id, { unit: n, kind: s.kind, effective: s.effective, legalBasis: s.legal_basis });
    push(predecessors, n.id, { unit: o, kind: s.kind, effective: s.effective, legalBasis: s.legal_basis });
  }
  for (const l of successors.values()) l.sort((a, b) => (a.unit.code < b.unit.code ? -1 : a.unit.code > b.unit.code ? 1 : 0));
  for (const l of predecessors.values()) l.sort((a, b) => (a.unit.code < b.unit.code ? -1 : a.unit.code > b.unit.code ? 1 : 0));
  const vintages = new Map<string, VintageInfo>();
  for (const v of db.prepare('SELECT vintage, valid_from AS validFrom, valid_to AS validTo, source FROM unit_lists ORDER BY vintage').all() as VintageInfo[])
    vintages.set(v.vintage, v);
  const nextVintage = new Map<string, string>();
  for (const v of vintages.values()) {
    if (v.validTo === null) continue;
    for (const w of vintages.values()) if (w.vintage > v.vintage && w.validFrom === v.validTo) nextVintage.set(v.vintage, w.vintage);
  }
  carryOver(units, byCode, nameKeys, vintages, nextVintage, successors, predecessors);
  return { units, byCode, children, successors, predecessors, vintages, nameKeys, nextVintage };
}

/**
 * A unit that no succession mentions and whose code the next list keeps
 * under the same name is the same unit there (DECISIONS: "a code it does not
 * list carries on as the same unit"): linked as `same`, so that chains run
 * from the oldest list to today's through any number of lists.
 */
function carryOver(
  units: Map<number, UnitRow>,
  byCode: Map<string, UnitRow[]>,
  nameKeys: Map<number, string>,
  vintages: Map<string, VintageInfo>,
  nextVintage: Map<string, string>,
  successors: Map<number, SuccessorLink[]>,
  predecessors: Map<number, SuccessorLink[]>,
): void {
  if (nextVintage.size === 0) return;
  for (const u of units.values()) {
    if (successors.has(u.id)) continue;
    const w = nextVintage.get(u.vintage);
    if (!w) continue;
    const n = unitIn({ byCode }, w, u.level, u.code);
    if (!n || nameKeys.get(n.id) !== nameKeys.get(u.id)) continue;
    const effective = vintages.get(u.vintage)?.validTo as string;
    successors.set(u.id, [{ unit: n, kind: 'full', effective, legalBasis: null, same: true }]);
    push(predecessors, n.id, { unit: u, kind: 'full', effective, legalBasis: null, same: true });
  }
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const l = m.get(k);
  if (l) l.push(v);
  else m.set(k, [v]);
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
      finals.set(unit.id, { unit, kind: full ? 'full' : 'partial', effective: (real[real.length - 1] ?? path[path.length - 1]).effective, legalBasis: chainBasis(path), steps: path });
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
