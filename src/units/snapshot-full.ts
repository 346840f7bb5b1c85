/**
 * The whole unit reference read at once: every unit, every succession, and
 * the units carried over from one list to the next. `units search` reads every
 * unit anyway; the tests compare it with the lazy reader.
 */
import type { DB } from '../store/db.js';
import { push, readVintages, sameUnitNext, sortLinks, UNIT_COLUMNS, UNIT_ORDER, unitFromRow, type UnitRowTuple, type UnitSnapshot } from './snapshot-shape.js';
import type { SuccessorLink, UnitRow } from './types.js';

export function readFullSnapshot(db: DB): UnitSnapshot {
  const units = new Map<number, UnitRow>();
  const byCode = new Map<string, UnitRow[]>();
  const byNameKey = new Map<string, UnitRow[]>();
  const children = new Map<number, UnitRow[]>();
  const nameKeys = new Map<number, string>();
  const rows = db.prepare(`SELECT ${UNIT_COLUMNS} FROM units ${UNIT_ORDER}`).raw().all() as UnitRowTuple[];
  for (const r of rows) {
    const u = unitFromRow(r);
    nameKeys.set(u.id, r[8]);
    units.set(u.id, u);
    push(byCode, u.code, u);
    push(byNameKey, r[8], u);
    if (u.parentId !== null) push(children, u.parentId, u);
  }
  const { vintages, nextVintage } = readVintages(db);
  const { successors, predecessors } = readLinks(db, { units, byCode, nameKeys, vintages, nextVintage });
  return { units, byCode, byNameKey, children, successors, predecessors, vintages, nameKeys, nextVintage };
}

/**
 * Every succession, both ways, sorted by the other unit's code, with the
 * units carried over from one list to the next (one query).
 */
export function readLinks(db: DB, s: Pick<UnitSnapshot, 'units' | 'byCode' | 'nameKeys' | 'vintages' | 'nextVintage'>): Pick<UnitSnapshot, 'successors' | 'predecessors'> {
  const successors = new Map<number, SuccessorLink[]>();
  const predecessors = new Map<number, SuccessorLink[]>();
  for (const r of db.prepare('SELECT old_unit_id, new_unit_id, kind, effective, legal_basis FROM successions ORDER BY rowid').raw().all() as SuccessionTuple[]) {
    const o = s.units.get(r[0]);
    const n = s.units.get(r[1]);
    if (!o || !n) continue;
    push(successors, o.id, { unit: n, kind: r[2], effective: r[3], legalBasis: r[4] });
    push(predecessors, n.id, { unit: o, kind: r[2], effective: r[3], legalBasis: r[4] });
  }
  for (const l of successors.values()) sortLinks(l);
  for (const l of predecessors.values()) sortLinks(l);
  carryOver({ ...s, successors, predecessors });
  return { successors, predecessors };
}

type SuccessionTuple = [number, number, 'full' | 'partial', string, string | null];

/**
 * A unit that no succession mentions and whose code the next list keeps
 * under the same name is the same unit there (DECISIONS: "a code it does not
 * list carries on as the same unit"): linked as `same`, so that chains run
 * from the oldest list to today's through any number of lists.
 */
function carryOver(s: Omit<UnitSnapshot, 'children' | 'byNameKey'>): void {
  if (s.nextVintage.size === 0) return;
  for (const u of s.units.values()) {
    if (s.successors.has(u.id)) continue;
    const link = sameUnitNext(s, u);
    if (!link) continue;
    s.successors.set(u.id, [link]);
    push(s.predecessors, link.unit.id, { ...link, unit: u });
  }
}
