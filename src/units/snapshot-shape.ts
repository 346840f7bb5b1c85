/**
 * The unit reference as the matchers read it: every unit of every vintage,
 * the successions both ways, and which vintage is in force when. Two readers
 * fill it: `snapshot-full.ts` (everything at once) and `snapshot-lazy.ts`
 * (each entry when first asked for). Consumers never modify it.
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
  /** All units with a name key (units.name_key), any level, any vintage. */
  byNameKey: Map<string, UnitRow[]>;
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

/** The columns of a unit, in the order `unitFromRow` reads them. */
export const UNIT_COLUMNS = 'id, vintage, level, code, name, type, parent_id, province_code, name_key';
/** The order every list of units follows. */
export const UNIT_ORDER = 'ORDER BY vintage, level, code';

export type UnitRowTuple = [number, string, 1 | 2 | 3, string, string, string | null, number | null, string | null, string];

/** One unit, built with one fixed shape (objects that later lose a property become slow dictionaries). */
export function unitFromRow(r: UnitRowTuple): UnitRow {
  return { id: r[0], vintage: r[1], level: r[2], code: r[3], name: r[4], type: r[5], parentId: r[6], provinceCode: r[7] };
}

/** The unit of a list with this level and code. */
export function unitIn(snap: Pick<UnitSnapshot, 'byCode'>, vintage: string, level: number, code: string): UnitRow | undefined {
  for (const u of snap.byCode.get(code) ?? []) if (u.vintage === vintage && u.level === level) return u;
  return undefined;
}

/** Every code list, oldest first, and the list that took over from each. */
export function readVintages(db: DB): { vintages: Map<string, VintageInfo>; nextVintage: Map<string, string> } {
  const vintages = new Map<string, VintageInfo>();
  for (const v of db.prepare('SELECT vintage, valid_from AS validFrom, valid_to AS validTo, source FROM unit_lists ORDER BY vintage').all() as VintageInfo[])
    vintages.set(v.vintage, v);
  const nextVintage = new Map<string, string>();
  for (const v of vintages.values()) {
    if (v.validTo === null) continue;
    for (const w of vintages.values()) if (w.vintage > v.vintage && w.validFrom === v.validTo) nextVintage.set(v.vintage, w.vintage);
  }
  return { vintages, nextVintage };
}

/** Successor (or predecessor) links in the order every reader gives them: by the other unit's code. */
export function sortLinks(l: SuccessorLink[]): SuccessorLink[] {
  return l.sort((a, b) => (a.unit.code < b.unit.code ? -1 : a.unit.code > b.unit.code ? 1 : 0));
}

/** The link from a unit to the same unit in the next list (same level, code and name key), if that list keeps it. */
export function sameUnitNext(
  s: { byCode: Map<string, UnitRow[]>; nameKeys: Map<number, string>; vintages: Map<string, VintageInfo>; nextVintage: Map<string, string> },
  u: UnitRow,
): SuccessorLink | undefined {
  const w = s.nextVintage.get(u.vintage);
  if (!w) return undefined;
  const n = unitIn(s, w, u.level, u.code);
  if (!n || s.nameKeys.get(n.id) !== s.nameKeys.get(u.id)) return undefined;
  const effective = s.vintages.get(u.vintage)?.validTo as string;
  return { unit: n, kind: 'full', effective, legalBasis: null, same: true };
}

export function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const l = m.get(k);
  if (l) l.push(v);
  else m.set(k, [v]);
}
