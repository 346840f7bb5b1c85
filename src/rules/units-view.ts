/**
 * What the rules need from the unit reference, in two flavours: through a
 * UnitResolver (re-resolving each distinct ward reference at the period end),
 * or straight from the database, trusting the resolution the import stored in
 * source_rows (unit_id, unit_status). Everything is memoised: a roster of a
 * million rows names a few hundred distinct wards.
 */
import type { DB } from '../store/db.js';
import { fold } from '../text/fold.js';
import type { Resolution, ResolutionStatus, SuccessorLink, UnitResolver, UnitRow } from '../units/types.js';

export interface UnitLookup {
  byId(id: number): UnitRow | undefined;
  successors(unit: UnitRow): SuccessorLink[];
  inJurisdiction(unit: UnitRow): boolean;
  resolve(ref: { code: string | null; name: string | null; district: string | null; unitId: number | null; status: string | null }): Resolution;
}

interface UnitDbRow {
  id: number;
  vintage: string;
  level: 1 | 2 | 3;
  code: string;
  name: string;
  type: string | null;
  parent_id: number | null;
  province_code: string | null;
  name_key: string;
}

const toUnit = (r: UnitDbRow): UnitRow => ({
  id: r.id,
  vintage: r.vintage,
  level: r.level,
  code: r.code,
  name: r.name,
  type: r.type,
  parentId: r.parent_id,
  provinceCode: r.province_code,
});

/** Folded ward name without its type prefix, "Phường 01" -> "1". */
export function wardKey(text: string): string {
  return fold(text)
    .replace(/^(phuong|xa|thi tran|dac khu|p\.|p|x\.|tt\.|tt)\s*(?=\S)/, '')
    .replace(/^0+(?=\d)/, '')
    .trim();
}

export function levenshtein(a: string, b: string): number {
  if (a === b) return 0;
  const m = a.length;
  const n = b.length;
  let prev = new Array<number>(n + 1);
  let cur = new Array<number>(n + 1);
  for (let j = 0; j <= n; j++) prev[j] = j;
  for (let i = 1; i <= m; i++) {
    cur[0] = i;
    for (let j = 1; j <= n; j++) {
      const c = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + c);
    }
    [prev, cur] = [cur, prev];
  }
  return prev[n];
}

/** Office jurisdiction codes as recorded by init (empty: everywhere). */
export function officeJurisdiction(db: DB): string[] {
  try {
    const row = db.prepare('SELECT jurisdiction FROM office WHERE id = 1').get() as { jurisdiction: string } | undefined;
    return (row?.jurisdiction ?? '')
      .split(/[,;\s]+/)
      .map((s) => s.trim())
      .filter(Boolean);
  } catch {
    return [];
  }
}

