/**
 * The rule engine: runs every enabled rule over a period's roster
 * (`source_rows WHERE period = ? AND superseded_by IS NULL`) and returns one
 * Report. Data problems are findings; only a bad period or rules file throws.
 *
 * One pass over the roster, in id ranges (bounded memory; the database is free
 * between ranges for the lookups rules make). For each range SQLite returns a
 * single text: one JSON array per row with the ids, a few flags computed by
 * cheap SQL (the rules' prefilters OR-ed, leader, left, unit as filed) and the
 * identity columns, which the rules' JavaScript screens test (SQLite is slow at
 * string tests; handing values to JavaScript one by one is slower still). The
 * same pass tallies the teams and spots repeated members. Only the rows a
 * prefilter or screen flags are read in full and given to the row rules.
 * `reference: true` instead reads every row in full and gives it to every rule:
 * the plain way, which tests compare the fast one with.
 */
import type { Field } from '../roster/fields.js';
import type { DB } from '../store/db.js';
import { msg, type Lang, type Msg } from '../text/i18n.js';
import type { UnitResolver, UnitRow } from '../units/types.js';
import { resolveRules, type RulesConfig } from './config.js';
import { RULES } from './registry.js';
import type { RosterRow, RowUnit, RuleContext, RuleRun, ScreenValues, TeamGroup, TeamInfo } from './rule.js';
import { hasLeftBy } from '../roster/left.js';
import { ROW_COLUMNS, rosterRow, type RawRow } from '../roster/row.js';
import { LEFT_SQL } from './team/active.js';
import { makeReport, type Finding, type Report, type SourceRef } from './types.js';
import { createResolver, loadOffice } from '../units/resolver.js';
import { resolverLookup, type UnitLookup } from './units-view.js';
import { columnLetter } from '../text/columns.js';
import { parsePeriod, periodEnd as lastDayOf } from '../text/period.js';

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
  /** Width of the id ranges read at a time (tests use small ones). */
  chunkSize?: number;
  /** Read every row in full and give it to every rule (slow; the yardstick of the fast path in tests). */
  reference?: boolean;
  /** Filled with milliseconds per phase (benchmarks). */
  timings?: Record<string, number>;
  /** Called during the pass over the roster: `done` of `total` row ids (a progress bar). */
  onProgress?: (done: number, total: number) => void;
}

/** ISO date of the last day of a YYYY-MM period; a malformed period is a usage error. */
export function periodEnd(period: string): string {
  return lastDayOf(parsePeriod(period));
}

