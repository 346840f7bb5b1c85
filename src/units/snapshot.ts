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
  const rows = db
    .prepare(
      'SELECT id, vintage, level, code, name, type, parent_id AS parentId, province_code AS provinceCode, name_key AS nameKey FROM units ORDER BY vintage, level, code',
    )
    .all() as (UnitRow & { nameKey?: string })[];
  for (const u of rows) {
    nameKeys.set(u.id, u.nameKey as string);
    delete u.nameKey;
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
  return { units, byCode, children, successors, predecessors, vintages, nameKeys };
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

/**
 * Where an old unit ended up on `date`: its successors, followed through
 * later reorganisations while they are no longer in force. `kind` is `full`
 * only when every link on the way was. Empty for a unit in force.
 */
export function finalSuccessors(snap: UnitSnapshot, u: UnitRow, date: string): SuccessorLink[] {
  if (validity(snap, u.vintage, date) !== 'past') return [];
  const out = new Map<number, SuccessorLink>();
  const walk = (unit: UnitRow, full: boolean, via: SuccessorLink | null, depth: number) => {
    const links = snap.successors.get(unit.id) ?? [];
    if (depth > 0 && (links.length === 0 || validity(snap, unit.vintage, date) !== 'past')) {
      const l = via as SuccessorLink;
      const have = out.get(unit.id);
      if (!have) out.set(unit.id, { ...l, unit, kind: full ? 'full' : 'partial' });
      return;
    }
    if (depth > 8) return;
    for (const l of links) walk(l.unit, full && l.kind === 'full', l, depth + 1);
  };
  walk(u, true, null, 0);
  return [...out.values()];
}
