/**
 * The unit reference read on demand (src/units/snapshot-lazy.ts) compared
 * with the one read whole (snapshot-full.ts): the same maps, unit by unit,
 * and the same resolutions at several dates and jurisdictions.
 */
import { expect } from 'vitest';
import type { DB } from '../../src/store/db.js';
import { createResolverFrom } from '../../src/units/resolver.js';
import { readFullSnapshot } from '../../src/units/snapshot-full.js';
import { readLazySnapshot } from '../../src/units/snapshot-lazy.js';
import type { UnitSnapshot } from '../../src/units/snapshot.js';
import type { Resolution, SuccessorLink, UnitRef, UnitRow } from '../../src/units/types.js';

const DATES = ['2024-12-31', '2025-05-31', '2026-11-30'];
const JURISDICTIONS = [['79'], [], ['760', '770'], ['26740']];

const links = (l: SuccessorLink[] | undefined) => (l ?? []).map((s) => [s.unit.id, s.kind, s.effective, s.legalBasis, s.same === true, (s.steps ?? []).map((x) => x.unit.id)]);
const ids = (l: UnitRow[] | undefined) => (l ?? []).map((u) => u.id);
const shown = (r: Resolution) => ({ status: r.status, unit: r.unit?.id, successors: links(r.successors), candidates: ids(r.candidates) });

/** The references a roster could give for a unit: name, name and district, code, code and name, a typo, a wrong code. */
function refsFor(snap: UnitSnapshot, u: UnitRow, i: number): UnitRef[] {
  const parent = u.parentId !== null ? snap.units.get(u.parentId) : undefined;
  const refs: UnitRef[] = [{ name: u.name }, { code: u.code }, { code: u.code, name: u.name }, { name: u.name, district: parent?.name ?? '' }];
  if (i % 7 === 0) refs.push({ name: `${u.name}x` }, { code: '99999', name: u.name }, { name: u.name.slice(0, -1), district: parent?.code ?? '' });
  return refs;
}

/** Lazy and full agree on every unit's links and lists, and on resolving `units` at every date and jurisdiction. */
export function compare(db: DB, pick: (u: UnitRow) => boolean, dates = DATES, jurisdictions = JURISDICTIONS): number {
  const full = readFullSnapshot(db);
  const lazy = readLazySnapshot(db);
  const chosen = [...full.units.values()].filter(pick);
  let n = 0;
  for (const [a, b] of [...dates.flatMap((d) => jurisdictions.map((j) => [d, j] as const))].map(
    ([asOf, jurisdiction]) => [createResolverFrom(full, { asOf, jurisdiction }), createResolverFrom(readLazySnapshot(db), { asOf, jurisdiction })] as const,
  )) {
    chosen.forEach((u, i) => {
      for (const ref of refsFor(full, u, i)) {
        expect(shown(b.resolve(ref)), JSON.stringify(ref)).toEqual(shown(a.resolve(ref)));
        n++;
      }
      expect(b.inJurisdiction(u)).toBe(a.inJurisdiction(u));
    });
    expect([...b.jurisdiction.covered].sort()).toEqual([...a.jurisdiction.covered].sort());
  }
  for (const u of chosen) {
    expect(lazy.units.get(u.id)).toEqual(u);
    expect(links(lazy.successors.get(u.id))).toEqual(links(full.successors.get(u.id)));
    expect(links(lazy.predecessors.get(u.id))).toEqual(links(full.predecessors.get(u.id)));
    expect(ids(lazy.children.get(u.id))).toEqual(ids(full.children.get(u.id)));
    expect(ids(lazy.byCode.get(u.code))).toEqual(ids(full.byCode.get(u.code)));
    expect(ids(lazy.byNameKey.get(full.nameKeys.get(u.id) as string))).toEqual(ids(full.byNameKey.get(full.nameKeys.get(u.id) as string)));
  }
  // Read whole, the lazy maps list the same entries in the same order.
  expect([...lazy.units.keys()]).toEqual([...full.units.keys()]);
  expect([...lazy.byNameKey.keys()]).toEqual([...full.byNameKey.keys()]);
  expect(lazy.successors.size).toBe(full.successors.size);
  return n;
}
