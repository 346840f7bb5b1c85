/**
 * Joined, left and moved: the one definition every output uses (the import
 * summary, `diff`, the Biến động sheet, the Tổng hợp counts, `history`).
 *
 * A period's roster is `source_rows WHERE period = ? AND superseded_by IS NULL`.
 * A person listed more than once in it is placed once (PLACED_ROWS): in the team
 * of the earliest import still in force, then file, sheet, row. The changes of
 * a period are judged against the latest earlier period that has rosters:
 *
 * - joined: placed in this period, not in the earlier one (nothing joins in the
 *   first period the database holds: it is the starting point);
 * - moved: placed in both, in another team (a team renamed or moved to another
 *   khu phố keeps its members as moves);
 * - left: placed in the earlier period and not in this one, when this period
 *   says so: a row of this period gives a leaving date, or the person's team
 *   sent its roster without them, or the team was closed from this period;
 * - pending: placed in the earlier period, and their team has not sent this
 *   period's roster yet: neither present nor left.
 *
 * Expected teams (completeness, DECISIONS § Periods): teams with members at the
 * end of the earlier period plus teams with rows in this period, minus teams
 * whose members all moved to other teams, minus teams closed from this period.
 */
import { activeAtSql } from '../roster/left.js';
import type { DB } from '../store/db.js';
import { periodEnd } from '../text/period.js';

/** SQL: the row `s` is a member at the period end (no readable leaving date by then: src/roster/left.ts). Parameter: @end. */
export const ACTIVE_ROW = `(${activeAtSql('s.left_on', '@end')})`;

/**
 * SQL: ids of the rows that place each person of the period once (the first
 * active row by import, then row order). Parameters: @period, @end.
 */
export const PLACED_ROWS = `SELECT id FROM (
  SELECT s.id, row_number() OVER (PARTITION BY coalesce(s.member_id, -s.id) ORDER BY s.import_id, s.id) AS k
  FROM source_rows s
  WHERE s.period = @period AND s.superseded_by IS NULL AND s.team_id IS NOT NULL AND ${ACTIVE_ROW}
) WHERE k = 1`;

/** SQL: the row `s` is in force in the period, in a team, and a member at its end (the rows PLACED_ROWS chooses from). Parameters: @period, @end. */
const LIVE_ROW = `s.period = @period AND s.superseded_by IS NULL AND s.team_id IS NOT NULL AND ${ACTIVE_ROW}`;

/** The people with a member id on live rows of the period (each placed once), and how many of them are on more than one. */
function livePeople(db: DB, period: string): { people: number; listedTwice: number } {
  return rememberWhileUnchanged(
    db,
    `livePeople ${period}`,
    () =>
      db
        .prepare(
          `SELECT count(*) AS people, coalesce(sum(n > 1), 0) AS listedTwice
           FROM (SELECT count(*) AS n FROM source_rows s WHERE ${LIVE_ROW} AND s.member_id IS NOT NULL GROUP BY s.member_id)`,
        )
        .get({ period, end: periodEnd(period) }) as { people: number; listedTwice: number },
  );
}

/** People on more than one live row of the period (each is placed once: PLACED_ROWS). */
export function listedTwice(db: DB, period: string): number {
  return livePeople(db, period).listedTwice;
}

/**
 * SQL condition on `s`: the row places its person in the period, as `s.id IN (PLACED_ROWS)` says.
 * When nobody is on two live rows (the usual month), every live row is its person's first, and the
 * condition is the plain filter: no window over the whole period, no second look-up of each row.
 * Parameters: @period, @end.
 */
export function placedRowsWhere(db: DB, period: string): string {
  return listedTwice(db, period) === 0 ? `(${LIVE_ROW})` : `s.id IN (${PLACED_ROWS})`;
}

export interface Placement {
  memberId: number;
  teamId: number;
  rowId: number;
  importId: number;
}

export type ChangeKind = 'joined' | 'left' | 'moved' | 'pending';

export interface Change {
  kind: ChangeKind;
  memberId: number;
  /** joined, moved: the team now; left, pending: the team the person was in. */
  teamId: number;
  /** moved: the earlier team. */
  fromTeamId: number | null;
  /** The row that shows the change: this period's row (joined, moved, a leaving date), else the last row that listed the person. */
  rowId: number | null;
  /** The import that caused it: the one that listed the person, or that sent the team's roster without them. */
  importId: number | null;
  /** left: why. */
  reason?: 'dated' | 'absent' | 'closed';
}