interface ImportInfo {
  file: string;
  sheet?: string;
  columns: Map<string, { header: string; column: string }>;
}

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
  // A unit rows are filed under as current, but no longer in force (reference data loaded since) or outside the jurisdiction.
  const stale = new Map<number, boolean>();
  const staleUnit = (id: number): boolean => {
    let s = stale.get(id);
    if (s === undefined) {
      const u = lookup.byId(id);
      s = !u || !isCurrent(id) || !lookup.inJurisdiction(u);
      stale.set(id, s);
    }
    return s;
  };
  const unitTrusted = (r: RosterRow): boolean => r.unit_status === 'current' && r.unit_id !== null && !staleUnit(r.unit_id);

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

  const byIdStmt = db.prepare(`SELECT ${ROW_COLUMNS} FROM source_rows WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id`).raw();
  const rowsById = (ids: readonly number[]): RosterRow[] => {
    const out: RosterRow[] = [];
    for (let i = 0; i < ids.length; i += 5000) {
      for (const r of byIdStmt.all(JSON.stringify(ids.slice(i, i + 5000))) as RawRow[]) out.push(rosterRow(r));
    }
    return ids.length > 5000 ? out.sort((a, b) => a.id - b.id) : out;
  };

  // What the pass gathers for the whole-roster rules.
  let tally: Tally | undefined;
  const gathered = (): Tally => {
    if (!tally) throw new Error('validatePeriod: the roster pass has not run');
    return tally;
  };

  const runs: RuleRun[] = [];
  const runIds: string[] = [];
  const prefilters: string[] = [];
  const screens: ((v: ScreenValues) => boolean)[] = [];
  let everyRow = opts.reference === true;
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
          if (s && e.column) {
            s.column = e.column.header;
            if (e.column.letter) s.cell = `${e.column.letter}${row.row_number}`;
            else delete s.cell;
          }
          if (s) f.source = s;
        }
        if (e.suggestion) f.suggestion = e.suggestion;
        findings.push(f);
      },
      unitOf,
      unitTrusted,
      team,
      teamLabel,
      unit: unitById,
      successors: (u) => lookup.successors(u),
      isCurrent,
      where,
      teams: () => gathered().teams,
      memberGroups: () => gathered().memberGroups,
      rowsWithoutMember: () => gathered().withoutMember,
      rowsById,
    };
    const run = rule.create(ctx);
    runs.push(run);
    runIds.push(rule.id);
    if (run.row) {
      const p = { periodEnd: end, options: setting.options };
      if (rule.prefilter) prefilters.push(rule.prefilter(p));
      if (rule.screen) screens.push(rule.screen(p));
      if (!rule.prefilter && !rule.screen) everyRow = true;
    }
  }
  const rowFns = runs.filter((r) => r.row).map((r) => r.row!.bind(r));
  const checkRows = (rows: RosterRow[]) => {
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i];
      for (let j = 0; j < rowFns.length; j++) rowFns[j](r);
    }
  };
  // About 1 MB of text per range: fewer ranges cost less SQL, smaller ones less memory.
  const span = Math.max(1, Math.floor(opts.chunkSize ?? 10_000));
  lap('rules');

  if (opts.reference) tally = referencePass(db, roster, end, span, checkRows);
  else {
    tally = fastPass(db, roster, {
      periodEnd: end,
      span,
      suspectSql: everyRow ? '1' : prefilters.length > 0 ? prefilters.map((p) => `(${p})`).join(' OR ') : '0',
      screens: everyRow ? [] : screens,
      staleUnit,
      checkSuspects: (ids) => {
        if (rowFns.length > 0) checkRows(rowsById(ids));
      },
      timings: opts.timings,
      onProgress: opts.onProgress,
    });
  }
  lap('pass');
  runs.forEach((r, i) => {
    if (!r.end) return;
    r.end();
    lap(`end ${runIds[i]}`);
  });

  findings.sort(compareFindings);
  lap('sort');
  return makeReport(opts.period, findings);
}

/** What one pass over the roster gathers for the whole-roster rules. */
interface Tally {
  teams: TeamGroup[];
  memberGroups: number[][];
  withoutMember: number[];
}

/** Team groups keyed by team id, rows without a team by their stand-in key; and members seen. */
class TallyBuilder {
  private readonly byTeam = new Map<number, TeamGroup>();
  private readonly byStandIn = new Map<string, TeamGroup>();
  /** Row ids of team-less rows with their leader/left flags, keyed later. */
  readonly teamless: number[] = [];
  private readonly firstOfMember: FirstSeen;
  private readonly repeated = new Map<number, number[]>();
  readonly withoutMember: number[] = [];

  constructor(maxMemberId: number) {
    this.firstOfMember = new FirstSeen(maxMemberId);
  }

  /** The last team counted: a team's rows usually follow one another. */
  private last: TeamGroup | undefined;

  /** One row: its team (null: none), member (null: none), whether a leader, whether already left by the period end. */
  add(id: number, teamId: number | null, memberId: number | null, leader: boolean, left: boolean): void {
    if (teamId !== null) {
      let g = this.last;
      if (g === undefined || g.teamId !== teamId) {
        g = this.byTeam.get(teamId);
        if (g === undefined) {
          g = { teamId, standIn: null, rows: 0, members: 0, leaders: 0, firstId: id, firstLeaderId: null };
          this.byTeam.set(teamId, g);
        }
        this.last = g;
      }
      count(g, id, leader, left);
    } else this.teamless.push(id, (leader ? 1 : 0) | (left ? 2 : 0));
    if (memberId === null) this.withoutMember.push(id);
    else {
      const first = this.firstOfMember.seen(memberId, id);
      if (first !== 0) {
        const l = this.repeated.get(memberId);
        if (l) l.push(id);
        else this.repeated.set(memberId, [first, id]);
      }
    }
  }

