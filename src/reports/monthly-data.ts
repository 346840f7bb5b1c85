/**
 * The figures of the monthly workbook, read from the database. No exceljs
 * here: the same data feeds the workbook, the hidden `_data` sheet and
 * `report consolidate`. Meanings are in measures.ts.
 */
import type { DB } from '../store/db.js';
import { createJurisdiction, inJurisdiction, loadOffice, loadSnapshot, type UnitSnapshot } from '../units/resolver.js';
import { originNote } from '../units/chain.js';
import { listedTwice, monthChanges, placedRowsWhere, type MonthChanges } from '../month/changes.js';
import { describeChanges, teamLabeller, type TeamLabel } from '../month/describe.js';
import { bounds, UNDER35, type PeriodBounds } from './measures.js';

export type LineKind = 'ward' | 'outside' | 'unresolved';

export interface Counts {
  teamsWard: number;
  teamsNeighbourhood: number;
  members: number;
  leaders: number;
  women: number;
  under35: number;
  onetouch: number;
  joined: number;
  left: number;
}

export const COUNT_KEYS: (keyof Counts)[] = ['teamsWard', 'teamsNeighbourhood', 'members', 'leaders', 'women', 'under35', 'onetouch', 'joined', 'left'];

export function zero(): Counts {
  return { teamsWard: 0, teamsNeighbourhood: 0, members: 0, leaders: 0, women: 0, under35: 0, onetouch: 0, joined: 0, left: 0 };
}

export function addCounts(a: Counts, b: Counts): Counts {
  const r = zero();
  for (const k of COUNT_KEYS) r[k] = a[k] + b[k];
  return r;
}

/** One row of `Tổng hợp`. */
export interface WardLine {
  kind: LineKind;
  /** Issuing office (consolidated workbooks). */
  office?: string;
  code: string;
  vintage: string;
  name: string;
  /** District (old lists) or province (new list) the ward belongs to. */
  parent: string;
  counts: Counts;
}

/** One row of `Danh sách tổ`. */
export interface TeamLine {
  kind: LineKind;
  /** teams.id (not carried into the hidden sheet). */
  teamId?: number;
  office?: string;
  wardCode: string;
  wardName: string;
  level: 'ward' | 'neighbourhood';
  neighbourhood: string;
  leaders: string;
  members: number;
  women: number;
  under35: number;
  onetouch: number;
  /** The ward the rosters named, when the team was moved to a successor, or the unresolved text. */
  origin: string;
}

/**
 * The cells of a team line from its level to its origin, as the export and the
 * workbook's teams sheet both show them, given the two labels in the output's language.
 */
export function teamLineCells(t: TeamLine, levelLabel: string | null, outsideLabel: string | null): (string | number | null)[] {
  const origin = t.kind === 'outside' ? [outsideLabel, t.origin].filter(Boolean).join('; ') : t.origin;
  return [levelLabel, t.neighbourhood, t.leaders, t.members, t.women, t.under35, t.onetouch, origin];
}

export interface SourceFile {
  office?: string;
  file: string;
  sheet: string;
  sha256: string;
  rows: number;
}

export interface Office {
  name: string;
  jurisdiction: string[];
}

export interface MonthlyData {
  period: string;
  bounds: PeriodBounds;
  office: Office;
  /** The unit list in force at the period end. */
  vintage: string;
  wards: WardLine[];
  teams: TeamLine[];
  files: SourceFile[];
  /** Joined, left, moved and the completeness of the rosters (src/month/changes.ts). */
  changes: MonthChanges;
  /** Expected teams without a roster this period ("Chưa nộp danh sách"). */
  missing: TeamLabel[];
  /** Teams whose members all moved to other teams ("Đã chuyển thành …"). */
  movedAway: { team: TeamLabel; to: TeamLabel[] }[];
  /** People listed more than once this period, and where they were counted. */
  listedTwice: number;
}

export function readOffice(db: DB): Office {
  return loadOffice(db) ?? { name: '', jurisdiction: [] };
}

