/**
 * What changed, when, and from which file: a member's or a team's events and
 * the roster rows they came from; and the difference between two periods'
 * rosters (joined, left, moved between teams).
 */
import { present } from '../errors.js';
import type { DB } from '../store/db.js';
import { memberChanges, monthChanges, type Change } from '../month/changes.js';
import { describeChanges, teamLabeller, type ChangeLine } from '../month/describe.js';

export interface SourceLine {
  period: string;
  file: string;
  sheet: string | null;
  row: number;
  teamId: number | null;
  team: string;
  role: string | null;
  importedAt: string;
}

export interface EventLine {
  at: string;
  period: string | null;
  kind: string;
  memberId: number | null;
  teamId: number | null;
  team: string | null;
  fromTeam: string | null;
  fromUnit: string | null;
  toUnit: string | null;
  legalBasis: string | null;
  decidedBy: string | null;
  /** The file and row the event came from, when it came from an import (for "left": the last row that listed the person). */
  source: { file: string; sheet: string | null; row: number | null } | null;
  /** "left": the import whose file no longer listed the person. */
  cause?: { importId: number; file: string; sheet: string | null } | null;
  details: unknown;
}

export interface MemberHistory {
  member: { id: number; personId: string | null; fullName: string; dob: string | null; purgedAt: string | null };
  events: EventLine[];
  rows: SourceLine[];
}

export interface TeamHistory {
  team: { id: number; name: string; unit: string | null; originUnit: string | null; neighbourhood: string };
  events: EventLine[];
  /** Roster rows per period. */
  periods: { period: string; rows: number; files: string[] }[];
}

const TEAM_NAME = `(CASE WHEN t.neighbourhood <> '' THEN t.neighbourhood || ', ' ELSE '' END || coalesce(u.name, t.unit_text, ''))`;

export function teamName(db: DB, id: number | null): string | null {
  if (id === null) return null;
  const r = db.prepare(`SELECT ${TEAM_NAME} AS name FROM teams t LEFT JOIN units u ON u.id = t.unit_id WHERE t.id = ?`).get(id) as { name: string } | undefined;
  return r?.name ?? null;
}

function unitLabel(db: DB, id: number | null): string | null {
  if (id === null) return null;
  const r = db.prepare('SELECT name, code, vintage FROM units WHERE id = ?').get(id) as { name: string; code: string; vintage: string } | undefined;
  return r ? `${r.name} (${r.code}, ${r.vintage})` : null;
}

function events(db: DB, where: string, arg: number): EventLine[] {
  const rows = db
    .prepare(
      `SELECT e.*, i.file_name AS file, i.sheet AS sheet, s.row_number AS row
       FROM events e
       LEFT JOIN source_rows s ON s.id = e.source_row_id
       LEFT JOIN imports i ON i.id = coalesce(s.import_id, e.import_id)
       WHERE ${where} ORDER BY e.at, e.id`,
    )
    .all(arg) as Record<string, unknown>[];
  return rows.map((r) => ({
    at: r.at as string,
    period: (r.period as string | null) ?? null,
    kind: r.kind as string,
    memberId: (r.member_id as number | null) ?? null,
    teamId: (r.team_id as number | null) ?? null,
    team: teamName(db, (r.team_id as number | null) ?? null),
    fromTeam: teamName(db, (r.from_team_id as number | null) ?? null),
    fromUnit: unitLabel(db, (r.from_unit_id as number | null) ?? null),
    toUnit: unitLabel(db, (r.to_unit_id as number | null) ?? null),
    legalBasis: (r.legal_basis as string | null) ?? null,
    decidedBy: (r.decided_by as string | null) ?? null,
    source: r.file ? { file: r.file as string, sheet: (r.sheet as string | null) ?? null, row: (r.row as number | null) ?? null } : null,
    details: r.details_json ? safeJson(r.details_json as string) : null,
  }));
}

/**
 * A member's history: joined, left and moved as the reports count them
 * (derived from the rosters in force by src/month/changes.ts, each citing its
 * file, sheet and row), and the recorded events (updates with the fields
 * changed, remaps, purges, closures). Joined/left/moved events recorded by
 * older versions are left out: the derived ones replace them.
 */
export function memberEvents(db: DB, memberId: number): EventLine[] {
  const stored = events(db, 'e.member_id = ?', memberId).filter((e) => !['joined', 'left', 'moved'].includes(e.kind));
  const derived = memberChanges(db, memberId).filter((c) => c.kind !== 'pending');
  const when = db.prepare('SELECT imported_at FROM imports WHERE id = ?').pluck();
  const lines = describeChanges(db, derived).map((l, k): EventLine => {
    const c = present(derived[k], 'the change a history line describes'); // one line per change
    const at = (c.importId !== null ? (when.get(c.importId) as string | undefined) : undefined) ?? '';
    return {
      at,
      period: c.period,
      kind: l.kind,
      memberId,
      teamId: l.team.id,
      team: l.team.label,
      fromTeam: l.fromTeam?.label ?? null,
      fromUnit: null,
      toUnit: null,
      legalBasis: null,
      decidedBy: c.reason === 'closed' ? 'teams-close' : 'import',
      source: l.source ? { file: l.source.file, sheet: l.source.sheet, row: l.source.row } : null,
      cause: l.cause,
      details: c.reason ? { reason: c.reason } : null,
    };
  });
  return [...lines, ...stored].sort((a, b) => (a.period ?? '').localeCompare(b.period ?? '') || a.at.localeCompare(b.at));
}