  /** A team-less row, once its stand-in key (import, ward, code, neighbourhood as written) is known. */
  addStandIn(id: number, standIn: string, leader: boolean, left: boolean): void {
    let g = this.byStandIn.get(standIn);
    if (g === undefined) {
      g = { teamId: null, standIn, rows: 0, members: 0, leaders: 0, firstId: id, firstLeaderId: null };
      this.byStandIn.set(standIn, g);
    }
    count(g, id, leader, left);
  }

  finish(): Tally {
    const teams = [...this.byTeam.values(), ...this.byStandIn.values()].sort((a, b) => a.firstId - b.firstId);
    for (const g of teams) if (g.leaderIds) g.leaderIds.sort((a, b) => a - b);
    const memberGroups = [...this.repeated.values()];
    for (const l of memberGroups) l.sort((a, b) => a - b);
    memberGroups.sort((a, b) => a[0] - b[0]);
    this.withoutMember.sort((a, b) => a - b);
    return { teams, memberGroups, withoutMember: this.withoutMember };
  }
}

function count(g: TeamGroup, id: number, leader: boolean, left: boolean): void {
  g.rows++;
  if (id < g.firstId) g.firstId = id;
  if (left) return;
  g.members++;
  if (!leader) return;
  g.leaders++;
  if (g.firstLeaderId === null) g.firstLeaderId = id;
  else {
    if (g.leaderIds) g.leaderIds.push(id);
    else g.leaderIds = [g.firstLeaderId, id];
    if (id < g.firstLeaderId) g.firstLeaderId = id;
  }
}

/** The first row id seen per member id: a typed array when the ids are dense enough, else a Map. */
class FirstSeen {
  private readonly dense: Float64Array | undefined;
  private readonly sparse = new Map<number, number>();

  constructor(maxKey: number) {
    this.dense = maxKey >= 0 && maxKey < 8_000_000 ? new Float64Array(maxKey + 1) : undefined;
  }

  /** Records `id` as the first row of `key` unless one came before; returns that earlier row id, else 0. */
  seen(key: number, id: number): number {
    const d = this.dense;
    if (d !== undefined && key >= 0 && key < d.length && Number.isInteger(key)) {
      const f = d[key];
      if (f === 0) d[key] = id;
      return f;
    }
    const f = this.sparse.get(key);
    if (f === undefined) this.sparse.set(key, id);
    return f ?? 0;
  }
}

interface FastPassOptions {
  periodEnd: string;
  span: number;
  /** SQL true for rows some enabled rule's prefilter flags ('1': every row). */
  suspectSql: string;
  screens: ((v: ScreenValues) => boolean)[];
  staleUnit(id: number): boolean;
  /** Rows flagged in one id range, in id order. */
  checkSuspects(ids: number[]): void;
  timings?: Record<string, number>;
  onProgress?: (done: number, total: number) => void;
}

/** Flag bits computed by SQLite for each row. */
const SUSPECT = 1;
const LEADER = 2;
const LEFT = 4;
const FILED_CURRENT = 8;
const MALE = 16;
const FEMALE = 32;

/**
 * The one pass: per id range, one JSON text with a line per row —
 * [id, team_id, member_id, unit_id, flags, person_id, dob, gender unless male or female, phone, email] —
 * read in place (no parse into objects: only the identity values become strings).
 */