/** The unit list in force at `date` (else the newest one). */
export function vintageAt(db: DB, date: string): string {
  const r = db
    .prepare(
      `SELECT vintage FROM unit_lists WHERE (valid_from IS NULL OR valid_from <= ?) AND (valid_to IS NULL OR valid_to > ?)
       ORDER BY vintage DESC LIMIT 1`,
    )
    .get(date, date) as { vintage: string } | undefined;
  if (r) return r.vintage;
  const m = db.prepare('SELECT max(vintage) AS v FROM unit_lists').get() as { v: string | null };
  return m.v ?? '';
}

/**
 * Ids of the commune-level units of `vintage` the office answers for, as the
 * unit reference defines jurisdiction (src/units/resolver.ts): a province or
 * former district covers its wards and their successors.
 */
export function jurisdictionWards(db: DB, vintage: string, codes: string[]): Set<number> {
  const out = new Set<number>();
  if (codes.length === 0) return out;
  const j = createJurisdiction(db, codes);
  // inJurisdiction: a unit is in when covered, or when one of its successors is. Only the vintage's
  // commune-level units that are covered or have a successor (a stored succession, or a next list the
  // unit may carry on into) are read and asked about: not the whole national reference.
  const ids = db
    .prepare(
      `SELECT u.id FROM units u WHERE u.vintage = @vintage AND u.level = 3
       AND (@nextList OR u.id IN (SELECT value FROM json_each(@covered)) OR u.id IN (SELECT old_unit_id FROM successions))
       ORDER BY u.id`,
    )
    .pluck()
    .all({ vintage, nextList: j.snapshot.nextVintage.has(vintage) ? 1 : 0, covered: JSON.stringify([...j.covered]) }) as number[];
  for (const id of ids) {
    const u = j.snapshot.units.get(id);
    if (u && inJurisdiction(j, u)) out.add(u.id);
  }
  return out;
}

interface TeamAgg {
  team: number;
  unit_id: number | null;
  unit_text: string;
  neighbourhood: string;
  neighbourhood_key: string;
  origin_unit_id: number | null;
  members: number;
  leaders: number;
  women: number;
  under35: number;
  onetouch: number;
  leader_names: string | null;
  /** The ward as a roster row wrote it. */
  ward_text?: string | null;
}

interface UnitInfo {
  id: number;
  vintage: string;
  code: string;
  name: string;
  parent: string | null;
}

/** Sort key of a team inside its ward: the ward-level team first, then neighbourhoods in number order. */
export function teamOrder(key: string): string {
  return key === '' ? '' : key.replace(/\d+/g, (d) => d.padStart(6, '0'));
}

export function collectMonthly(db: DB, period: string): MonthlyData {
  const b = bounds(period);
  const office = readOffice(db);
  const vintage = vintageAt(db, b.end);
  const params = { period, start: b.start, end: b.end, age35: b.age35 };
  const teamAgg = teamAggregates(db, params, placedRowsWhere(db, period));
  const changes = monthChanges(db, period);
  const moveBy = movesByTeam(changes);
  const lines = new WardLines(db, vintage, office.jurisdiction);
  const teams = teamLines(db, lines, [...teamAgg, ...teamsWithOnlyLeavers(db, teamAgg, moveBy)], moveBy);
  const wards = [...lines.all()].sort((x, y) => KIND_RANK[x.kind] - KIND_RANK[y.kind] || x.code.localeCompare(y.code) || x.name.localeCompare(y.name));
  const label = teamLabeller(db);
  return {
    period,
    bounds: b,
    office,
    vintage,
    wards,
    teams,
    files: sourceFiles(db, period),
    changes,
    missing: changes.teams.missing.map(label),
    movedAway: changes.teams.movedAway.map((m) => ({ team: label(m.teamId), to: m.to.map(label) })),
    listedTwice: listedTwice(db, period),
  };
}

type MonthParams = { period: string; start: string; end: string; age35: string };

/**
 * Each team's figures over the rows placed in it this month (`placed`: src/month/changes.ts
 * placedRowsWhere). The rows reach group_concat in row order, so leaders are named in roster order.
 */