function safeJson(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return s;
  }
}

/** A member by 12-digit personal ID or by member id; null when there is none. */
export function memberHistory(db: DB, key: string): MemberHistory | null {
  const k = key.trim();
  const m = (
    /^\d{12}$/.test(k)
      ? db.prepare('SELECT * FROM members WHERE person_id = ? OR person_key = ?').get(k, `id:${k}`)
      : /^\d+$/.test(k)
        ? db.prepare('SELECT * FROM members WHERE id = ?').get(Number(k))
        : undefined
  ) as { id: number; person_id: string | null; full_name: string; dob: string | null; purged_at: string | null } | undefined;
  if (!m) return null;
  const rows = db
    .prepare(
      `SELECT s.period, i.file_name AS file, i.sheet, s.row_number AS row, s.team_id, s.role, i.imported_at, ${TEAM_NAME} AS team
       FROM source_rows s JOIN imports i ON i.id = s.import_id
       LEFT JOIN teams t ON t.id = s.team_id LEFT JOIN units u ON u.id = t.unit_id
       WHERE s.member_id = ? ORDER BY s.period, i.imported_at, s.id`,
    )
    .all(m.id) as { period: string; file: string; sheet: string | null; row: number; team_id: number | null; role: string | null; imported_at: string; team: string | null }[];
  return {
    member: { id: m.id, personId: m.person_id, fullName: m.full_name, dob: m.dob, purgedAt: m.purged_at },
    events: memberEvents(db, m.id),
    rows: rows.map((r) => ({ period: r.period, file: r.file, sheet: r.sheet, row: r.row, teamId: r.team_id, team: r.team ?? '', role: r.role, importedAt: r.imported_at })),
  };
}

export function teamHistory(db: DB, id: number): TeamHistory | null {
  const t = db
    .prepare(`SELECT t.id, t.neighbourhood, t.unit_id, t.origin_unit_id, ${TEAM_NAME} AS name FROM teams t LEFT JOIN units u ON u.id = t.unit_id WHERE t.id = ?`)
    .get(id) as { id: number; neighbourhood: string; unit_id: number | null; origin_unit_id: number | null; name: string } | undefined;
  if (!t) return null;
  const periods = db
    .prepare(
      `SELECT s.period, count(*) AS rows, group_concat(DISTINCT i.file_name) AS files FROM source_rows s JOIN imports i ON i.id = s.import_id
       WHERE s.team_id = ? AND s.superseded_by IS NULL GROUP BY s.period ORDER BY s.period`,
    )
    .all(id) as { period: string; rows: number; files: string }[];
  return {
    team: { id: t.id, name: t.name, unit: unitLabel(db, t.unit_id), originUnit: unitLabel(db, t.origin_unit_id), neighbourhood: t.neighbourhood },
    events: events(db, '(e.team_id = ? AND e.member_id IS NULL)', id),
    periods: periods.map((p) => ({ period: p.period, rows: p.rows, files: p.files ? p.files.split(',') : [] })),
  };
}

export interface DiffMember {
  memberId: number;
  personId: string | null;
  fullName: string;
  team: string | null;
  teamId: number | null;
  fromTeam?: string | null;
  fromTeamId?: number | null;
  /** The file, sheet and row that show the change (for "left": the last row that listed the person). */
  source: { file: string; sheet: string | null; row: number } | null;
  /** "left": the file that no longer listed the person. */
  cause?: { file: string; sheet: string | null } | null;
}

export interface PeriodDiff {
  from: string;
  to: string;
  joined: DiffMember[];
  left: DiffMember[];
  moved: DiffMember[];
  /** People of teams that have not sent the later period's roster: neither present nor left. */
  pending: DiffMember[];
  /** Expected teams without a roster in the later period. */
  missingTeams: { teamId: number; team: string }[];
  counts: { joined: number; left: number; moved: number; pending: number; unchanged: number };
}

/** Who joined, left or moved between two periods' rosters: the one definition (src/month/changes.ts). */
export function diffPeriods(db: DB, from: string, to: string): PeriodDiff {
  const c = monthChanges(db, to, from);
  const item = (l: ChangeLine): DiffMember => ({
    memberId: l.memberId,
    personId: l.personId,
    fullName: l.fullName,
    team: l.team.label,
    teamId: l.team.id,
    ...(l.kind === 'moved' ? { fromTeam: l.fromTeam?.label ?? null, fromTeamId: l.fromTeam?.id ?? null } : {}),
    source: l.source ? { file: l.source.file, sheet: l.source.sheet, row: l.source.row } : null,
    ...(l.kind === 'left' ? { cause: l.cause ? { file: l.cause.file, sheet: l.cause.sheet } : null } : {}),
  });
  const list = (cs: Change[]) => describeChanges(db, cs).map(item);
  const label = teamLabeller(db);
  const out: PeriodDiff = {
    from,
    to,
    joined: list(c.joined),
    left: list(c.left),
    moved: list(c.moved),
    pending: list(c.pending),
    missingTeams: c.teams.missing.map((t) => ({ teamId: t, team: label(t).label })),
    counts: { joined: c.counts.joined, left: c.counts.left, moved: c.counts.moved, pending: c.counts.pending, unchanged: c.counts.unchanged },
  };
  return out;
}