function fastPass(db: DB, roster: { where: string; params: unknown[] }, o: FastPassOptions): Tally {
  const maxMember = (db.prepare('SELECT max(id) AS m FROM members').get() as { m: number | null }).m ?? 0;
  const tally = new TallyBuilder(maxMember);
  const flags =
    // CASE WHEN: SQLite evaluates the condition with jumps, as in a WHERE clause (an OR in a value is evaluated whole).
    `(CASE WHEN ${o.suspectSql} THEN 1 ELSE 0 END + 2 * (role IS 'leader') + 4 * ${LEFT_SQL(o.periodEnd)} + 8 * (unit_status IS 'current')` +
    ` + 16 * (gender IS 'male') + 32 * (gender IS 'female'))`;
  // The usual genders travel as flags; other text as itself.
  const gender = `CASE WHEN gender IN ('male', 'female') THEN NULL ELSE gender END`;
  const chunk = db
    .prepare(
      `SELECT group_concat(json_array(id, team_id, member_id, unit_id, ${flags}, person_id, dob, ${gender}, phone, email), char(10))
       FROM source_rows WHERE ${roster.where} AND id >= ? AND id < ?`,
    )
    .pluck();
  const first = db.prepare(`SELECT id FROM source_rows WHERE ${roster.where} ORDER BY id LIMIT 1`).pluck().get(...roster.params) as number | undefined;
  const last = db.prepare(`SELECT id FROM source_rows WHERE ${roster.where} ORDER BY id DESC LIMIT 1`).pluck().get(...roster.params) as number | undefined;
  const screens = o.screens;
  const nScreens = screens.length;
  const v: ScreenValues = { person_id: null, dob: null, gender: null, phone: null, email: null, unitTrusted: true };
  let lastUnit: number | null = null;
  let lastStale = true;
  let sqlMs = 0;
  let jsMs = 0;
  let checkMs = 0;
  if (first !== undefined && last !== undefined) {
    for (let lo = first; lo <= last; lo += o.span) {
      o.onProgress?.(lo - first, last - first + 1);
      const t0 = performance.now();
      const text = chunk.get(...roster.params, lo, lo + o.span) as string | null;
      const t1 = performance.now();
      sqlMs += t1 - t0;
      if (text === null) continue;
      const suspects: number[] = [];
      // Cursor over `text`; each reader leaves it after the value's comma or closing bracket.
      let i = 0;
      let escaped = false;
      const L = text.length;
      const int = (): number | null => {
        let c = text.charCodeAt(i);
        if (c === 110) {
          i += 5; // null,
          return null;
        }
        let n = 0;
        let neg = false;
        if (c === 45) {
          neg = true;
          c = text.charCodeAt(++i);
        }
        while (c >= 48 && c <= 57) {
          n = n * 10 + (c - 48);
          c = text.charCodeAt(++i);
        }
        if (c !== 44 && c !== 93) throw new Error(`validatePeriod: unexpected roster pass output at ${i}`);
        i++;
        return neg ? -n : n;
      };
      const str = (): string | null => {
        if (text.charCodeAt(i) === 110) {
          i += 5;
          return null;
        }
        const from = i + 1;
        let j = from;
        for (;;) {
          const c = text.charCodeAt(j);
          if (c === 34) break;
          if (c === 92) {
            escaped = true;
            j++;
          } else if (j >= L) throw new Error('validatePeriod: unterminated text in the roster pass output');
          j++;
        }
        i = j + 2; // closing quote and the comma or bracket after it
        return escaped ? null : text.slice(from, j);
      };
      while (i < L) {
        i++; // [
        const id = int() as number;
        const teamId = int();
        const memberId = int();
        const unitId = int();
        const f = int() as number;
        escaped = false;
        v.person_id = str();
        v.dob = str();
        const g = str(); // null for the usual genders
        v.gender = (f & MALE) !== 0 ? 'male' : (f & FEMALE) !== 0 ? 'female' : g;
        v.phone = str();
        v.email = str();
        i++; // newline between rows
        tally.add(id, teamId, memberId, (f & LEADER) !== 0, (f & LEFT) !== 0);
        if ((f & SUSPECT) !== 0 || escaped) {
          suspects.push(id);
          continue;
        }
        if (unitId !== lastUnit) {
          lastUnit = unitId;
          lastStale = unitId === null || o.staleUnit(unitId);
        }
        v.unitTrusted = (f & FILED_CURRENT) !== 0 && !lastStale;
        for (let k = 0; k < nScreens; k++) {
          if (screens[k](v)) {
            suspects.push(id);
            break;
          }
        }
      }
      const t2 = performance.now();
      jsMs += t2 - t1;
      if (suspects.length > 0) o.checkSuspects(suspects);
      checkMs += performance.now() - t2;
    }
  }
  if (o.timings) {
    o.timings['pass: sql'] = (o.timings['pass: sql'] ?? 0) + sqlMs;
    o.timings['pass: screens and tallies'] = (o.timings['pass: screens and tallies'] ?? 0) + jsMs;
    o.timings['pass: row rules on suspects'] = (o.timings['pass: row rules on suspects'] ?? 0) + checkMs;
  }
  if (tally.teamless.length > 0) {
    // Rows without a team (should not happen after an import): grouped by file, ward and neighbourhood as written.
    const t = tally.teamless;
    const ids: number[] = [];
    const bits = new Map<number, number>();
    for (let k = 0; k < t.length; k += 2) {
      ids.push(t[k]);
      bits.set(t[k], t[k + 1]);
    }
    const keys = db.prepare(
      `SELECT id, import_id || char(1) || ifnull(ward, '') || char(1) || ifnull(ward_code, '') || char(1) || ifnull(neighbourhood, '')
       FROM source_rows WHERE id IN (SELECT value FROM json_each(?))`,
    ).raw();
    for (let k = 0; k < ids.length; k += 5000) {
      for (const [id, standIn] of keys.all(JSON.stringify(ids.slice(k, k + 5000))) as [number, string][]) {
        const b = bits.get(id) ?? 0;
        tally.addStandIn(id, standIn, (b & 1) !== 0, (b & 2) !== 0);
      }
    }
  }
  return tally.finish();
}