function teamAggregates(db: DB, params: MonthParams, placed: string): TeamAgg[] {
  return db
    .prepare(
      `SELECT t.id AS team, t.unit_id, t.unit_text, t.neighbourhood, t.neighbourhood_key, t.origin_unit_id,
         count(*) AS members,
         sum(s.role = 'leader') AS leaders,
         sum(s.gender = 'female') AS women,
         sum(${UNDER35}) AS under35,
         sum(s.onetouch = 1) AS onetouch,
         group_concat(CASE WHEN s.role = 'leader' THEN s.full_name END, '; ') AS leader_names,
         max(s.ward) AS ward_text
       FROM source_rows s JOIN teams t ON t.id = s.team_id
       WHERE ${placed}
       GROUP BY t.id`,
    )
    .all(params) as TeamAgg[];
}

type Moves = Map<number, { joined: number; left: number }>;

/** Joined and left per team, from the month's changes. */
function movesByTeam(changes: MonthChanges): Moves {
  const moveBy: Moves = new Map();
  const tally = (team: number, k: 'joined' | 'left') => {
    let m = moveBy.get(team);
    if (!m) {
      m = { joined: 0, left: 0 };
      moveBy.set(team, m);
    }
    m[k]++;
  };
  for (const c of changes.joined) tally(c.teamId, 'joined');
  for (const c of changes.left) tally(c.teamId, 'left');
  return moveBy;
}

/** Teams that only have leavers this month still belong on their ward's row. */
function teamsWithOnlyLeavers(db: DB, teamAgg: TeamAgg[], moveBy: Moves): TeamAgg[] {
  const listed = new Set(teamAgg.map((t) => t.team));
  const ids = [...moveBy.keys()].filter((id) => !listed.has(id));
  if (ids.length === 0) return [];
  const q = db.prepare('SELECT id AS team, unit_id, unit_text, neighbourhood, neighbourhood_key, origin_unit_id FROM teams WHERE id = ?');
  return ids.map((id) => ({ ...(q.get(id) as TeamAgg), members: 0, leaders: 0, women: 0, under35: 0, onetouch: 0, leader_names: null }));
}

const KIND_RANK: Record<LineKind, number> = { ward: 0, outside: 1, unresolved: 2 };

/** The workbook's ward lines: every ward of the jurisdiction, then any other unit a team is in, and one line for the unresolved. */
class WardLines {
  private readonly units = new Map<number, UnitInfo>();
  private readonly lines = new Map<string, WardLine>();
  private readonly unitQ: ReturnType<DB['prepare']>;
  private readonly inJur: Set<number>;
  private readonly everywhere: boolean;

  constructor(
    db: DB,
    private readonly vintage: string,
    jurisdiction: string[],
  ) {
    this.unitQ = db.prepare(`SELECT u.id, u.vintage, u.code, u.name, p.name AS parent FROM units u LEFT JOIN units p ON p.id = u.parent_id WHERE u.id = ?`);
    this.inJur = jurisdictionWards(db, vintage, jurisdiction);
    this.everywhere = jurisdiction.length === 0;
    for (const id of this.inJur) this.lineFor(id);
  }

  unit(id: number | null): UnitInfo | undefined {
    if (id === null) return undefined;
    let u = this.units.get(id);
    if (!u) {
      u = this.unitQ.get(id) as UnitInfo | undefined;
      if (u) this.units.set(id, u);
    }
    return u;
  }

  private kindOf(unitId: number | null): LineKind {
    const u = this.unit(unitId);
    if (!u || u.vintage !== this.vintage) return 'unresolved';
    return this.everywhere || this.inJur.has(u.id) ? 'ward' : 'outside';
  }

  lineFor(unitId: number | null): WardLine {
    const kind = this.kindOf(unitId);
    const u = this.unit(unitId);
    const key = kind === 'unresolved' ? 'unresolved' : String(u?.id);
    let l = this.lines.get(key);
    if (!l) {
      l =
        kind === 'unresolved' || !u
          ? { kind: 'unresolved', code: '', vintage: '', name: '', parent: '', counts: zero() }
          : { kind, code: u.code, vintage: u.vintage, name: u.name, parent: u.parent ?? '', counts: zero() };
      this.lines.set(key, l);
    }
    return l;
  }

  all(): IterableIterator<WardLine> {
    return this.lines.values();
  }
}

