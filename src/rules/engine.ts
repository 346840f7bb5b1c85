/**
 * The rule engine: runs every enabled rule over a period's roster
 * (`source_rows WHERE period = ? AND superseded_by IS NULL`) and returns one
 * Report. Rows are read in id-ordered chunks so memory stays bounded and the
 * lookups the rules make (units, successors) may use the database between
 * chunks. Data problems are findings; only a bad period or rules file throws.
 */
import { InputError } from '../errors.js';
import type { Field } from '../importer/fields.js';
import type { DB } from '../store/db.js';
import { msg, type Lang, type Msg } from '../text/i18n.js';
import type { UnitResolver, UnitRow } from '../units/types.js';
import { resolveRules, type RulesConfig } from './config.js';
import { RULES } from './registry.js';
import type { RosterRow, RowUnit, RuleContext, RuleRun, TeamGroup, TeamInfo } from './rule.js';
import { LEFT_SQL } from './team/active.js';
import { makeReport, type Finding, type Report, type SourceRef } from './types.js';
import { createResolver, loadOffice } from '../units/resolver.js';
import { resolverLookup, type UnitLookup } from './units-view.js';

export interface ValidateOptions {
  /** YYYY-MM. */
  period: string;
  lang: Lang;
  config?: RulesConfig;
  /**
   * The unit reference at the period end (default: createResolver over the
   * database with the office's jurisdiction). Rows the import stored as in a
   * current unit inside the jurisdiction are trusted; every other row's ward
   * reference is resolved again through it.
   */
  resolver?: UnitResolver;
  /** Rows per read from the database (tests use small chunks). */
  chunkSize?: number;
  /** Filled with milliseconds per phase (benchmarks). */
  timings?: Record<string, number>;
}

const PERIOD = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** ISO date of the last day of a YYYY-MM period. */
export function periodEnd(period: string): string {
  const m = PERIOD.exec(period);
  if (!m) {
    throw new InputError(
      msg(`Kỳ báo cáo "${period}" không hợp lệ.`, `"${period}" is not a valid period.`),
      msg('Dùng dạng YYYY-MM, ví dụ 2026-11.', 'Use YYYY-MM, e.g. 2026-11.'),
    );
  }
  const last = new Date(Date.UTC(Number(m[1]), Number(m[2]), 0)).getUTCDate();
  return `${period}-${String(last).padStart(2, '0')}`;
}

interface ImportInfo {
  file: string;
  sheet?: string;
  columns: Map<string, { header: string; column: string }>;
}

const ROW_COLUMNS =
  'id, import_id, row_number, full_name, dob, gender, person_id, phone, email, role, neighbourhood, ward, ward_code, district, joined_on, left_on, repairs, unit_id, unit_status, team_id, member_id';

function loadImports(db: DB, period: string): Map<number, ImportInfo> {
  const out = new Map<number, ImportInfo>();
  const rows = db.prepare('SELECT id, file_name, sheet, columns_json FROM imports WHERE period = ?').all(period) as {
    id: number;
    file_name: string;
    sheet: string | null;
    columns_json: string;
  }[];
  for (const r of rows) {
    const columns = new Map<string, { header: string; column: string }>();
    try {
      const cols = JSON.parse(r.columns_json) as { field?: string; header?: string; column?: string; index?: number }[];
      for (const c of Array.isArray(cols) ? cols : []) {
        if (!c || typeof c.field !== 'string' || columns.has(c.field)) continue;
        const letter = c.column ?? (typeof c.index === 'number' ? columnLetter(c.index) : '');
        columns.set(c.field, { header: c.header ?? c.field, column: letter });
      }
    } catch {
      // a damaged mapping only costs the column names in findings
    }
    out.set(r.id, { file: r.file_name, sheet: r.sheet ?? undefined, columns });
  }
  return out;
}