/** The plain way: every row read in full, every rule on every row, counts from the rows themselves. */
function referencePass(db: DB, roster: { where: string; params: unknown[] }, end: string, span: number, checkRows: (rows: RosterRow[]) => void): Tally {
  const groups = new Map<string, TeamGroup>();
  const byMember = new Map<number, number[]>();
  const withoutMember: number[] = [];
  const stmt = db.prepare(`SELECT ${ROW_COLUMNS} FROM source_rows WHERE ${roster.where} AND id >= ? AND id < ? ORDER BY id`);
  const bounds = db.prepare(`SELECT min(id) AS lo, max(id) AS hi FROM source_rows WHERE ${roster.where}`).get(...roster.params) as { lo: number | null; hi: number | null };
  if (bounds.lo !== null && bounds.hi !== null) {
    for (let lo = bounds.lo; lo <= bounds.hi; lo += span) {
      const rows = stmt.all(...roster.params, lo, lo + span) as RosterRow[];
      checkRows(rows);
      for (const r of rows) {
        const left = hasLeftBy(r.left_on, end);
        const leader = r.role === 'leader' && !left;
        const standIn = r.team_id === null ? `${r.import_id}\u0001${r.ward ?? ''}\u0001${r.ward_code ?? ''}\u0001${r.neighbourhood ?? ''}` : null;
        const key = r.team_id !== null ? `t${r.team_id}` : `s${standIn}`;
        let g = groups.get(key);
        if (!g) groups.set(key, (g = { teamId: r.team_id, standIn, rows: 0, members: 0, leaders: 0, firstId: r.id, firstLeaderId: null }));
        g.rows++;
        if (!left) g.members++;
        if (leader) {
          g.leaders++;
          if (g.firstLeaderId === null) g.firstLeaderId = r.id;
          (g.leaderIds ??= []).push(r.id);
        }
        if (r.member_id === null) withoutMember.push(r.id);
        else {
          const l = byMember.get(r.member_id);
          if (l) l.push(r.id);
          else byMember.set(r.member_id, [r.id]);
        }
      }
    }
  }
  const teams = [...groups.values()];
  for (const g of teams) if (g.leaderIds && g.leaderIds.length < 2) delete g.leaderIds;
  return { teams, memberGroups: [...byMember.values()].filter((l) => l.length > 1), withoutMember };
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