/** Adds each team's figures to its ward line and lists the teams with members, in the workbook's order. */
function teamLines(db: DB, lines: WardLines, aggs: TeamAgg[], moveBy: Moves): TeamLine[] {
  const keyed: { line: TeamLine; key: string }[] = [];
  // Read once for all the teams that came from another ward (each loadSnapshot asks the database whether it changed).
  let snap: UnitSnapshot | undefined;
  const snapshot = () => (snap ??= loadSnapshot(db));
  for (const t of aggs) {
    const l = lines.lineFor(t.unit_id);
    addTeamCounts(l, t, moveBy.get(t.team));
    if (t.members === 0) continue;
    keyed.push({ line: teamLine(snapshot, lines, l, t), key: teamOrder(t.neighbourhood_key) });
  }
  keyed.sort(
    (x, y) =>
      KIND_RANK[x.line.kind] - KIND_RANK[y.line.kind] ||
      x.line.wardCode.localeCompare(y.line.wardCode) ||
      x.line.wardName.localeCompare(y.line.wardName) ||
      x.key.localeCompare(y.key),
  );
  return keyed.map((k) => k.line);
}

function addTeamCounts(l: WardLine, t: TeamAgg, mv: { joined: number; left: number } | undefined): void {
  if (t.members > 0) {
    if (t.neighbourhood_key === '') l.counts.teamsWard++;
    else l.counts.teamsNeighbourhood++;
  }
  l.counts.members += t.members;
  l.counts.leaders += t.leaders;
  l.counts.women += t.women;
  l.counts.under35 += t.under35;
  l.counts.onetouch += t.onetouch;
  l.counts.joined += mv?.joined ?? 0;
  l.counts.left += mv?.left ?? 0;
}

function teamLine(snapshot: () => UnitSnapshot, lines: WardLines, l: WardLine, t: TeamAgg): TeamLine {
  const u = lines.unit(t.unit_id);
  const o = t.origin_unit_id !== null && t.origin_unit_id !== t.unit_id ? lines.unit(t.origin_unit_id) : undefined;
  return {
    kind: l.kind,
    teamId: t.team,
    wardCode: l.kind === 'unresolved' ? (u?.code ?? '') : l.code,
    wardName: l.kind === 'unresolved' ? (u?.name ?? t.ward_text ?? t.unit_text) : l.name,
    level: t.neighbourhood_key === '' ? 'ward' : 'neighbourhood',
    neighbourhood: t.neighbourhood,
    leaders: t.leader_names ?? '',
    members: t.members,
    women: t.women,
    under35: t.under35,
    onetouch: t.onetouch,
    // The ward as the roster wrote it and its way to today's unit (units/chain.ts).
    origin: o ? originNote(snapshot(), o.id, t.unit_id, t.ward_text) : l.kind === 'unresolved' && u ? `${u.name} (${u.code}, ${u.vintage})` : '',
  };
}

function sourceFiles(db: DB, period: string): SourceFile[] {
  return db
    .prepare(
      `SELECT i.file_name AS file, coalesce(i.sheet, '') AS sheet, i.file_sha256 AS sha256, count(s.id) AS rows
       FROM imports i JOIN source_rows s ON s.import_id = i.id AND s.superseded_by IS NULL
       WHERE i.period = ? GROUP BY i.id ORDER BY i.id`,
    )
    .all(period) as SourceFile[];
}

/** The `ORDER BY` shared by the member list and the tests: ward code, team, role, name. */
export const MEMBER_ORDER = `u.code IS NULL, u.code, t.neighbourhood_key <> '', length(t.neighbourhood_key), t.neighbourhood_key, t.id,
  CASE s.role WHEN 'leader' THEN 0 WHEN 'deputy' THEN 1 ELSE 2 END, s.full_name, s.id`;

export interface MemberRow {
  ward_code: string | null;
  ward_name: string | null;
  unit_text: string;
  neighbourhood: string;
  full_name: string | null;
  dob: string | null;
  gender: string | null;
  person_id: string | null;
  phone: string | null;
  role: string | null;
  organisation: string | null;
  onetouch: number | null;
  joined_on: string | null;
  file_name: string;
  sheet: string | null;
  row_number: number;
}

/** A member row as SQLite gives it, in the order of MemberRow's fields. */
type MemberTuple = [
  string | null,
  string | null,
  string,
  string,
  string | null,
  string | null,
  string | null,
  string | null,
  string | null,
  string | null,
  string | null,
  number | null,
  string | null,
  string,
  string | null,
  number,
];

