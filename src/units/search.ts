/**
 * Unit search and unit history, for `roster units search` and `units show`.
 * Library code: returns plain objects; the commands format them.
 */
import type { DB } from '../store/db.js';
import { cleanText, fold } from '../text/fold.js';
import { unitNameKey, unitNameResidual, unitTypeOf } from './names.js';
import { ancestry, loadSnapshot, traceSuccessors, validity, type UnitSnapshot } from './snapshot.js';
import type { UnitRow } from './types.js';

export interface UnitBrief {
  id: number;
  vintage: string;
  level: 1 | 2 | 3;
  code: string;
  name: string;
  type: string | null;
  /** District (old lists) and province names. */
  district: string | null;
  districtCode: string | null;
  province: string | null;
  provinceCode: string | null;
  /** The vintage is no longer in force today (or at the date asked about). */
  retired: boolean;
  validFrom: string | null;
  validTo: string | null;
}

export function brief(snap: UnitSnapshot, u: UnitRow, date: string): UnitBrief {
  const { district, province } = ancestry(snap, u);
  const v = snap.vintages.get(u.vintage);
  return {
    id: u.id,
    vintage: u.vintage,
    level: u.level,
    code: u.code,
    name: u.name,
    type: u.type,
    district: district?.name ?? null,
    districtCode: district?.code ?? null,
    province: province && province.id !== u.id ? province.name : null,
    provinceCode: u.provinceCode,
    retired: validity(snap, u.vintage, date) === 'past',
    validFrom: v?.validFrom ?? null,
    validTo: v?.validTo ?? null,
  };
}

export interface SearchHit extends UnitBrief {
  /** 0 exact name, 1 name starts with the text, 2 name contains it. */
  rank: 0 | 1 | 2;
  /** A retired unit: the units in force today it went to, each with every legal basis on the way. */
  became?: Became[];
}

/** A unit in force that an old unit went to, and how. */
export interface Became {
  code: string;
  name: string;
  vintage: string;
  kind: 'full' | 'partial';
  legalBasis: string | null;
  /** Every unit on the way, oldest first (the last is this one); `same` = carried over to the next list. */
  steps: { code: string; name: string; vintage: string; kind: 'full' | 'partial'; effective: string; legalBasis: string | null; same: boolean }[];
}

/** Where an old unit is today (empty for a unit in force, or one that vanished with no succession known). */
export function becameOf(snap: UnitSnapshot, u: UnitRow, date: string): Became[] {
  return traceSuccessors(snap, u, date).finals.map((f) => ({
    code: f.unit.code,
    name: f.unit.name,
    vintage: f.unit.vintage,
    kind: f.kind,
    legalBasis: f.legalBasis,
    steps: (f.steps ?? [f]).map((s) => ({
      code: s.unit.code,
      name: s.unit.name,
      vintage: s.unit.vintage,
      kind: s.kind,
      effective: s.effective,
      legalBasis: s.legalBasis,
      same: s.same === true,
    })),
  }));
}

export interface SearchOptions {
  limit?: number;
  /** ISO date deciding which units are retired (default today). */
  today: string;
}

/**
 * Diacritics-, case- and prefix-insensitive search over every vintage:
 * "p. da kao", "Phuong Da Kao" and "Đa Kao" all find Phường Đa Kao. Ranked:
 * exact name, then prefix, then contains; within a rank units in force
 * first, commune-level first, then by code.
 */
