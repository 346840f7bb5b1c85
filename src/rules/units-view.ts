/**
 * What the rules need from the unit reference, through a UnitResolver: each
 * distinct ward reference of a suspect row is resolved again at the period end.
 */
import type { Resolution, SuccessorLink, UnitResolver, UnitRow } from '../units/types.js';

export interface UnitLookup {
  byId(id: number): UnitRow | undefined;
  successors(unit: UnitRow): SuccessorLink[];
  inJurisdiction(unit: UnitRow): boolean;
  resolve(ref: { code: string | null; name: string | null; district: string | null }): Resolution;
}

export function resolverLookup(resolver: UnitResolver): UnitLookup {
  return {
    byId: (id) => resolver.byId(id),
    successors: (u) => resolver.successors(u),
    inJurisdiction: (u) => resolver.inJurisdiction(u),
    resolve: (ref) => resolver.resolve({ code: ref.code, name: ref.name, district: ref.district }),
  };
}