/**
 * Members at the period end, one row per person and team, in report order. Streams. The rows are
 * read as arrays and made into objects here: far cheaper than the driver's objects, one per member.
 */
export function* iterateMembers(db: DB, period: string): IterableIterator<MemberRow> {
  const b = bounds(period);
  const rows = db
    .prepare(
      `SELECT u.code AS ward_code, coalesce(u.name, s.ward) AS ward_name, t.unit_text, t.neighbourhood, s.full_name, s.dob, s.gender,
         s.person_id, s.phone, s.role, s.organisation, s.onetouch, s.joined_on, i.file_name, i.sheet, s.row_number
       FROM source_rows s JOIN teams t ON t.id = s.team_id
       LEFT JOIN units u ON u.id = t.unit_id JOIN imports i ON i.id = s.import_id
       WHERE ${placedRowsWhere(db, period)}
       ORDER BY ${MEMBER_ORDER}`,
    )
    .raw()
    .iterate({ period, end: b.end }) as IterableIterator<MemberTuple>;
  for (const r of rows) {
    yield {
      ward_code: r[0],
      ward_name: r[1],
      unit_text: r[2],
      neighbourhood: r[3],
      full_name: r[4],
      dob: r[5],
      gender: r[6],
      person_id: r[7],
      phone: r[8],
      role: r[9],
      organisation: r[10],
      onetouch: r[11],
      joined_on: r[12],
      file_name: r[13],
      sheet: r[14],
      row_number: r[15],
    };
  }
}

export interface ChangeRow {
  kind: 'joined' | 'left' | 'moved' | 'remapped';
  date: string | null;
  full_name: string | null;
  person_id: string | null;
  ward_code: string | null;
  ward_name: string | null;
  neighbourhood: string | null;
  from_name: string | null;
  legal_basis: string | null;
  file_name: string | null;
  row_number: number | null;
}

/** Joined, left and moved (the one definition, src/month/changes.ts), then remapped teams' members, in report order. */
export function changeRows(db: DB, period: string, changes: MonthChanges): ChangeRow[] {
  const rows: (ChangeRow & { ord: number })[] = [];
  const ord = { joined: 0, left: 1, moved: 2 } as const;
  for (const l of describeChanges(db, [...changes.joined, ...changes.left, ...changes.moved])) {
    if (l.kind === 'pending') continue;
    rows.push({
      kind: l.kind,
      date: l.date,
      full_name: l.fullName,
      person_id: l.personId,
      ward_code: l.team.wardCode,
      ward_name: l.team.wardName,
      neighbourhood: l.team.neighbourhood,
      from_name: l.fromTeam ? l.fromTeam.label : null,
      legal_basis: null,
      file_name: l.kind === 'left' && l.cause ? l.cause.file : (l.source?.file ?? null),
      row_number: l.kind === 'left' && l.reason !== 'dated' ? null : (l.source?.row ?? null),
      ord: ord[l.kind],
    });
  }
  const remapped = db
    .prepare(
      `SELECT 'remapped' AS kind, substr(e.at, 1, 10) AS date, mb.full_name, mb.person_id, tu.code AS ward_code, coalesce(tu.name, t.unit_text) AS ward_name,
         t.neighbourhood, fu.name AS from_name, e.legal_basis, i.file_name, s.row_number, 3 AS ord
       FROM events e LEFT JOIN members mb ON mb.id = e.member_id LEFT JOIN teams t ON t.id = e.team_id
       LEFT JOIN units tu ON tu.id = coalesce(e.to_unit_id, t.unit_id) LEFT JOIN units fu ON fu.id = e.from_unit_id
       LEFT JOIN source_rows s ON s.id = e.source_row_id LEFT JOIN imports i ON i.id = e.import_id
       WHERE e.period = ? AND e.kind = 'remapped'`,
    )
    .all(period) as (ChangeRow & { ord: number })[];
  rows.push(...remapped);
  const cmp = (a: string | null, b: string | null) => (a ?? '').localeCompare(b ?? '');
  rows.sort((a, b) => a.ord - b.ord || cmp(a.ward_code, b.ward_code) || cmp(a.neighbourhood, b.neighbourhood) || cmp(a.full_name, b.full_name));
  return rows.map(({ ord: _o, ...r }) => r);
}