/** Lookups straight from the database: the import's stored resolution is trusted. */
export function dbUnitLookup(db: DB, asOf: string, jurisdiction: string[]): UnitLookup {
  const byIdStmt = db.prepare('SELECT * FROM units WHERE id = ?');
  const succStmt = db.prepare(
    'SELECT new_unit_id, kind, effective, legal_basis FROM successions WHERE old_unit_id = ? AND effective <= ? ORDER BY new_unit_id',
  );
  const predStmt = db.prepare('SELECT old_unit_id FROM successions WHERE new_unit_id = ?');
  const units = new Map<number, UnitRow | undefined>();
  const succ = new Map<number, SuccessorLink[]>();
  const juris = new Map<number, boolean>();
  const codes = new Set(jurisdiction);
  let level3: UnitDbRow[] | undefined;

  const byId = (id: number): UnitRow | undefined => {
    if (!units.has(id)) {
      const r = byIdStmt.get(id) as UnitDbRow | undefined;
      units.set(id, r ? toUnit(r) : undefined);
    }
    return units.get(id);
  };

  /** Final successors in force at asOf, following chains (2025-01-01 then 2025-07-01). */
  const successors = (unit: UnitRow, depth = 0): SuccessorLink[] => {
    const hit = succ.get(unit.id);
    if (hit) return hit;
    const out: SuccessorLink[] = [];
    const rows = succStmt.all(unit.id, asOf) as { new_unit_id: number; kind: 'full' | 'partial'; effective: string; legal_basis: string | null }[];
    for (const s of rows) {
      const u = byId(s.new_unit_id);
      if (!u) continue;
      const next = depth < 4 ? successors(u, depth + 1) : [];
      if (next.length === 0) out.push({ unit: u, kind: s.kind, effective: s.effective, legalBasis: s.legal_basis });
      else
        for (const n of next) {
          if (out.some((o) => o.unit.id === n.unit.id)) continue;
          out.push({ ...n, kind: s.kind === 'partial' || n.kind === 'partial' ? 'partial' : 'full' });
        }
    }
    succ.set(unit.id, out);
    return out;
  };

  const covered = (u: UnitRow, depth: number): boolean => {
    const hit = juris.get(u.id);
    if (hit !== undefined) return hit;
    let ok = false;
    for (let a: UnitRow | undefined = u, i = 0; a && i < 4 && !ok; a = a.parentId !== null ? byId(a.parentId) : undefined, i++) {
      if (codes.has(a.code)) ok = true;
    }
    if (!ok && u.provinceCode && codes.has(u.provinceCode)) ok = true;
    if (!ok && depth < 3) {
      for (const p of predStmt.all(u.id) as { old_unit_id: number }[]) {
        const pu = byId(p.old_unit_id);
        if (pu && covered(pu, depth + 1)) {
          ok = true;
          break;
        }
      }
    }
    juris.set(u.id, ok);
    return ok;
  };

  const inJurisdiction = (u: UnitRow): boolean => {
    if (codes.size === 0) return true;
    if (covered(u, 0)) return true;
    return successors(u).some((s) => covered(s.unit, 0));
  };

  const level3Units = (): UnitDbRow[] => {
    if (!level3) level3 = db.prepare('SELECT * FROM units WHERE level = 3').all() as UnitDbRow[];
    return level3;
  };

  const closest = (text: string): UnitRow[] => {
    const key = wardKey(text);
    if (!key) return [];
    const limit = Math.max(2, Math.floor(key.length / 3));
    const scored: { u: UnitDbRow; d: number }[] = [];
    const seen = new Set<string>();
    for (const u of level3Units()) {
      const d = levenshtein(key, u.name_key);
      if (d > limit) continue;
      const k = `${u.name}|${u.code}`;
      if (seen.has(k)) continue;
      seen.add(k);
      scored.push({ u, d });
    }
    scored.sort((a, b) => a.d - b.d || (b.u.vintage > a.u.vintage ? 1 : -1));
    return scored.slice(0, 5).map((s) => toUnit(s.u));
  };

  const sameName = (text: string): UnitRow[] => {
    const key = wardKey(text);
    return level3Units()
      .filter((u) => u.name_key === key)
      .map(toUnit)
      .filter((u) => codes.size === 0 || inJurisdiction(u));
  };

  return {
    byId,
    successors,
    inJurisdiction,
    resolve(ref) {
      const status = (ref.status ?? (ref.unitId !== null ? 'current' : 'unknown')) as ResolutionStatus;
      const unit = ref.unitId !== null ? byId(ref.unitId) : undefined;
      const res: Resolution = { status, unit, successors: [], candidates: [] };
      if ((status === 'retired.full' || status === 'retired.partial') && unit) res.successors = successors(unit);
      else if (status === 'unknown') res.candidates = closest(ref.name ?? ref.code ?? '');
      else if (status === 'ambiguous') res.candidates = sameName(ref.name ?? '');
      else if (status === 'code-name-mismatch') {
        const byCode = ref.code ? (db.prepare('SELECT * FROM units WHERE code = ? AND level = 3 ORDER BY vintage DESC').all(ref.code) as UnitDbRow[]).map(toUnit) : [];
        res.candidates = [...byCode.slice(0, 2), ...sameName(ref.name ?? '').slice(0, 3)];
      }
      return res;
    },
  };
}

/** Lookups through a UnitResolver: every distinct reference is resolved again at the period end. */
export function resolverLookup(resolver: UnitResolver): UnitLookup {
  return {
    byId: (id) => resolver.byId(id),
    successors: (u) => resolver.successors(u),
    inJurisdiction: (u) => resolver.inJurisdiction(u),
    resolve: (ref) => resolver.resolve({ code: ref.code, name: ref.name, district: ref.district }),
  };
}
