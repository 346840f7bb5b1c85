/**
 * What the roster template is filled from: the office, the wards it answers
 * for, the teams the database knows (for the khu phố dropdown and the
 * per-khu-phố sheets) and, with --prefill, each team's members of a period.
 * No exceljs here.
 */
import type { DB } from '../../store/db.js';
import type { RosterRecord } from '../../roster/row.js';
import { ACTIVE_ROW, bounds } from '../measures.js';
import { jurisdictionWards, readOffice, teamOrder, vintageAt, type Office } from '../monthly-data.js';

export interface TemplateTeam {
  id: number;
  wardCode: string;
  wardName: string;
  /** '' for the ward-level team. */
  neighbourhood: string;
  order: string;
}

/** A prefilled member: the stored roster columns the template shows, with the member and team ids. */
export type PrefillRow = Pick<RosterRecord, 'full_name' | 'dob' | 'gender' | 'person_id' | 'phone' | 'email' | 'role' | 'organisation' | 'joined_on' | 'onetouch'> & {
  memberId: number;
  teamId: number;
};

export interface TemplateData {
  office: Office;
  vintage: string;
  wards: { code: string; name: string }[];
  teams: TemplateTeam[];
  /** Teams left out: their ward is retired and they were not remapped yet. */
  retiredTeams: number;
}

/** Wards of the office (current list at `date`) and their teams; `wardCodes` narrows both. */
export function templateData(db: DB, date: string, wardCodes: string[]): TemplateData {
  const office = readOffice(db);
  const vintage = vintageAt(db, date);
  const want = new Set(wardCodes);
  const keep = (code: string) => want.size === 0 || want.has(code);
  const wards = new Map<string, string>();
  const unitQ = db.prepare('SELECT code, name FROM units WHERE id = ?');
  for (const id of jurisdictionWards(db, vintage, office.jurisdiction)) {
    const u = unitQ.get(id) as { code: string; name: string };
    if (keep(u.code)) wards.set(u.code, u.name);
  }
  const rows = db
    .prepare(
      `SELECT t.id, t.neighbourhood, t.neighbourhood_key, u.code, u.name, u.vintage
       FROM teams t JOIN units u ON u.id = t.unit_id`,
    )
    .all() as { id: number; neighbourhood: string; neighbourhood_key: string; code: string; name: string; vintage: string }[];
  const teams: TemplateTeam[] = [];
  let retiredTeams = 0;
  for (const r of rows) {
    if (!keep(r.code)) continue;
    if (r.vintage !== vintage) {
      retiredTeams++;
      continue;
    }
    wards.set(r.code, r.name);
    teams.push({ id: r.id, wardCode: r.code, wardName: r.name, neighbourhood: r.neighbourhood, order: teamOrder(r.neighbourhood_key) });
  }
  teams.sort((a, b) => a.wardCode.localeCompare(b.wardCode) || a.order.localeCompare(b.order) || a.id - b.id);
  const wardList = [...wards].map(([code, name]) => ({ code, name })).sort((a, b) => a.code.localeCompare(b.code));
  return { office, vintage, wards: wardList, teams, retiredTeams };
}

/** Members of each team at the end of `period` (one row per person and team, leader first). */
export function prefillRows(db: DB, period: string): Map<number, PrefillRow[]> {
  const b = bounds(period);
  const rows = db
    .prepare(
      `WITH one AS (
         SELECT min(s.id) AS id FROM source_rows s
         WHERE s.period = @period AND s.superseded_by IS NULL AND s.team_id IS NOT NULL AND s.member_id IS NOT NULL AND ${ACTIVE_ROW}
         GROUP BY s.team_id, s.member_id
       )
       SELECT s.member_id AS memberId, s.team_id AS teamId, coalesce(m.full_name, s.full_name) AS full_name,
         coalesce(m.dob, s.dob) AS dob, coalesce(m.gender, s.gender) AS gender, coalesce(m.person_id, s.person_id) AS person_id,
         coalesce(m.phone, s.phone) AS phone, coalesce(m.email, s.email) AS email, s.role,
         coalesce(m.organisation, s.organisation) AS organisation, s.joined_on, s.onetouch
       FROM one JOIN source_rows s ON s.id = one.id JOIN members m ON m.id = s.member_id
       WHERE m.purged_at IS NULL
       ORDER BY s.team_id, CASE s.role WHEN 'leader' THEN 0 WHEN 'deputy' THEN 1 ELSE 2 END, s.full_name, s.id`,
    )
    .all({ period, end: b.end }) as PrefillRow[];
  const out = new Map<number, PrefillRow[]>();
  for (const r of rows) {
    const list = out.get(r.teamId) ?? [];
    list.push(r);
    out.set(r.teamId, list);
  }
  return out;
}

/** Whether any roster was imported for `period`. */
export function hasRosters(db: DB, period: string): boolean {
  return db.prepare('SELECT 1 FROM imports WHERE period = ? LIMIT 1').get(period) !== undefined;
}
