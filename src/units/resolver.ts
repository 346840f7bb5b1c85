/**
 * The unit resolver: (code, name, district) + the date a roster speaks of →
 * the unit it denotes, and whether that unit is in force, retired whole,
 * divided, ambiguous, unknown or contradicted by its code.
 *
 * Everything is in memory (snapshot.ts) and each distinct reference is
 * resolved once: rosters repeat the same ward thousands of times.
 *
 * How a name is matched: candidates share the name key (names.ts); they are
 * taken from the vintage in force at the date first, then from older ones
 * (the unit is then retired), then from later ones (a new name used early).
 * A district column first picks the units lying in that district (in any
 * vintage: a district names an old unit, districts being gone since 1 July
 * 2025), then new units formed from that district's wards. Within a tier the
 * office's jurisdiction narrows them, then how exactly name and type agree.
 * A district that matches nothing at all is ignored rather than trusted.
 */
import type { DB } from '../store/db.js';
import { cleanText, fold } from '../text/fold.js';
import { unitNameKey, unitNameResidual, unitTypeOf } from './names.js';
import { ancestry, loadSnapshot, sameDistrictCandidates, traceSuccessors, validity, type UnitSnapshot } from './snapshot.js';
import type { Resolution, ResolverOptions, SuccessorLink, UnitRef, UnitResolver, UnitRow } from './types.js';

export { loadSnapshot, type UnitSnapshot } from './snapshot.js';

// ---------------------------------------------------------------- office ---

export interface Office {
  name: string;
  jurisdiction: string[];
}

/** The office recorded by `roster init`, or null before it. */
export function loadOffice(db: DB): Office | null {
  const row = db.prepare('SELECT name, jurisdiction FROM office WHERE id = 1').get() as { name: string; jurisdiction: string } | undefined;
  if (!row) return null;
  return { name: row.name, jurisdiction: parseJurisdiction(row.jurisdiction) };
}

/** "760, 770" -> ["760", "770"]. */
export function parseJurisdiction(text: string): string[] {
  return [...new Set(text.split(/[,;\s]+/).map((c) => c.trim()).filter((c) => c !== ''))];
}

// ---------------------------------------------------------- jurisdiction ---

export interface Jurisdiction {
  codes: string[];
  /** No codes: the office answers for everything. */
  everywhere: boolean;
  /** Codes that denote no loaded unit. */
  unknownCodes: string[];
  /** Ids of the units covered directly (before following successors of the unit asked about). */
  covered: Set<number>;
  snapshot: UnitSnapshot;
}

/**
 * The units an office answers for. A province or a former district covers
 * its wards and their successors; a ward code covers the units with that code
 * in every vintage, their successors and their predecessors.
 */
export function createJurisdiction(source: DB | UnitSnapshot, codes: string[]): Jurisdiction {
  const snap = 'units' in source && source.units instanceof Map ? (source as UnitSnapshot) : loadSnapshot(source as DB);
  const covered = new Set<number>();
  const unknownCodes: string[] = [];
  const addWithSuccessors = (u: UnitRow, depth = 0) => {
    if (depth > 8) return;
    covered.add(u.id);
    for (const l of snap.successors.get(u.id) ?? []) addWithSuccessors(l.unit, depth + 1);
  };
  const addWithPredecessors = (u: UnitRow, depth = 0) => {
    if (depth > 8) return;
    covered.add(u.id);
    for (const l of snap.predecessors.get(u.id) ?? []) addWithPredecessors(l.unit, depth + 1);
  };
  const addTree = (u: UnitRow) => {
    covered.add(u.id);
    for (const c of snap.children.get(u.id) ?? []) {
      if (c.level === 3) addWithSuccessors(c);
      else addTree(c);
    }
    // A district that became a commune-level unit itself (Côn Đảo).
    if (u.level === 2) for (const l of snap.successors.get(u.id) ?? []) if (l.unit.level === 3) addWithSuccessors(l.unit);
  };
  for (const raw of codes) {
    const code = raw.trim();
    const units = snap.byCode.get(code) ?? (/^\d{1,4}$/.test(code) ? snap.byCode.get(code.padStart(5, '0')) : undefined);
    if (!units || units.length === 0) {
      unknownCodes.push(code);
      continue;
    }
    for (const u of units) {
      if (u.level === 3) {
        addWithSuccessors(u);
        addWithPredecessors(u);
      } else addTree(u);
    }
  }
  return { codes, everywhere: codes.length === 0, unknownCodes, covered, snapshot: snap };
}

