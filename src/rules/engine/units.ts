/**
 * The unit reference as the rules see it: whether a unit is in force, whether
 * a row's filed unit can be trusted, and each distinct ward reference resolved
 * once (consecutive rows usually share one).
 */
import type { RosterRow, RowUnit } from '../rule.js';
import type { UnitLookup } from '../units-view.js';

export interface RowUnits {
  isCurrent(id: number): boolean;
  /** A unit rows are filed under as current, but no longer in force (reference data loaded since) or outside the jurisdiction. */
  staleUnit(id: number): boolean;
  unitTrusted(r: RosterRow): boolean;
  unitOf(r: RosterRow): RowUnit;
}

function memo(f: (id: number) => boolean): (id: number) => boolean {
  const seen = new Map<number, boolean>();
  return (id) => {
    let v = seen.get(id);
    if (v === undefined) {
      v = f(id);
      seen.set(id, v);
    }
    return v;
  };
}

/** Resolves a ward reference once per distinct (code, name, district). */
function unitResolver(lookup: UnitLookup): (r: RosterRow) => RowUnit {
  const resolved = new Map<string, RowUnit>();
  let lastRow: RosterRow | undefined;
  let lastUnit: RowUnit | undefined;
  return (r) => {
    const p = lastRow;
    if (p && lastUnit && (p === r || (p.ward === r.ward && p.ward_code === r.ward_code && p.district === r.district))) {
      lastRow = r;
      return lastUnit;
    }
    const key = `${r.ward_code ?? ''}\u0001${r.ward ?? ''}\u0001${r.district ?? ''}`;
    let u = resolved.get(key);
    if (!u) {
      const res = lookup.resolve({ code: r.ward_code, name: r.ward, district: r.district });
      const text = [r.ward, r.ward_code ? `(${r.ward_code})` : '', r.district ? `– ${r.district}` : ''].filter(Boolean).join(' ');
      u = { ...res, text, inJurisdiction: res.unit ? lookup.inJurisdiction(res.unit) : true };
      resolved.set(key, u);
    }
    lastRow = r;
    lastUnit = u;
    return u;
  };
}

export function rowUnits(lookup: UnitLookup): RowUnits {
  const isCurrent = memo((id) => {
    const u = lookup.byId(id);
    return u !== undefined && lookup.successors(u).length === 0;
  });
  const staleUnit = memo((id) => {
    const u = lookup.byId(id);
    return !u || !isCurrent(id) || !lookup.inJurisdiction(u);
  });
  const unitTrusted = (r: RosterRow): boolean => r.unit_status === 'current' && r.unit_id !== null && !staleUnit(r.unit_id);
  return { isCurrent, staleUnit, unitTrusted, unitOf: unitResolver(lookup) };
}