export interface TeamStatus {
  expected: number[];
  submitted: number[];
  missing: number[];
  /** Teams whose members all moved to other teams ("Đã chuyển thành …"). */
  movedAway: { teamId: number; to: number[] }[];
  closed: number[];
}

export interface MonthChanges {
  period: string;
  /** The latest earlier period with rosters, or null (this is the starting point). */
  previous: string | null;
  joined: Change[];
  left: Change[];
  moved: Change[];
  pending: Change[];
  unchanged: number;
  counts: { joined: number; left: number; moved: number; pending: number; unchanged: number; members: number };
  teams: TeamStatus;
}

/** The latest period before `period` that has rows in force, or null. */
export function previousPeriod(db: DB, period: string): string | null {
  const r = db.prepare('SELECT max(period) AS p FROM source_rows WHERE period < ? AND superseded_by IS NULL').get(period) as { p: string | null };
  return r.p;
}

/** Periods that have rows in force, oldest first. */
export function rosterPeriods(db: DB): string[] {
  return db.prepare('SELECT DISTINCT period FROM source_rows WHERE superseded_by IS NULL ORDER BY period').pluck().all() as string[];
}

/** Everyone placed in the period, by member id. */
export function placements(db: DB, period: string): Map<number, Placement> {
  const out = new Map<number, Placement>();
  const rows = db
    .prepare(`SELECT s.member_id, s.team_id, s.id, s.import_id FROM source_rows s WHERE ${placedRowsWhere(db, period)} AND s.member_id IS NOT NULL ORDER BY s.id`)
    .raw()
    .all({ period, end: periodEnd(period) }) as [number, number, number, number][];
  for (const [memberId, teamId, rowId, importId] of rows) out.set(memberId, { memberId, teamId, rowId, importId });
  return out;
}

/** Rows of the period that give a leaving date within it (first per member), for people not placed. */
function datedLeavers(db: DB, period: string): Map<number, Placement> {
  const out = new Map<number, Placement>();
  const rows = db
    .prepare(
      `SELECT s.member_id, s.team_id, s.id, s.import_id FROM source_rows s
       WHERE s.period = @period AND s.superseded_by IS NULL AND s.member_id IS NOT NULL AND s.team_id IS NOT NULL AND NOT ${ACTIVE_ROW}
       ORDER BY s.import_id, s.id`,
    )
    .raw()
    .all({ period, end: periodEnd(period) }) as [number, number, number, number][];
  for (const [memberId, teamId, rowId, importId] of rows) if (!out.has(memberId)) out.set(memberId, { memberId, teamId, rowId, importId });
  return out;
}

/** Teams with rows in force in the period, each with the latest import that sent it. */
export function submittedTeams(db: DB, period: string): Map<number, number> {
  const rows = db
    .prepare('SELECT team_id, max(import_id) FROM source_rows WHERE period = ? AND superseded_by IS NULL AND team_id IS NOT NULL GROUP BY team_id')
    .raw()
    .all(period) as [number, number][];
  return new Map(rows);
}

/** Teams closed with `roster teams close`, with the first period they no longer exist in. */
export function closedTeams(db: DB): Map<number, string> {
  const rows = db.prepare("SELECT team_id, min(period) FROM events WHERE kind = 'closed' AND team_id IS NOT NULL GROUP BY team_id").raw().all() as [number, string][];
  return new Map(rows);
}

export interface ClassifyContext {
  /** The earlier period exists (else nothing joins). */
  hasPrevious: boolean;
  /** This period's row with a leaving date, for a person not placed. */
  leftRow?: Placement;
  /** The import that sent the team's roster this period, if any. */
  submittedBy(teamId: number): number | undefined;
  /** The team is closed in this period. */
  closed(teamId: number): boolean;
}

