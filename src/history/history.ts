/**
 * What changed, when, and from which file: a member's or a team's events and
 * the roster rows they came from; and the difference between two periods'
 * rosters (joined, left, moved between teams).
 */
import type { DB } from '../store/db.js';

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
  /** The file and row the event came from, when it came from an import. */
  source: { file: string; sheet: string | null; row: number | null } | null;
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
    events: events(db, 'e.member_id = ?', m.id),
    rows: rows.map((r) => ({ period: r.period, file: r.file, sheet: r.sheet, row: r.row, teamId: r.team_id, team: r.team ?? '', role: r.role, importedAt: r.imported_at })),
  };
}

export function teamHistory(db: DB, id: number): TeamHistory | null {
  const t = db
    .prepare(
      `SELECT t.id, t.neighbourhood, t.unit_id, t.origin_unit_id, ${TEAM_NAME} AS name FROM teams t LEFT JOIN units u ON u.id = t.unit_id WHERE t.id = ?`,
    )
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
  source: { file: string; sheet: string | null; row: number };
}

export interface PeriodDiff {
  from: string;
  to: string;
  joined: DiffMember[];
  left: DiffMember[];
  moved: DiffMember[];
  counts: { joined: number; left: number; moved: number; unchanged: number };
}

/** Who joined, left or moved between two periods' rosters (by member and team). */
export function diffPeriods(db: DB, from: string, to: string): PeriodDiff {
  const q = db.prepare(
    `SELECT s.member_id, s.team_id, m.person_id, m.full_name, i.file_name AS file, i.sheet, s.row_number AS row
     FROM source_rows s JOIN members m ON m.id = s.member_id JOIN imports i ON i.id = s.import_id
     WHERE s.period = ? AND s.superseded_by IS NULL ORDER BY s.id`,
  );
  type R = { member_id: number; team_id: number | null; person_id: string | null; full_name: string; file: string; sheet: string | null; row: number };
  const load = (p: string) => {
    const map = new Map<number, R>();
    for (const r of q.all(p) as R[]) if (!map.has(r.member_id)) map.set(r.member_id, r);
    return map;
  };
  const a = load(from);
  const b = load(to);
  const names = new Map<number, string | null>();
  const name = (id: number | null) => {
    if (id === null) return null;
    if (!names.has(id)) names.set(id, teamName(db, id));
    return names.get(id) ?? null;
  };
  const item = (r: R): DiffMember => ({
    memberId: r.member_id,
    personId: r.person_id,
    fullName: r.full_name,
    team: name(r.team_id),
    teamId: r.team_id,
    source: { file: r.file, sheet: r.sheet, row: r.row },
  });
  const out: PeriodDiff = { from, to, joined: [], left: [], moved: [], counts: { joined: 0, left: 0, moved: 0, unchanged: 0 } };
  for (const [id, r] of b) {
    const old = a.get(id);
    if (!old) out.joined.push(item(r));
    else if (old.team_id !== r.team_id) out.moved.push({ ...item(r), fromTeam: name(old.team_id), fromTeamId: old.team_id });
    else out.counts.unchanged++;
  }
  for (const [id, r] of a) if (!b.has(id)) out.left.push(item(r));
  out.counts.joined = out.joined.length;
  out.counts.left = out.left.length;
  out.counts.moved = out.moved.length;
  return out;
}
