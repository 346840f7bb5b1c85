/**
 * Matching a ward by name. Candidates share the name key (names.ts); they are
 * taken from the vintage in force at the date first, then from older ones
 * (the unit is then retired), then from later ones (a new name used early).
 * A district column first picks the units lying in that district (in any
 * vintage: a district names an old unit, districts being gone since 1 July
 * 2025), then new units formed from that district's wards. Within a tier the
 * office's jurisdiction narrows them, then how exactly name and type agree.
 * A district that matches nothing at all is ignored rather than trusted.
 */
import { cleanText, fold } from '../text/fold.js';
import { unitNameKey, unitNameResidual, unitTypeOf } from './names.js';
import { validity, type UnitSnapshot } from './snapshot.js';
import type { Resolution, UnitRow } from './types.js';
import { byPlace } from './unit-status.js';
import type { WardEntry, WardIndex } from './ward-index.js';

export interface NameMatchContext {
  snap: UnitSnapshot;
  asOf: string;
  index: WardIndex;
  /** Whether the office answers for everything (then the jurisdiction narrows nothing). */
  everywhere: boolean;
  inJurisdiction(u: UnitRow): boolean;
  status(u: UnitRow): Resolution;
  /** The resolution of a name that matches no unit (with the closest names). */
  unknown(name: string): Resolution;
}

export interface NameMatcher {
  byName(name: string, district: string): Resolution;
  /** The unit of the first non-empty tier (in force, then past, then future). */
  pickByDate(list: WardEntry[]): UnitRow | undefined;
}

export function createNameMatcher(ctx: NameMatchContext): NameMatcher {
  const tiers = (list: WardEntry[]) => byDate(ctx.snap, ctx.asOf, list);
  const byName = (name: string, district: string): Resolution => {
    const list = ctx.index.byKey(unitNameKey(name));
    if (list.length === 0) return ctx.unknown(name);
    const q: NameQuery = { residual: unitNameResidual(name), type: unitTypeOf(name), fold: fold(name).replace(/\b0+(\d)/g, '$1') };
    const ts = tiers(list);
    if (district !== '') {
      // A district names where the unit itself lies: districts were abolished on
      // 1 July 2025, so "Tân Định, Quận 1" is the old ward even in 2026 (retired,
      // with its successor). Only then a new ward formed from that district's wards.
      for (const former of [false, true]) {
        const match = districtMatcher(ctx.index, district, former);
        for (const t of ts) {
          const s = t.filter(match);
          if (s.length > 0) return decide(ctx, s, q);
        }
      }
    }
    for (const t of ts) if (t.length > 0) return decide(ctx, t, q);
    return ctx.unknown(name);
  };
  return { byName, pickByDate: (list) => tiers(list).find((t) => t.length > 0)?.[0]?.unit };
}

interface NameQuery {
  residual: string;
  fold: string;
  type: string | null;
}

/** In force first, then each past list from the latest, then each future list from the earliest. */
function byDate(snap: UnitSnapshot, asOf: string, list: WardEntry[]): WardEntry[][] {
  const cur: WardEntry[] = [];
  const past = new Map<string, WardEntry[]>();
  const fut = new Map<string, WardEntry[]>();
  for (const e of list) {
    const s = validity(snap, e.unit.vintage, asOf);
    if (s === 'in-force') cur.push(e);
    else {
      const m = s === 'past' ? past : fut;
      const l = m.get(e.unit.vintage);
      if (l) l.push(e);
      else m.set(e.unit.vintage, [e]);
    }
  }
  // Vintages are ISO dates: compared as plain strings (localeCompare would load the ICU collator, ~0.1 s, for nothing).
  const order = (m: Map<string, WardEntry[]>, latestFirst: boolean) =>
    [...m.keys()].sort((a, b) => (latestFirst ? compareText(b, a) : compareText(a, b))).map((k) => m.get(k) as WardEntry[]);
  return [cur, ...order(past, true), ...order(fut, false)];
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** One unit per code: the same ward listed in several older vintages counts once (the latest). */
function oncePerCode(list: WardEntry[]): WardEntry[] {
  const seen = new Map<string, WardEntry>();
  for (const e of list) {
    const k = `${e.unit.level}:${e.unit.code}:${unitNameKey(e.unit.name)}`;
    if (!seen.has(k)) seen.set(k, e);
  }
  return [...seen.values()];
}

/** One tier of candidates: narrowed by jurisdiction, then by how exactly name and type agree. */
function decide(ctx: NameMatchContext, tier: WardEntry[], q: NameQuery): Resolution {
  let s = oncePerCode(tier);
  if (s.length > 1 && !ctx.everywhere) {
    const j = s.filter((e) => ctx.inJurisdiction(e.unit));
    if (j.length > 0) s = j;
  }
  if (s.length > 1) {
    const score = (e: WardEntry) => {
      e.residual ??= unitNameResidual(e.unit.name);
      const r = e.residual;
      return (r === q.fold ? 4 : 0) + (r === q.residual ? 2 : 0) + (q.type !== null && e.unit.type === q.type ? 1 : 0);
    };
    const best = Math.max(...s.map(score));
    s = s.filter((e) => score(e) === best);
  }
  const only = s.length === 1 ? s[0] : undefined;
  if (only) return ctx.status(only.unit);
  return { status: 'ambiguous', successors: [], candidates: s.map((e) => e.unit).sort(byPlace) };
}

/** Whether an entry lies in the district a roster names (or, `former`, whether its predecessors did). */
function districtMatcher(index: WardIndex, district: string, former: boolean): (e: WardEntry) => boolean {
  const d = cleanText(district);
  const keys = new Set([unitNameKey(d), fold(d)]);
  if (/^\d+$/.test(d)) keys.add(String(Number(d)));
  return (e) => {
    for (const places of former ? index.formerPlaces(e) : [e.places]) for (const k of keys) if (places.has(k)) return true;
    return false;
  };
}
