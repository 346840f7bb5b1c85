/**
 * The unit resolver: (code, name, district) + the date a roster speaks of →
 * the unit it denotes, and whether that unit is in force, retired whole,
 * divided, ambiguous, unknown or contradicted by its code.
 *
 * The reference is read on demand (snapshot-lazy.ts) and each distinct
 * reference is resolved once: rosters repeat the same ward thousands of times.
 * Names are matched by name-match.ts within the ward index (ward-index.ts);
 * a name that matches nothing gets the closest names (closest-names.ts).
 */
import type { DB } from '../store/db.js';
import { cleanText } from '../text/fold.js';
import { closestNames } from './closest-names.js';
import { createJurisdiction, inJurisdiction, type Jurisdiction } from './jurisdiction.js';
import { unitNameKey } from './names.js';
import { createNameMatcher, type NameMatcher } from './name-match.js';
import { loadSnapshot, traceSuccessors, type UnitSnapshot } from './snapshot.js';
import type { Resolution, ResolverOptions, UnitRef, UnitResolver, UnitRow } from './types.js';
import { byPlace, stateRank, unitStatus } from './unit-status.js';
import { createWardIndex, type WardIndex } from './ward-index.js';

export { editDistance } from './closest-names.js';
export { createJurisdiction, inJurisdiction, type Jurisdiction } from './jurisdiction.js';
export { loadOffice, parseJurisdiction, type Office } from './office.js';
export { loadSnapshot, type UnitSnapshot } from './snapshot.js';

export interface ResolverStats {
  distinct: number;
  resolved: number;
}

export type Resolver = UnitResolver & { stats: ResolverStats; snapshot: UnitSnapshot; jurisdiction: Jurisdiction };

export function createResolver(db: DB, opts: ResolverOptions): Resolver {
  return createResolverFrom(loadSnapshot(db), opts);
}

export function createResolverFrom(snap: UnitSnapshot, opts: ResolverOptions): Resolver {
  const asOf = opts.asOf;
  const jur = createJurisdiction(snap, opts.jurisdiction);
  const index = createWardIndex(snap);
  const inJ = (u: UnitRow) => inJurisdiction(jur, u);
  const status = (u: UnitRow) => unitStatus(snap, u, asOf);
  const closest = closestNames({
    keys: () => index.allKeys(),
    inJurisdiction: inJ,
    everywhere: jur.everywhere,
    rank: (a, b) => stateRank(snap, a, asOf) - stateRank(snap, b, asOf) || byPlace(a, b),
  });
  const unknown = (name: string): Resolution => ({ status: 'unknown', successors: [], candidates: closest(name) });
  const matcher = createNameMatcher({ snap, asOf, index, everywhere: jur.everywhere, inJurisdiction: inJ, status, unknown });
  const cache = new Map<string, Resolution>();
  const stats: ResolverStats = { distinct: 0, resolved: 0 };
  return {
    stats,
    snapshot: snap,
    jurisdiction: jur,
    resolve(ref: UnitRef): Resolution {
      stats.resolved++;
      const k = `${ref.code ?? ''}\u0001${ref.name ?? ''}\u0001${ref.district ?? ''}`;
      let r = cache.get(k);
      if (!r) {
        r = resolveRef(snap, index, matcher, status, ref);
        cache.set(k, r);
        stats.distinct++;
      }
      return r;
    },
    inJurisdiction: inJ,
    successors: (u: UnitRow) => traceSuccessors(snap, u, asOf).finals,
    byId: (id: number) => snap.units.get(id),
  };
}

const nothing = (): Resolution => ({ status: 'unknown', successors: [], candidates: [] });

/** One reference: by code, by name (and district), or by both when they agree. */
function resolveRef(snap: UnitSnapshot, index: WardIndex, matcher: NameMatcher, status: (u: UnitRow) => Resolution, ref: UnitRef): Resolution {
  const code = normCode(ref.code);
  const name = ref.name ? cleanText(String(ref.name)) : '';
  const district = ref.district ? cleanText(String(ref.district)) : '';
  if (!code && !name) return nothing();
  const codeEntries = code ? index.byCode(code) : [];
  if (!name) {
    const u = matcher.pickByDate(codeEntries);
    return u ? status(u) : nothing();
  }
  if (!code) return matcher.byName(name, district);
  // Code and name together: the unit both denote, in whichever vintage they agree.
  const nameKey = unitNameKey(name);
  const agree = codeEntries.filter((e) => (snap.nameKeys.get(e.unit.id) ?? unitNameKey(e.unit.name)) === nameKey);
  if (agree.length > 0) return status(matcher.pickByDate(agree) as UnitRow);
  const viaName = matcher.byName(name, district);
  const viaCode = matcher.pickByDate(codeEntries);
  const named = viaName.unit ? [viaName.unit] : viaName.status === 'ambiguous' ? viaName.candidates : [];
  if (!viaCode && named.length === 0) return viaName; // neither means anything: unknown, with the closest names
  const candidates = [...(viaCode ? [viaCode] : []), ...named.filter((u) => u.id !== viaCode?.id)];
  return { status: 'code-name-mismatch', successors: [], candidates };
}

/** A code as rosters write it ("760", "760.0", " 26740") → the code in the lists (five digits for a ward). */
function normCode(code: string | null | undefined): string {
  if (code === null || code === undefined) return '';
  let c = String(code).trim();
  if (/^\d+\.0+$/.test(c)) c = c.replace(/\.0+$/, '');
  if (/^\d{1,4}$/.test(c)) c = c.padStart(5, '0');
  return c;
}
