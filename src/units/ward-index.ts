/**
 * The commune-level units a roster can name (wards, communes, and districts
 * that became one, like Côn Đảo), each with the places it lies in: the keys of
 * its district and province, and of the districts its predecessors lay in. An
 * entry is made the first time a name key or a code asks for its unit.
 */
import { fold } from '../text/fold.js';
import { LazyMap } from './lazy-map.js';
import { unitNameKey } from './names.js';
import { ancestry, type UnitSnapshot } from './snapshot.js';
import type { UnitRow } from './types.js';

export interface WardEntry {
  unit: UnitRow;
  /** unitNameResidual of the name, computed when first needed. */
  residual: string | undefined;
  /** Keys (name key, folded name, code) of the district and province the unit lies in (shared by the units of one parent). */
  places: Set<string>;
}

export interface WardIndex {
  /** The entries with this name key, in list order (vintage, level, code). */
  byKey(key: string): WardEntry[];
  /** The entries with this code, in list order. */
  byCode(code: string): WardEntry[];
  /** The places a new unit's predecessors lay in (a new ward answers to its former districts, as a fallback). */
  formerPlaces(e: WardEntry): Set<string>[];
  /** Every name key with its entries, in the order the lists first give each key (reads every unit). */
  allKeys(): { key: string; entries: WardEntry[] }[];
}

export function createWardIndex(snap: UnitSnapshot): WardIndex {
  const entries = new Map<number, WardEntry | null>();
  const former = new Map<number, Set<string>[]>();
  const placesByParent = new Map<number | null, Set<string>>();
  const placeCache = new Map<number, string[]>();
  const isWardLike = (u: UnitRow) => u.level === 3 || (u.level === 2 && (snap.successors.get(u.id) ?? []).some((l) => l.unit.level === 3));
  const placesOf = (u: UnitRow | undefined): string[] => {
    if (!u) return [];
    let k = placeCache.get(u.id);
    if (!k) placeCache.set(u.id, (k = [unitNameKey(u.name), fold(u.name), u.code]));
    return k;
  };
  // One set per parent: the wards of a district share it.
  const placesFor = (u: UnitRow): Set<string> => {
    let places = placesByParent.get(u.parentId);
    if (!places) {
      const { district, province } = ancestry(snap, u);
      places = new Set<string>([...placesOf(district), ...placesOf(province)]);
      placesByParent.set(u.parentId, places);
    }
    return places;
  };
  const entryOf = (u: UnitRow): WardEntry | null => {
    let e = entries.get(u.id);
    if (e === undefined) {
      e = isWardLike(u) ? { unit: u, residual: undefined, places: placesFor(u) } : null;
      entries.set(u.id, e);
    }
    return e;
  };
  const entriesOf = (units: UnitRow[] | undefined): WardEntry[] => {
    const out: WardEntry[] = [];
    for (const u of units ?? []) {
      const e = entryOf(u);
      if (e) out.push(e);
    }
    return out;
  };
  return {
    byKey: (key) => entriesOf(snap.byNameKey.get(key)),
    byCode: (code) => entriesOf(snap.byCode.get(code)),
    formerPlaces(e) {
      let l = former.get(e.unit.id);
      if (!l) {
        l = [];
        for (const p of snap.predecessors.get(e.unit.id) ?? []) {
          const pe = entryOf(p.unit);
          if (pe && pe.places !== e.places && !l.includes(pe.places)) l.push(pe.places);
        }
        former.set(e.unit.id, l);
      }
      return l;
    },
    allKeys() {
      // Every unit and every succession is about to be looked at: read them at once, not one lookup each.
      for (const m of [snap.units, snap.successors, snap.predecessors]) if (m instanceof LazyMap) m.readAll();
      const byKey = new Map<string, WardEntry[]>();
      for (const u of snap.units.values()) {
        const e = entryOf(u);
        if (!e) continue;
        const k = snap.nameKeys.get(u.id) as string;
        const l = byKey.get(k);
        if (l) l.push(e);
        else byKey.set(k, [e]);
      }
      return [...byKey].map(([key, es]) => ({ key, entries: es }));
    },
  };
}
