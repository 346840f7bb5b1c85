/**
 * The unit reference read on demand: each unit, code, name key, parent and
 * succession is one indexed SQL lookup the first time a command asks for it,
 * then kept. Importing a city's thirty wards reads a few hundred units of the
 * national lists instead of building all fourteen thousand (and the maps of
 * every succession) in every command. Iterating a map reads it whole, in one
 * query.
 */
import type { DB } from '../store/db.js';
import { LazyMap } from './lazy-map.js';
import { readLinks } from './snapshot-full.js';
import { readVintages, sameUnitNext, sortLinks, UNIT_COLUMNS, UNIT_ORDER, unitFromRow, unitIn, type UnitRowTuple, type UnitSnapshot } from './snapshot-shape.js';
import type { SuccessorLink, UnitRow } from './types.js';

type LinkTuple = [number, 'full' | 'partial', string, string | null];

export function readLazySnapshot(db: DB): UnitSnapshot {
  const sql = (where: string) => db.prepare(`SELECT ${UNIT_COLUMNS} FROM units ${where}`).raw();
  const q = {
    unit: sql('WHERE id = ?'),
    all: sql(UNIT_ORDER),
    byCode: sql(`WHERE code = ? ${UNIT_ORDER}`),
    byNameKey: sql(`WHERE name_key = ? ${UNIT_ORDER}`),
    children: sql(`WHERE parent_id = ? ${UNIT_ORDER}`),
    successors: db.prepare('SELECT new_unit_id, kind, effective, legal_basis FROM successions WHERE old_unit_id = ? ORDER BY rowid').raw(),
    predecessors: db.prepare('SELECT old_unit_id, kind, effective, legal_basis FROM successions WHERE new_unit_id = ? ORDER BY rowid').raw(),
  };
  const { vintages, nextVintage } = readVintages(db);
  const nameKeys: LazyMap<number, string> = new LazyMap(
    (id) => (units.get(id) ? nameKeys.peek(id) : undefined),
    () => [...units.values()].map((u) => [u.id, nameKeys.peek(u.id) as string]),
  );
  /** The one object of a unit, whichever lookup read it first. */
  const unitOf = (r: UnitRowTuple): UnitRow => {
    const have = units.peek(r[0]);
    if (have) return have;
    nameKeys.put(r[0], r[8]);
    return units.put(r[0], unitFromRow(r));
  };
  const list = (rows: unknown[]): UnitRow[] | undefined => (rows.length > 0 ? (rows as UnitRowTuple[]).map(unitOf) : undefined);
  const units: LazyMap<number, UnitRow> = new LazyMap(
    (id) => {
      const r = q.unit.get(id) as UnitRowTuple | undefined;
      return r ? unitOf(r) : undefined;
    },
    () => (q.all.all() as UnitRowTuple[]).map((r) => [r[0], unitOf(r)]),
  );
  const grouped = <K>(key: (u: UnitRow) => K | null) => () => {
    const m = new Map<K, UnitRow[]>();
    for (const u of units.values()) {
      const k = key(u);
      if (k === null) continue;
      const l = m.get(k);
      if (l) l.push(u);
      else m.set(k, [u]);
    }
    return m;
  };
  const byCode = new LazyMap((code: string) => list(q.byCode.all(code)), grouped((u) => u.code));
  const byNameKey = new LazyMap((key: string) => list(q.byNameKey.all(key)), grouped((u) => nameKeys.peek(u.id) as string));
  const children = new LazyMap((id: number) => list(q.children.all(id)), grouped((u) => u.parentId));
  const lookups = { byCode, nameKeys, vintages, nextVintage };
  const links = (rows: LinkTuple[]): SuccessorLink[] =>
    sortLinks(rows.flatMap(([id, kind, effective, legalBasis]) => {
      const unit = units.get(id);
      return unit ? [{ unit, kind, effective, legalBasis }] : [];
    }));
  /** Every succession at once, when a map of links is read whole (the closest names to an unknown ward scan every unit). */
  let allLinks: Pick<UnitSnapshot, 'successors' | 'predecessors'> | undefined;
  const wholeLinks = () => (allLinks ??= readLinks(db, { units: units.readAll(), byCode: byCode.readAll(), nameKeys, vintages, nextVintage }));
  const successors: LazyMap<number, SuccessorLink[]> = new LazyMap(
    (id) => {
      const stored = links(q.successors.all(id) as LinkTuple[]);
      if (stored.length > 0) return stored;
      const u = units.get(id);
      const same = u ? sameUnitNext(lookups, u) : undefined;
      return same ? [same] : undefined;
    },
    () => wholeLinks().successors,
  );
  const predecessors: LazyMap<number, SuccessorLink[]> = new LazyMap(
    (id) => {
      const l = links(q.predecessors.all(id) as LinkTuple[]);
      const n = units.get(id);
      if (n) for (const u of carriedInto(n)) l.push({ unit: u, kind: 'full', effective: vintages.get(u.vintage)?.validTo as string, legalBasis: null, same: true });
      return l.length > 0 ? l : undefined;
    },
    () => wholeLinks().predecessors,
  );
  /** The units of earlier lists that carried on as `n` (same level, code and name, no succession of their own). */
  const carriedInto = (n: UnitRow): UnitRow[] => {
    const out: UnitRow[] = [];
    for (const [v, w] of nextVintage) {
      if (w !== n.vintage) continue;
      const u = unitIn(lookups, v, n.level, n.code);
      const s = u ? successors.get(u.id) : undefined;
      if (u && s && s.length === 1 && s[0].same && s[0].unit === n) out.push(u);
    }
    return out.sort((a, b) => a.vintage.localeCompare(b.vintage));
  };
  return { units, byCode, byNameKey, children, successors, predecessors, vintages, nameKeys, nextVintage };
}