/** The one rule: what happened to a person between the earlier period (`prev`) and this one (`cur`). null: nothing. */
export function classify(memberId: number, prev: Placement | undefined, cur: Placement | undefined, c: ClassifyContext): Change | null {
  if (cur) {
    if (!prev) return c.hasPrevious ? { kind: 'joined', memberId, teamId: cur.teamId, fromTeamId: null, rowId: cur.rowId, importId: cur.importId } : null;
    if (prev.teamId === cur.teamId) return null;
    return { kind: 'moved', memberId, teamId: cur.teamId, fromTeamId: prev.teamId, rowId: cur.rowId, importId: cur.importId };
  }
  if (!prev) return null;
  if (c.leftRow) return { kind: 'left', memberId, teamId: prev.teamId, fromTeamId: null, rowId: c.leftRow.rowId, importId: c.leftRow.importId, reason: 'dated' };
  const by = c.submittedBy(prev.teamId);
  if (by !== undefined) return { kind: 'left', memberId, teamId: prev.teamId, fromTeamId: null, rowId: prev.rowId, importId: by, reason: 'absent' };
  if (c.closed(prev.teamId)) return { kind: 'left', memberId, teamId: prev.teamId, fromTeamId: null, rowId: prev.rowId, importId: null, reason: 'closed' };
  return { kind: 'pending', memberId, teamId: prev.teamId, fromTeamId: null, rowId: prev.rowId, importId: null };
}

/**
 * The changes of a period and the completeness of its rosters, against the
 * latest earlier period with rosters (or `against`, for `diff --from`).
 */
export function monthChanges(db: DB, period: string, against?: string): MonthChanges {
  // Validation, --accept-missing and the workbook each ask for the same month: computed once while the database is unchanged.
  return rememberWhileUnchanged(db, `monthChanges ${period} ${against ?? ''}`, () => computeMonthChanges(db, period, against));
}

/** What was worked out on each connection, by question, and the state of the database it was worked out from. */
const remembered = new WeakMap<DB, { state: string; answers: Map<string, unknown> }>();

/** `compute()`, or its answer from an earlier call with the same `question` while the database has not changed since. */
function rememberWhileUnchanged<T>(db: DB, question: string, compute: () => T): T {
  const state = `${db.pragma('data_version', { simple: true })} ${db.prepare('SELECT total_changes()').pluck().get()}`;
  let r = remembered.get(db);
  if (r?.state !== state) {
    r = { state, answers: new Map() };
    remembered.set(db, r);
  }
  if (r.answers.has(question)) return r.answers.get(question) as T;
  const answer = compute();
  r.answers.set(question, answer);
  return answer;
}

function computeMonthChanges(db: DB, period: string, against?: string): MonthChanges {
  const previous = against ?? previousPeriod(db, period);
  return previous === null ? startingPoint(db, period) : classifyMonth(db, period, previous);
}

/**
 * The changes of the first period the database holds, without placing each person: nothing
 * joins, leaves or moves (classify with no earlier period), and every team that sent a roster
 * is expected. Only the people are counted.
 */
function startingPoint(db: DB, period: string): MonthChanges {
  const submitted = [...submittedTeams(db, period).keys()].sort((a, b) => a - b);
  // Each person with a member id on a live row is placed once (PLACED_ROWS).
  const members = livePeople(db, period).people;
  return {
    period,
    previous: null,
    joined: [],
    left: [],
    moved: [],
    pending: [],
    unchanged: 0,
    counts: { joined: 0, left: 0, moved: 0, pending: 0, unchanged: 0, members },
    teams: { expected: submitted, submitted: [...submitted], missing: [], movedAway: [], closed: [] },
  };
}