/** Whether the unit, or (for a retired unit) any of its successors, is covered. */
export function inJurisdiction(j: Jurisdiction, unit: UnitRow): boolean {
  if (j.everywhere || j.covered.has(unit.id)) return true;
  const seen = new Set<number>();
  const walk = (id: number, depth: number): boolean => {
    if (depth > 8 || seen.has(id)) return false;
    seen.add(id);
    for (const l of j.snapshot.successors.get(id) ?? []) {
      if (j.covered.has(l.unit.id) || walk(l.unit.id, depth + 1)) return true;
    }
    return false;
  };
  return walk(unit.id, 0);
}

// -------------------------------------------------------------- resolver ---

interface Entry {
  unit: UnitRow;
  /** unitNameResidual of the name, computed when first needed. */
  residual: string | undefined;
  /** Keys (name key, folded name, code) of the district and province the unit lies in (shared by the units of one parent). */
  places: Set<string>;
  /** The places its predecessors lay in (a new ward answers to its former districts, as a fallback): their shared sets. */
  formerPlaces: Set<string>[];
}

const NONE: UnitRow[] = [];

function normCode(code: string | null | undefined): string {
  if (code === null || code === undefined) return '';
  let c = String(code).trim();
  if (/^\d+\.0+$/.test(c)) c = c.replace(/\.0+$/, '');
  if (/^\d{1,4}$/.test(c)) c = c.padStart(5, '0');
  return c;
}

function placeKeys(u: UnitRow | undefined): string[] {
  if (!u) return [];
  return [unitNameKey(u.name), fold(u.name), u.code];
}

export interface ResolverStats {
  distinct: number;
  resolved: number;
}

export function createResolver(db: DB, opts: ResolverOptions): UnitResolver & { stats: ResolverStats; snapshot: UnitSnapshot; jurisdiction: Jurisdiction } {
  const snap = loadSnapshot(db);
  return createResolverFrom(snap, opts);
}

