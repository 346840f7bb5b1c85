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

type LazyUnits = { [K in 'units' | 'byCode' | 'byNameKey' | 'children' | 'nameKeys']: UnitSnapshot[K] extends Map<infer A, infer B> ? LazyMap<A, B> : never };

export function readLazySnapshot(db: DB): UnitSnapshot {
  const { vintages, nextVintage } = readVintages(db);
  const u = lazyUnits(db);
  const { successors, predecessors } = lazyLinks(db, { ...u, vintages, nextVintage });
  return { ...u, successors, predecessors, vintages, nextVintage };
}

/** Units by id, code, name key and parent: each the same object whichever lookup read it first. */
function lazyUnits(db: DB): LazyUnits {
  const sql = (where: string) => db.prepare(`SELECT ${UNIT_COLUMNS} FROM units ${where}`).raw();
  const q = {
    unit: sql('WHERE id = ?'),
    all: sql(UNIT_ORDER),
    byCode: sql(`WHERE code = ? ${UNIT_ORDER}`),
    byNameKey: sql(`WHERE name_key = ? ${UNIT_ORDER}`),
    children: sql(`WHERE parent_id = ? ${UNIT_ORDER}`),
  };
  const nameKeys: LazyMap<number, string> = new LazyMap(
    (id) => (units.get(id) ? nameKeys.peek(id) : undefined),
    () => [...units.values()].map((u) => [u.id, nameKeys.peek(u.id) as string]),
  );
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
  const grouped =
    <K>(key: (u: UnitRow) => K | null) =>
    () => {
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
  return {
    units,
    nameKeys,
    byCode: new LazyMap(
      (code: string) => list(q.byCode.all(code)),
      grouped((u) => u.code),
    ),
    byNameKey: new LazyMap(
      (key: string) => list(q.byNameKey.all(key)),
      grouped((u) => nameKeys.peek(u.id) as string),
    ),
    children: new LazyMap(
      (id: number) => list(q.children.all(id)),
      grouped((u) => u.parentId),
    ),
  };
}

/** Successions both ways, with the units carried over from one list to the next, read per unit. */
function lazyLinks(db: DB, s: LazyUnits & Pick<UnitSnapshot, 'vintages' | 'nextVintage'>): Pick<UnitSnapshot, 'successors' | 'predecessors'> {
  const q = {
    successors: db.prepare('SELECT new_unit_id, kind, effective, legal_basis FROM successions WHERE old_unit_id = ? ORDER BY rowid').raw(),
    predecessors: db.prepare('SELECT old_unit_id, kind, effective, legal_basis FROM successions WHERE new_unit_id = ? ORDER BY rowid').raw(),
  };
  const links = (rows: LinkTuple[]): SuccessorLink[] =>
    sortLinks(
      rows.flatMap(([id, kind, effective, legalBasis]) => {
        const unit = s.units.get(id);
        return unit ? [{ unit, kind, effective, legalBasis }] : [];
      }),
    );
  // Every succession at once, when a map of links is read whole (the closest names to an unknown ward scan every unit).
  let all: Pick<UnitSnapshot, 'successors' | 'predecessors'> | undefined;
  const whole = () => (all ??= readLinks(db, { ...s, units: s.units.readAll(), byCode: s.byCode.readAll() }));
  const successors: LazyMap<number, SuccessorLink[]> = new LazyMap(
    (id) => {
      const stored = links(q.successors.all(id) as LinkTuple[]);
      if (stored.length > 0) return stored;
      const u = s.units.get(id);
      const same = u ? sameUnitNext(s, u) : undefined;
      return same ? [same] : undefined;
    },
    () => whole().successors,
  );
  /** The units of earlier lists that carried on as `n` (same level, code and name, no succession of their own). */
  const carriedInto = (n: UnitRow): UnitRow[] => {
    const out: UnitRow[] = [];
    for (const [v, w] of s.nextVintage) {
      if (w !== n.vintage) continue;
      const u = unitIn(s, v, n.level, n.code);
      const l = u ? successors.get(u.id) : undefined;
      const only = l?.length === 1 ? l[0] : undefined;
      if (u && only?.same && only.unit === n) out.push(u);
    }
    return out.sort((a, b) => (a.vintage < b.vintage ? -1 : a.vintage > b.vintage ? 1 : 0));
  };
  const predecessors: LazyMap<number, SuccessorLink[]> = new LazyMap(
    (id) => {
      const l = links(q.predecessors.all(id) as LinkTuple[]);
      const n = s.units.get(id);
      if (n) for (const u of carriedInto(n)) l.push({ unit: u, kind: 'full', effective: s.vintages.get(u.vintage)?.validTo as string, legalBasis: null, same: true });
      return l.length > 0 ? l : undefined;
    },
    () => whole().predecessors,
  );
  return { successors, predecessors };
}