/** 0-based column index -> letters (0 -> A, 26 -> AA). */
export function columnLetter(index: number): string {
  let n = index + 1;
  let s = '';
  while (n > 0) {
    const m = (n - 1) % 26;
    s = String.fromCharCode(65 + m) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** Runs every enabled rule over the period's roster. */
export function validatePeriod(db: DB, opts: ValidateOptions): Report {
  let t0 = performance.now();
  const lap = (name: string) => {
    const t = performance.now();
    if (opts.timings) opts.timings[name] = (opts.timings[name] ?? 0) + (t - t0);
    t0 = t;
  };
  const end = periodEnd(opts.period);
  const lang = opts.lang;
  const settings = resolveRules(opts.config);
  const imports = loadImports(db, opts.period);
  const resolver = opts.resolver ?? createResolver(db, { asOf: end, jurisdiction: loadOffice(db)?.jurisdiction ?? [] });
  const lookup: UnitLookup = resolverLookup(resolver);
  const findings: Finding[] = [];
  lap('setup');
  const roster = { where: 'period = ? AND superseded_by IS NULL', params: [opts.period] as unknown[] };

  // Teams, loaded once on first use.
  let teams: Map<number, TeamInfo> | undefined;
  const team = (id: number | null): TeamInfo | undefined => {
    if (id === null || id === undefined) return undefined;
    if (!teams) {
      teams = new Map();
      const rows = db.prepare('SELECT id, unit_id, origin_unit_id, unit_text, neighbourhood, neighbourhood_key FROM teams').raw().all() as [
        number,
        number | null,
        number | null,
        string,
        string,
        string,
      ][];
      for (const [tid, unitId, originUnitId, unitText, neighbourhood, neighbourhoodKey] of rows) {
        teams.set(tid, { id: tid, unitId, originUnitId, unitText, neighbourhood, neighbourhoodKey });
      }
    }
    return teams.get(id);
  };

  const current = new Map<number, boolean>();
  const isCurrent = (id: number): boolean => {
    let c = current.get(id);
    if (c === undefined) {
      const u = lookup.byId(id);
      c = u !== undefined && lookup.successors(u).length === 0;
      current.set(id, c);
    }
    return c;
  };

  // One aggregate pass: per team (and unit as stored) counts. The team rules share it,
  // and the distinct units tell which rows the unit rules must look at.
  const gone = LEFT_SQL(end);
  const summary = db
    .prepare(
      `SELECT team_id,
         CASE WHEN team_id IS NULL THEN import_id || char(1) || ifnull(ward, '') || char(1) || ifnull(ward_code, '') || char(1) || ifnull(neighbourhood, '') END,
         unit_id, unit_status, count(*), count(*) - sum(${gone}), sum(role = 'leader' AND NOT ${gone}), min(id),
         min(CASE WHEN role = 'leader' AND NOT ${gone} THEN id END)
       FROM source_rows WHERE ${roster.where} GROUP BY 1, 2, 3, 4`,
    )
    .raw()
    .all(...roster.params) as [number | null, string | null, number | null, string | null, number, number, number, number, number | null][];
  lap('summary query');
  const groups = new Map<string, TeamGroup>();
  const suspectUnits = new Set<number>();
  const seenUnits = new Set<number>();
  for (const [teamId, standIn, unitId, status, rows, members, leaders, firstId, firstLeaderId] of summary) {
    const key = teamId !== null ? `t${teamId}` : `s${standIn}`;
    const g = groups.get(key);
    if (!g) groups.set(key, { teamId, standIn: teamId === null ? standIn : null, rows, members, leaders, firstId, firstLeaderId });
    else {
      g.rows += rows;
      g.members += members;
      g.leaders += leaders;
      g.firstId = Math.min(g.firstId, firstId);
      if (firstLeaderId !== null) g.firstLeaderId = g.firstLeaderId === null ? firstLeaderId : Math.min(g.firstLeaderId, firstLeaderId);
    }
    if (unitId !== null && status === 'current' && !seenUnits.has(unitId)) {
      seenUnits.add(unitId);
      // Stored as current, but no longer (reference data loaded since) or outside the jurisdiction.
      const u = lookup.byId(unitId);
      if (!u || !isCurrent(unitId) || !lookup.inJurisdiction(u)) suspectUnits.add(unitId);
    }
  }
  lap('summary');
  const teamGroups = [...groups.values()].sort((a, b) => a.firstId - b.firstId);
  const unitSuspect =
    suspectUnits.size > 0
      ? `(unit_status IS NOT 'current' OR unit_id IS NULL OR unit_id IN (${[...suspectUnits].join(',')}))`
      : `(unit_status IS NOT 'current' OR unit_id IS NULL)`;

  // Ward references resolve once each; consecutive rows usually share one.
  const resolved = new Map<string, RowUnit>();
  let lastRow: RosterRow | undefined;
  let lastUnit: RowUnit | undefined;
  const unitOf = (r: RosterRow): RowUnit => {
    const p = lastRow;
    if (
      p &&
      lastUnit &&
      (p === r ||
        (p.ward === r.ward && p.ward_code === r.ward_code && p.district === r.district))
    ) {
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

  const unitById = (id: number): UnitRow | undefined => lookup.byId(id);
  const teamLabel = (r: RosterRow): Msg => {
    const t = team(r.team_id);
    const ward = (t && t.unitId !== null ? unitById(t.unitId)?.name : undefined) ?? (r.ward || r.ward_code || '?');
    const nb = t ? t.neighbourhood : (r.neighbourhood ?? '').trim();
    return nb ? msg(`Tổ ${nb}, ${ward}`, `The team of ${nb}, ${ward}`) : msg(`Tổ cấp phường/xã ${ward}`, `The ward-level team of ${ward}`);
  };

  const where = (loc: { import_id: number; row_number: number }): Msg => {
    const f = imports.get(loc.import_id)?.file ?? '?';
    return msg(`${f} dòng ${loc.row_number}`, `${f} row ${loc.row_number}`);
  };

  const source = (loc: { import_id: number; row_number: number }, field?: Field): SourceRef | undefined => {
    const imp = imports.get(loc.import_id);
    if (!imp) return undefined;
    const s: SourceRef = { file: imp.file };
    if (imp.sheet !== undefined) s.sheet = imp.sheet;
    s.row = loc.row_number;
    const col = field ? imp.columns.get(field) : undefined;
    if (col) {
      s.column = col.header;
      if (col.column) s.cell = `${col.column}${loc.row_number}`;
    }
    return s;
  };

  const byIdStmt = db.prepare(`SELECT ${ROW_COLUMNS} FROM source_rows WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id`);
  const rowsById = (ids: readonly number[]): RosterRow[] => {
    const out: RosterRow[] = [];
    for (let i = 0; i < ids.length; i += 5000) out.push(...(byIdStmt.all(JSON.stringify(ids.slice(i, i + 5000))) as RosterRow[]));
    return ids.length > 5000 ? out.sort((a, b) => a.id - b.id) : out;
  };
  const teamRows = (g: TeamGroup, and?: string): RosterRow[] => {
    const extra = and ? ` AND (${and})` : '';
    if (g.teamId !== null) {
      return db.prepare(`SELECT ${ROW_COLUMNS} FROM source_rows WHERE ${roster.where} AND team_id = ?${extra} ORDER BY id`).all(...roster.params, g.teamId) as RosterRow[];
    }
    return db
      .prepare(
        `SELECT ${ROW_COLUMNS} FROM source_rows WHERE ${roster.where} AND team_id IS NULL AND import_id || char(1) || ifnull(ward, '') || char(1) || ifnull(ward_code, '') || char(1) || ifnull(neighbourhood, '') = ?${extra} ORDER BY id`,
      )
      .all(...roster.params, g.standIn) as RosterRow[];
  };

  const runs: RuleRun[] = [];
  const runIds: string[] = [];
  const prefilters: string[] = [];
  for (const rule of RULES) {
    const setting = settings.get(rule.id);
    if (!setting || !setting.enabled) continue;
    const ctx: RuleContext = {
      db,
      period: opts.period,
      periodEnd: end,
      options: setting.options,
      roster,
      emit(row, e) {
        const f: Finding = { rule: rule.id, severity: e.severity ?? setting.severity, message: e.message[lang] };
        if (e.value !== undefined) f.value = e.value;
        if (row) {
          const s = source(row, e.field);
          if (s) f.source = s;
        }
        if (e.suggestion) f.suggestion = e.suggestion;
        findings.push(f);
      },
      unitOf,
      team,
      teamLabel,
      unit: unitById,
      successors: (u) => lookup.successors(u),
      isCurrent,
      where,
      teams: () => teamGroups,
      rowsById,
      teamRows,
    };
    const run = rule.create(ctx);
    runs.push(run);
    runIds.push(rule.id);
    if (run.row) prefilters.push(rule.prefilter ? rule.prefilter({ periodEnd: end, options: setting.options, unitSuspect }) : '1');
  }
  const rowFns = runs.filter((r) => r.row).map((r) => r.row!.bind(r));
  const nFns = rowFns.length;

  if (nFns > 0) {
    // SQLite checks the cheap conditions on every row; the rules see only the rows that may be
    // wrong. Read in id ranges: sequential pages, bounded memory, and the database is free
    // between ranges for the lookups rules make.
    const span = Math.max(1, opts.chunkSize ?? 100_000);
    const suspect = prefilters.includes('1') ? '1' : prefilters.map((p) => `(${p})`).join(' OR ');
    const bounds = db.prepare(`SELECT min(id) AS lo, max(id) AS hi FROM source_rows WHERE ${roster.where}`).get(...roster.params) as {
      lo: number | null;
      hi: number | null;
    };
    const stmt = db.prepare(`SELECT ${ROW_COLUMNS} FROM source_rows WHERE ${roster.where} AND id >= ? AND id < ? AND (${suspect}) ORDER BY id`);
    if (bounds.lo !== null && bounds.hi !== null) {
      for (let lo = bounds.lo; lo <= bounds.hi; lo += span) {
        const rows = stmt.all(...roster.params, lo, lo + span) as RosterRow[];
        for (let i = 0; i < rows.length; i++) {
          const r = rows[i];
          for (let j = 0; j < nFns; j++) rowFns[j](r);
        }
      }
    }
  }
  lap('row rules');
  runs.forEach((r, i) => {
    if (!r.end) return;
    r.end();
    lap(`end ${runIds[i]}`);
  });

  findings.sort(compareFindings);
  lap('sort');
  return makeReport(opts.period, findings);
}

/** File, then row, then rule order; findings without a row last in their file. */
function compareFindings(a: Finding, b: Finding): number {
  const fa = a.source?.file ?? '\uffff';
  const fb = b.source?.file ?? '\uffff';
  if (fa !== fb) return fa < fb ? -1 : 1;
  const ra = a.source?.row ?? Number.MAX_SAFE_INTEGER;
  const rb = b.source?.row ?? Number.MAX_SAFE_INTEGER;
  if (ra !== rb) return ra - rb;
  return ORDER.get(a.rule)! - ORDER.get(b.rule)!;
}

const ORDER = new Map(RULES.map((r, i) => [r.id, i]));

/** The latest period with imported rows, or null. */
export function latestPeriod(db: DB): string | null {
  const r = db.prepare('SELECT max(period) AS p FROM imports').get() as { p: string | null };
  return r.p;
}