export function createResolverFrom(
  snap: UnitSnapshot,
  opts: ResolverOptions,
): UnitResolver & { stats: ResolverStats; snapshot: UnitSnapshot; jurisdiction: Jurisdiction } {
  const asOf = opts.asOf;
  const jur = createJurisdiction(snap, opts.jurisdiction);

  // Commune-level units, plus districts that became one (Côn Đảo).
  const entries = new Map<number, Entry>();
  const byKey = new Map<string, Entry[]>();
  const byCode = new Map<string, Entry[]>();
  const isWardLike = (u: UnitRow) => u.level === 3 || (u.level === 2 && (snap.successors.get(u.id) ?? []).some((l) => l.unit.level === 3));
  const placeCache = new Map<number, string[]>();
  const placesOf = (u: UnitRow | undefined): string[] => {
    if (!u) return [];
    let k = placeCache.get(u.id);
    if (!k) placeCache.set(u.id, (k = placeKeys(u)));
    return k;
  };
  // One set per parent: the wards of a district share it.
  const placesByParent = new Map<number | null, Set<string>>();
  const NO_FORMER: Set<string>[] = [];
  for (const u of snap.units.values()) {
    if (!isWardLike(u)) continue;
    let places = placesByParent.get(u.parentId);
    if (!places) {
      const { district, province } = ancestry(snap, u);
      places = new Set<string>([...placesOf(district), ...placesOf(province)]);
      placesByParent.set(u.parentId, places);
    }
    const e: Entry = { unit: u, residual: undefined, places, formerPlaces: NO_FORMER };
    entries.set(u.id, e);
    const k = snap.nameKeys.get(u.id) ?? unitNameKey(u.name);
    (byKey.get(k) ?? byKey.set(k, []).get(k)!).push(e);
    (byCode.get(u.code) ?? byCode.set(u.code, []).get(u.code)!).push(e);
  }
  // New units answer to the districts their predecessors lay in.
  for (const e of entries.values()) {
    for (const l of snap.predecessors.get(e.unit.id) ?? []) {
      const pe = entries.get(l.unit.id);
      if (!pe || pe.places === e.places || e.formerPlaces.includes(pe.places)) continue;
      if (e.formerPlaces === NO_FORMER) e.formerPlaces = [];
      e.formerPlaces.push(pe.places);
    }
  }

  const stateOf = (u: UnitRow) => validity(snap, u.vintage, asOf);
  const inJ = (u: UnitRow) => inJurisdiction(jur, u);
  const successorsAt = (u: UnitRow): SuccessorLink[] => traceSuccessors(snap, u, asOf).finals;

  /**
   * A unit of a list no longer in force: retired whole when every way from it
   * is a whole merge to one unit; the same unit when its code and name simply
   * carried on; divided when a part went anywhere on the way; vanished when no
   * succession is known.
   */
  const statusFor = (u: UnitRow): Resolution => {
    if (stateOf(u) !== 'past') return { status: 'current', unit: u, successors: [], candidates: [] };
    const t = traceSuccessors(snap, u, asOf);
    if (t.finals.length === 0)
      return { status: 'retired.unknown-successor', unit: u, successors: [], candidates: sameDistrictCandidates(snap, t.deadEnds, asOf) };
    if (t.finals.length === 1 && t.allFull) {
      const f = t.finals[0];
      if ((f.steps ?? []).every((l) => l.same)) return { status: 'current', unit: f.unit, successors: [], candidates: [] };
      return { status: 'retired.full', unit: u, successors: t.finals, candidates: [] };
    }
    return { status: 'retired.partial', unit: u, successors: t.finals, candidates: [] };
  };

  /** In force first, then each past list from the latest, then each future list from the earliest. */
  const byDate = (list: Entry[]): Entry[][] => {
    const cur: Entry[] = [];
    const past = new Map<string, Entry[]>();
    const fut = new Map<string, Entry[]>();
    for (const e of list) {
      const s = stateOf(e.unit);
      if (s === 'in-force') cur.push(e);
      else push(s === 'past' ? past : fut, e.unit.vintage, e);
    }
    const order = (m: Map<string, Entry[]>, latestFirst: boolean) =>
      [...m.keys()].sort((a, b) => (latestFirst ? b.localeCompare(a) : a.localeCompare(b))).map((k) => m.get(k) as Entry[]);
    return [cur, ...order(past, true), ...order(fut, false)];
  };

  /** One unit per code: the same ward listed in several older vintages counts once (the latest). */
  const oncePerCode = (list: Entry[]): Entry[] => {
    const seen = new Map<string, Entry>();
    for (const e of list) {
      const k = `${e.unit.level}:${e.unit.code}:${unitNameKey(e.unit.name)}`;
      if (!seen.has(k)) seen.set(k, e);
    }
    return [...seen.values()];
  };

  const decide = (tier: Entry[], qRes: string, qFold: string, qType: string | null): Resolution => {
    let s = oncePerCode(tier);
    if (s.length > 1 && !jur.everywhere) {
      const j = s.filter((e) => inJ(e.unit));
      if (j.length > 0) s = j;
    }
    if (s.length > 1) {
      const score = (e: Entry) => {
        const r = (e.residual ??= unitNameResidual(e.unit.name));
        return (r === qFold ? 4 : 0) + (r === qRes ? 2 : 0) + (qType !== null && e.unit.type === qType ? 1 : 0);
      };
      const best = Math.max(...s.map(score));
      s = s.filter((e) => score(e) === best);
    }
    if (s.length === 1) return statusFor(s[0].unit);
    return { status: 'ambiguous', successors: [], candidates: s.map((e) => e.unit).sort(byPlace) };
  };

  const byPlace = (a: UnitRow, b: UnitRow) =>
    (a.provinceCode ?? '').localeCompare(b.provinceCode ?? '') || a.code.localeCompare(b.code) || a.vintage.localeCompare(b.vintage);

  const districtMatcher = (district: string, former: boolean): ((e: Entry) => boolean) => {
    const d = cleanText(district);
    const keys = new Set([unitNameKey(d), fold(d)]);
    if (/^\d+$/.test(d)) keys.add(String(Number(d)));
    return (e) => {
      for (const places of former ? e.formerPlaces : [e.places]) for (const k of keys) if (places.has(k)) return true;
      return false;
    };
  };

  const byName = (name: string, district: string): { res: Resolution; entries: Entry[] } => {
    const key = unitNameKey(name);
    const list = byKey.get(key) ?? [];
    if (list.length === 0) return { res: unknown(name), entries: [] };
    const qRes = unitNameResidual(name);
    const qType = unitTypeOf(name);
    const qFold = fold(name).replace(/\b0+(\d)/g, '$1');
    const tiers = byDate(list);
    if (district !== '') {
      // A district names where the unit itself lies: districts were abolished on
      // 1 July 2025, so "Tân Định, Quận 1" is the old ward even in 2026 (retired,
      // with its successor). Only then a new ward formed from that district's wards.
      for (const former of [false, true]) {
        const match = districtMatcher(district, former);
        for (const t of tiers) {
          const s = t.filter(match);
          if (s.length > 0) return { res: decide(s, qRes, qFold, qType), entries: list };
        }
      }
    }
    for (const t of tiers) if (t.length > 0) return { res: decide(t, qRes, qFold, qType), entries: list };
    return { res: unknown(name), entries: [] };
  };

  // ---- closest names for an unknown reference
  let keyList: { key: string; entries: Entry[] }[] | null = null;
  const unknown = (name: string): Resolution => {
    if (!keyList) {
      const pool = [...byKey.entries()].map(([key, es]) => ({ key, entries: jur.everywhere ? es : es.filter((e) => inJ(e.unit)) }));
      const inJur = pool.filter((p) => p.entries.length > 0);
      keyList = inJur.length > 0 ? inJur : [...byKey.entries()].map(([key, entries]) => ({ key, entries }));
    }
    const q = unitNameKey(name);
    if (q === '') return { status: 'unknown', successors: [], candidates: [] };
    const qTokens = new Set(q.split(' ').filter((t) => t.length >= 2 && !/^\d+$/.test(t)));
    const limit = Math.max(1, Math.floor(q.length / 3));
    const scored: { d: number; entries: Entry[] }[] = [];
    for (const k of keyList) {
      let d = editDistance(q, k.key, limit + 1);
      if (d > limit) {
        const kt = k.key.split(' ');
        const shared = kt.filter((t) => qTokens.has(t)).length;
        if (shared === 0) continue;
        d = limit + 1 + (Math.max(kt.length, qTokens.size) - shared);
      }
      scored.push({ d, entries: k.entries });
    }
    scored.sort((a, b) => a.d - b.d);
    const out: UnitRow[] = [];
    for (const s of scored) {
      const ranked = [...s.entries].sort((a, b) => rankState(a.unit) - rankState(b.unit) || byPlace(a.unit, b.unit));
      for (const e of ranked) {
        if (out.length >= 5) break;
        out.push(e.unit);
      }
      if (out.length >= 5) break;
    }
    return { status: 'unknown', successors: [], candidates: out };
  };
  const rankState = (u: UnitRow) => ({ 'in-force': 0, past: 1, future: 2 })[stateOf(u)];

  const pickByDate = (list: Entry[]): UnitRow | undefined => byDate(list).find((t) => t.length > 0)?.[0]?.unit;

  const compute = (ref: UnitRef): Resolution => {
    const code = normCode(ref.code);
    const name = ref.name ? cleanText(String(ref.name)) : '';
    const district = ref.district ? cleanText(String(ref.district)) : '';
    if (!code && !name) return { status: 'unknown', successors: [], candidates: [] };
    const codeEntries = code ? (byCode.get(code) ?? []) : [];
    if (!name) {
      const u = pickByDate(codeEntries);
      return u ? statusFor(u) : { status: 'unknown', successors: [], candidates: [] };
    }
    if (!code) return byName(name, district).res;
    // Code and name together: the unit both denote, in whichever vintage they agree.
    const nameKey = unitNameKey(name);
    const agree = codeEntries.filter((e) => (snap.nameKeys.get(e.unit.id) ?? unitNameKey(e.unit.name)) === nameKey);
    if (agree.length > 0) return statusFor(pickByDate(agree) as UnitRow);
    const viaName = byName(name, district).res;
    const viaCode = pickByDate(codeEntries);
    const named = viaName.unit ? [viaName.unit] : viaName.status === 'ambiguous' ? viaName.candidates : [];
    if (!viaCode && named.length === 0) return viaName; // neither means anything: unknown, with the closest names
    const candidates = [...(viaCode ? [viaCode] : NONE), ...named.filter((u) => u.id !== viaCode?.id)];
    return { status: 'code-name-mismatch', successors: [], candidates };
  };

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
        r = compute(ref);
        cache.set(k, r);
        stats.distinct++;
      }
      return r;
    },
    inJurisdiction: inJ,
    successors: (u: UnitRow) => successorsAt(u),
    byId: (id: number) => snap.units.get(id),
  };
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const l = m.get(k);
  if (l) l.push(v);
  else m.set(k, [v]);
}

/** Levenshtein distance, giving up (returning `max`) once every path exceeds `max`. */
export function editDistance(a: string, b: string, max = Infinity): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) >= max) return max;
  let prev = new Array<number>(b.length + 1);
  let cur = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = cur[0];
    for (let j = 1; j <= b.length; j++) {
      const c = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + c);
      if (cur[j] < rowMin) rowMin = cur[j];
    }
    if (rowMin >= max) return max;
    [prev, cur] = [cur, prev];
  }
  return prev[b.length];
}
