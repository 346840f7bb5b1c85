/**
 * Memberships rebuilt from the rows in force, for the people an undone import
 * or a closed team touched. A membership is a person's stint in one team: from
 * the first to the last period that lists them there; it has ended ("left")
 * when the last row gives a leaving date, when the team sent a later roster
 * without them, or when the team was closed.
 */
import { hasLeftBy } from '../roster/left.js';
import type { DB } from '../store/db.js';
import { periodEnd } from '../text/period.js';
import { closedTeams } from './changes.js';

interface Row {
  id: number;
  import_id: number;
  period: string;
  team_id: number;
  role: string | null;
  onetouch: number | null;
  joined_on: string | null;
  left_on: string | null;
}

export function recomputeMemberships(db: DB, memberIds: Iterable<number>): void {
  const rowsQ = db.prepare(
    `SELECT id, import_id, period, team_id, role, onetouch, joined_on, left_on FROM source_rows
     WHERE member_id = ? AND superseded_by IS NULL AND team_id IS NOT NULL ORDER BY period, import_id, id`,
  );
  const laterQ = db.prepare('SELECT min(period) FROM source_rows WHERE team_id = ? AND period > ? AND superseded_by IS NULL').pluck();
  const del = db.prepare('DELETE FROM memberships WHERE member_id = ?');
  const ins = db.prepare(
    `INSERT INTO memberships (member_id, team_id, role, onetouch, joined_on, left_on, first_period, last_period, left_period, status, source_row_id, last_import_id)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const closures = closedTeams(db);
  for (const memberId of memberIds) {
    del.run(memberId);
    // Each team's first and last row, in the order of rowsQ.
    const byTeam = new Map<number, { first: Row; last: Row }>();
    for (const r of rowsQ.all(memberId) as Row[]) {
      const seen = byTeam.get(r.team_id);
      if (seen) seen.last = r;
      else byTeam.set(r.team_id, { first: r, last: r });
    }
    for (const [teamId, { first, last }] of byTeam) {
      const dated = hasLeftBy(last.left_on, periodEnd(last.period));
      const later = laterQ.get(teamId, last.period) as string | null;
      const closed = closures.get(teamId);
      const leftPeriod = dated ? last.period : (later ?? (closed !== undefined && closed > last.period ? closed : null));
      const role = last.role === 'leader' || last.role === 'deputy' ? last.role : 'member';
      ins.run(memberId, teamId, role, last.onetouch, last.joined_on, last.left_on, first.period, last.period, leftPeriod, leftPeriod ? 'left' : 'active', last.id, last.import_id);
    }
  }
}

const MEMBER_FIELDS = ['full_name', 'dob', 'gender', 'phone', 'email', 'organisation', 'person_id'] as const;

/**
 * A person's fields as the imports that remain set them: each field takes the
 * value of the latest import whose row gave one (as the import does, one
 * import after another). People with no row left keep their fields.
 */
export function restoreMemberFields(db: DB, memberIds: Iterable<number>): void {
  const latest = MEMBER_FIELDS.map((f) => ({
    f,
    query: db.prepare(`SELECT ${f} FROM source_rows WHERE member_id = ? AND ${f} IS NOT NULL AND ${f} <> '' ORDER BY import_id DESC, id DESC LIMIT 1`).pluck(),
  }));
  for (const id of memberIds) {
    for (const { f, query } of latest) {
      const v = query.get(id) as string | null | undefined;
      if (v !== undefined && v !== null) db.prepare(`UPDATE members SET ${f} = ? WHERE id = ?`).run(v, id);
    }
  }
}