export function searchUnits(db: DB, text: string, opts: SearchOptions): { hits: SearchHit[]; total: number } {
  const snap = loadSnapshot(db);
  const q = unitNameKey(text);
  const qFold = fold(cleanText(text));
  const qRes = unitNameResidual(text);
  const qType = unitTypeOf(text);
  if (q === '') return { hits: [], total: 0 };
  const hits: { u: UnitRow; rank: 0 | 1 | 2; exactness: number }[] = [];
  for (const u of snap.units.values()) {
    const key = unitNameKey(u.name);
    const f = fold(u.name);
    const res = unitNameResidual(u.name);
    let rank: 0 | 1 | 2 | -1 = -1;
    if (key === q || res === qRes || f === qFold) rank = 0;
    else if (key.startsWith(q) || res.startsWith(qRes) || f.startsWith(qFold)) rank = 1;
    else if (key.includes(q) || res.includes(qRes) || f.includes(qFold)) rank = 2;
    if (rank === -1) continue;
    // The whole name as typed, or the name without its type word as typed ("quan son" = Xã Quan Sơn),
    // before a name that only shares the key.
    const exactness = f === qFold || res === qFold ? 0 : res === qRes ? (qType !== null && u.type === qType ? 1 : 2) : 3;
    hits.push({ u, rank: rank as 0 | 1 | 2, exactness });
  }
  const state = (u: UnitRow) => (validity(snap, u.vintage, opts.today) === 'past' ? 1 : 0);
  hits.sort(
    (a, b) =>
      a.rank - b.rank ||
      a.exactness - b.exactness ||
      state(a.u) - state(b.u) ||
      b.u.level - a.u.level ||
      a.u.name.localeCompare(b.u.name, 'vi') ||
      a.u.code.localeCompare(b.u.code) ||
      a.u.vintage.localeCompare(b.u.vintage),
  );
  const limit = opts.limit ?? 20;
  return {
    hits: hits.slice(0, limit).map((h) => {
      const b: SearchHit = { ...brief(snap, h.u, opts.today), rank: h.rank };
      if (b.retired) b.became = becameOf(snap, h.u, opts.today);
      return b;
    }),
    total: hits.length,
  };
}

export interface HistoryLink {
  unit: UnitBrief;
  kind: 'full' | 'partial';
  effective: string;
  legalBasis: string | null;
  /** The same unit carried over to the next list (same code and name), not a reorganisation. */
  same: boolean;
}

export interface UnitHistory extends UnitBrief {
  parent: { code: string; name: string; level: number } | null;
  predecessors: HistoryLink[];
  successors: HistoryLink[];
  /** A retired unit: the units in force (today, or at --as-of) it went to, through every list. */
  became: Became[];
}

/**
 * Every unit with this code, one per vintage (or only the one in force at
 * `asOf`), with its parent, predecessors and successors.
 */
export function unitHistory(db: DB, code: string, opts: { asOf?: string; today: string }): UnitHistory[] {
  const snap = loadSnapshot(db);
  const c = code.trim();
  let units = snap.byCode.get(c) ?? [];
  if (units.length === 0 && /^\d{1,4}$/.test(c)) units = snap.byCode.get(c.padStart(5, '0')) ?? [];
  const date = opts.asOf ?? opts.today;
  if (opts.asOf) units = units.filter((u) => validity(snap, u.vintage, opts.asOf as string) === 'in-force');
  const link = (l: { unit: UnitRow; kind: 'full' | 'partial'; effective: string; legalBasis: string | null; same?: boolean }): HistoryLink => ({
    unit: brief(snap, l.unit, date),
    kind: l.kind,
    effective: l.effective,
    legalBasis: l.legalBasis,
    same: l.same === true,
  });
  return [...units]
    .sort((a, b) => a.vintage.localeCompare(b.vintage) || b.level - a.level)
    .map((u) => {
      const p = u.parentId !== null ? snap.units.get(u.parentId) : undefined;
      return {
        ...brief(snap, u, date),
        parent: p ? { code: p.code, name: p.name, level: p.level } : null,
        predecessors: (snap.predecessors.get(u.id) ?? []).map(link),
        successors: (snap.successors.get(u.id) ?? []).map(link),
        became: becameOf(snap, u, date),
      };
    });
}

/** The vintages a code exists in (for the message when --as-of finds none in force). */
export function vintagesOfCode(db: DB, code: string): string[] {
  const rows = db.prepare('SELECT DISTINCT vintage FROM units WHERE code = ? ORDER BY vintage').all(code.trim()) as { vintage: string }[];
  return rows.map((r) => r.vintage);
}

/** The calendar date of `d` where the clerk is (local time), as YYYY-MM-DD. */
export function isoDate(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}