/** The changes of a period against an earlier one (or none: the general rule that startingPoint shortens), person by person. */
export function classifyMonth(db: DB, period: string, previous: string | null): MonthChanges {
  const cur = placements(db, period);
  const prev = previous ? placements(db, previous) : new Map<number, Placement>();
  const dated = datedLeavers(db, period);
  const submitted = submittedTeams(db, period);
  const closures = closedTeams(db);
  const isClosed = (t: number) => {
    const from = closures.get(t);
    return from !== undefined && from <= period;
  };
  const out: MonthChanges = {
    period,
    previous,
    joined: [],
    left: [],
    moved: [],
    pending: [],
    unchanged: 0,
    counts: { joined: 0, left: 0, moved: 0, pending: 0, unchanged: 0, members: cur.size },
    teams: { expected: [], submitted: [...submitted.keys()].sort((a, b) => a - b), missing: [], movedAway: [], closed: [] },
  };
  const base = { hasPrevious: previous !== null, submittedBy: (t: number) => submitted.get(t), closed: isClosed };
  const push = (c: Change | null) => {
    if (c) out[c.kind].push(c);
  };
  for (const [id, p] of cur) {
    const c = classify(id, prev.get(id), p, base);
    if (c) push(c);
    else if (prev.has(id)) out.unchanged++;
  }
  for (const [id, p] of prev) if (!cur.has(id)) push(classify(id, p, undefined, { ...base, leftRow: dated.get(id) }));

  // Completeness: the teams of the earlier period, and where their people went.
  const prevTeams = new Map<number, number[]>();
  for (const p of prev.values()) {
    const l = prevTeams.get(p.teamId);
    if (l) l.push(p.memberId);
    else prevTeams.set(p.teamId, [p.memberId]);
  }
  const expected = new Set<number>(submitted.keys());
  for (const [team, members] of prevTeams) {
    if (submitted.has(team)) continue;
    if (isClosed(team)) {
      out.teams.closed.push(team);
      continue;
    }
    const to = new Set<number>();
    let allMoved = true;
    for (const m of members) {
      const c = cur.get(m);
      if (c && c.teamId !== team) to.add(c.teamId);
      else allMoved = false;
    }
    if (allMoved) out.teams.movedAway.push({ teamId: team, to: [...to].sort((a, b) => a - b) });
    else expected.add(team);
  }
  out.teams.expected = [...expected].sort((a, b) => a - b);
  out.teams.missing = out.teams.expected.filter((t) => !submitted.has(t));
  out.teams.closed.sort((a, b) => a - b);
  out.counts = { joined: out.joined.length, left: out.left.length, moved: out.moved.length, pending: out.pending.length, unchanged: out.unchanged, members: cur.size };
  return out;
}

/** One person's changes over every period with rosters (history), by the same rule as monthChanges. */
export function memberChanges(db: DB, memberId: number): (Change & { period: string })[] {
  const periods = rosterPeriods(db);
  // PLACED_ROWS for one person: the window is partitioned by person, so their first active row by
  // (import, row) is their placement, read through the member index instead of the whole period.
  const placedQ = db.prepare(
    `SELECT s.team_id, s.id, s.import_id FROM source_rows s
     WHERE s.period = @period AND s.superseded_by IS NULL AND s.member_id = @member AND s.team_id IS NOT NULL AND ${ACTIVE_ROW}
     ORDER BY s.import_id, s.id LIMIT 1`,
  );
  const datedQ = db.prepare(
    `SELECT s.team_id, s.id, s.import_id FROM source_rows s
     WHERE s.period = @period AND s.superseded_by IS NULL AND s.member_id = @member AND s.team_id IS NOT NULL AND NOT ${ACTIVE_ROW}
     ORDER BY s.import_id, s.id LIMIT 1`,
  );
  const byQ = db.prepare('SELECT max(import_id) FROM source_rows WHERE period = ? AND superseded_by IS NULL AND team_id = ?').pluck();
  const closures = closedTeams(db);
  const at = (period: string): Placement | undefined => {
    const r = placedQ.raw().get({ period, end: periodEnd(period), member: memberId }) as [number, number, number] | undefined;
    return r ? { memberId, teamId: r[0], rowId: r[1], importId: r[2] } : undefined;
  };
  const out: (Change & { period: string })[] = [];
  let prev: Placement | undefined;
  periods.forEach((period, k) => {
    const cur = at(period);
    const d = cur ? undefined : (datedQ.raw().get({ period, end: periodEnd(period), member: memberId }) as [number, number, number] | undefined);
    const c = classify(memberId, prev, cur, {
      hasPrevious: k > 0,
      leftRow: d ? { memberId, teamId: d[0], rowId: d[1], importId: d[2] } : undefined,
      submittedBy: (t) => (byQ.get(period, t) as number | null) ?? undefined,
      closed: (t) => {
        const from = closures.get(t);
        return from !== undefined && from <= period;
      },
    });
    if (c) out.push({ ...c, period });
    prev = cur;
  });
  return out;
}
