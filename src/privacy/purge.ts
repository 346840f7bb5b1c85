/**
 * Erasing a person's personal data on request (Personal Data Protection Law
 * 91/2025/QH15). The person stays as an anonymous row so that past monthly
 * counts do not change: gender and birth year are kept, everything that
 * identifies them (name, ID, full date of birth, phone, e-mail, organisation,
 * notes) is removed from members and from every stored roster row. The purge
 * itself is recorded in history.
 */
import type { DB } from '../store/db.js';

export interface PurgeTarget {
  /** 12-digit personal ID, or the member id shown by `roster history`. */
  member?: string;
  /** Everyone whose every membership ended before this ISO date. */
  leftBefore?: string;
}

export interface PurgePlan {
  memberIds: number[];
  sourceRows: number;
}

export const PURGED_NAME = '(đã xóa theo yêu cầu)';

export function planPurge(db: DB, t: PurgeTarget): PurgePlan {
  let ids: number[] = [];
  if (t.member !== undefined) {
    const m = t.member.trim();
    const rows = db
      .prepare('SELECT id FROM members WHERE purged_at IS NULL AND (person_id = ? OR person_key = ? OR CAST(id AS TEXT) = ?)')
      .all(m, `id:${m}`, m) as { id: number }[];
    ids = rows.map((r) => r.id);
  } else if (t.leftBefore !== undefined) {
    const rows = db
      .prepare(
        `SELECT m.id FROM members m WHERE m.purged_at IS NULL
           AND EXISTS (SELECT 1 FROM memberships x WHERE x.member_id = m.id)
           AND NOT EXISTS (SELECT 1 FROM memberships x WHERE x.member_id = m.id
             AND (x.status = 'active' OR coalesce(x.left_on, x.left_period || '-01') >= ?))`,
      )
      .all(t.leftBefore) as { id: number }[];
    ids = rows.map((r) => r.id);
  }
  let sourceRows = 0;
  const count = db.prepare('SELECT count(*) AS n FROM source_rows WHERE member_id = ?');
  for (const id of ids) sourceRows += (count.get(id) as { n: number }).n;
  return { memberIds: ids, sourceRows };
}

/** Applies the plan in one transaction. */
export function applyPurge(db: DB, plan: PurgePlan, at: string): void {
  const member = db.prepare(
    `UPDATE members SET person_key = 'purged:' || id, person_id = NULL, full_name = ?, dob = substr(dob, 1, 4),
       phone = NULL, email = NULL, organisation = NULL, purged_at = ? WHERE id = ?`,
  );
  const rows = db.prepare(
    `UPDATE source_rows SET full_name = ?, person_id = NULL, dob = substr(dob, 1, 4), phone = NULL, email = NULL,
       organisation = NULL, notes = NULL WHERE member_id = ?`,
  );
  const event = db.prepare("INSERT INTO events (at, kind, member_id, decided_by, details_json) VALUES (?, 'purged', ?, 'request', ?)");
  db.transaction(() => {
    for (const id of plan.memberIds) {
      member.run(PURGED_NAME, at, id);
      rows.run(PURGED_NAME, id);
      event.run(at, id, JSON.stringify({ kept: ['gender', 'birth year', 'memberships'] }));
    }
  })();
}
