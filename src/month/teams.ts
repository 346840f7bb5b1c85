/**
 * Teams as a clerk sees them (`roster teams`): id, ward, khu phố, members in
 * the latest period that has the team's roster; and closing a dissolved team
 * (`roster teams close TEAM --from PERIOD`): from that period on it is no
 * longer expected, its people count as having left, history keeps them.
 */
import { InputError, UsageError } from '../errors.js';
import type { DB } from '../store/db.js';
import { msg } from '../text/i18n.js';
import { periodEnd } from '../text/period.js';
import { ACTIVE_ROW, closedTeams } from './changes.js';

export interface TeamRow {
  id: number;
  wardCode: string | null;
  ward: string;
  neighbourhood: string;
  level: 'ward' | 'neighbourhood';
  /** The latest period with this team's roster. */
  period: string | null;
  /** People listed (and not left) in that period. */
  members: number;
  /** First period the team is closed in, if closed. */
  closedFrom: string | null;
}

export function listTeams(db: DB): TeamRow[] {
  const rows = db
    .prepare(
      `SELECT t.id, u.code AS wardCode, coalesce(u.name, t.unit_text) AS ward, t.neighbourhood, t.neighbourhood_key AS nk,
         (SELECT max(period) FROM source_rows s WHERE s.team_id = t.id AND s.superseded_by IS NULL) AS period
       FROM teams t LEFT JOIN units u ON u.id = t.unit_id ORDER BY u.code IS NULL, u.code, t.unit_text, t.neighbourhood_key, t.id`,
    )
    .all() as { id: number; wardCode: string | null; ward: string; neighbourhood: string; nk: string; period: string | null }[];
  const count = db
    .prepare(`SELECT count(DISTINCT s.member_id) FROM source_rows s WHERE s.team_id = @team AND s.period = @period AND s.superseded_by IS NULL AND ${ACTIVE_ROW}`)
    .pluck();
  const closed = closedTeams(db);
  return rows.map((r) => ({
    id: r.id,
    wardCode: r.wardCode,
    ward: r.ward,
    neighbourhood: r.neighbourhood,
    level: r.nk === '' ? 'ward' : 'neighbourhood',
    period: r.period,
    members: r.period ? (count.get({ team: r.id, period: r.period, end: periodEnd(r.period) }) as number) : 0,
    closedFrom: closed.get(r.id) ?? null,
  }));
}

export interface CloseResult {
  teamId: number;
  from: string;
  membersLeft: number;
  dryRun: boolean;
}

export function closeTeam(db: DB, teamId: number, from: string, o: { now: () => Date; dryRun?: boolean }): CloseResult {
  if (!db.prepare('SELECT 1 FROM teams WHERE id = ?').get(teamId)) {
    throw new InputError(msg(`Không có tổ ${teamId}.`, `There is no team ${teamId}.`), msg('Xem mã tổ bằng "roster teams".', 'See team ids with "roster teams".'));
  }
  const already = closedTeams(db).get(teamId);
  if (already !== undefined) {
    throw new UsageError(msg(`Tổ ${teamId} đã giải thể từ kỳ ${already}.`, `Team ${teamId} is already closed from ${already}.`));
  }
  const later = db.prepare('SELECT min(period) FROM source_rows WHERE team_id = ? AND period >= ? AND superseded_by IS NULL').pluck().get(teamId, from) as string | null;
  if (later) {
    throw new UsageError(
      msg(`Tổ ${teamId} có danh sách kỳ ${later}, không thể giải thể từ kỳ ${from}.`, `Team ${teamId} has a roster for ${later}; it cannot be closed from ${from}.`),
      msg('Hủy lần nhập đó trước ("roster imports remove ID"), hoặc chọn kỳ sau đó.', 'Remove that import first ("roster imports remove ID"), or close it from a later period.'),
    );
  }
  db.exec('BEGIN IMMEDIATE');
  try {
    const left = db.prepare("UPDATE memberships SET status = 'left', left_period = ? WHERE team_id = ? AND status = 'active'").run(from, teamId).changes;
    db.prepare("INSERT INTO events (at, period, kind, team_id, decided_by, details_json) VALUES (?, ?, 'closed', ?, 'teams-close', ?)").run(
      o.now().toISOString(),
      from,
      teamId,
      JSON.stringify({ membersLeft: left }),
    );
    if (o.dryRun) db.exec('ROLLBACK');
    else db.exec('COMMIT');
    return { teamId, from, membersLeft: left, dryRun: Boolean(o.dryRun) };
  } catch (e) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw e;
  }
}
