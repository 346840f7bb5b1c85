/**
 * Erasing a person's personal data on request (Personal Data Protection Law
 * 91/2025/QH15). The person stays as an anonymous row so that past monthly
 * counts do not change: gender and birth year are kept, everything that
 * identifies them (name, ID, full date of birth, phone, e-mail, organisation,
 * notes) is removed from members and from every stored roster row. The purge
 * itself is recorded in history.
 */
import fs from 'node:fs';
import path from 'node:path';
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
    const rows = db.prepare('SELECT id FROM members WHERE purged_at IS NULL AND (person_id = ? OR person_key = ? OR CAST(id AS TEXT) = ?)').all(m, `id:${m}`, m) as {
      id: number;
    }[];
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

/** What identifies the planned people, read before the purge: to look for them in backups. */
export function identifyingValues(db: DB, plan: PurgePlan): string[] {
  const values = new Set<string>();
  const m = db.prepare('SELECT person_id, full_name, phone, email FROM members WHERE id = ?');
  const r = db.prepare('SELECT DISTINCT person_id, full_name, phone, email FROM source_rows WHERE member_id = ?');
  for (const id of plan.memberIds) {
    for (const row of [m.get(id), ...r.all(id)] as ({ person_id: string | null; full_name: string | null; phone: string | null; email: string | null } | undefined)[]) {
      if (!row) continue;
      for (const v of [row.person_id, row.full_name, row.phone, row.email]) if (v && v.length >= 6 && v !== PURGED_NAME) values.add(v);
    }
  }
  return [...values];
}

/**
 * Backups beside the database (`*.bak`, written before a migration) that
 * still hold any of `values`, byte for byte (UTF-8, NFC and NFD).
 */
export function backupsHolding(dbFile: string, values: string[]): string[] {
  const dir = path.dirname(path.resolve(dbFile));
  const needles = values.flatMap((v) => [...new Set([v.normalize('NFC'), v.normalize('NFD')])].map((x) => Buffer.from(x, 'utf8')));
  const found: string[] = [];
  let names: string[] = [];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return found;
  }
  for (const n of names.filter((x) => x.endsWith('.bak')).sort()) {
    const f = path.join(dir, n);
    try {
      if (!fs.statSync(f).isFile()) continue;
      const bytes = fs.readFileSync(f);
      if (needles.some((b) => bytes.includes(b))) found.push(f);
    } catch {
      // unreadable: not ours to judge
    }
  }
  return found;
}

/**
 * Leaves no bytes of erased values in the file or its WAL: the pages freed by
 * the purge were zeroed (secure_delete), the WAL is copied back and
 * truncated, and VACUUM rewrites the file without free pages.
 */
export function scrubFile(db: DB): void {
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.exec('VACUUM');
  db.pragma('wal_checkpoint(TRUNCATE)');
}

/** Applies the plan in one transaction, then scrubs the file (scrubFile). */
export function applyPurge(db: DB, plan: PurgePlan, at: string): void {
  db.pragma('secure_delete = ON');
  const member = db.prepare(
    `UPDATE members SET person_key = 'purged:' || id, person_id = NULL, full_name = ?, dob = substr(dob, 1, 4),
       phone = NULL, email = NULL, organisation = NULL, purged_at = ? WHERE id = ?`,
  );
  const rows = db.prepare(
    `UPDATE source_rows SET full_name = ?, person_id = NULL, dob = substr(dob, 1, 4), phone = NULL, email = NULL,
       organisation = NULL, notes = NULL WHERE member_id = ?`,
  );
  // History keeps what happened, not what the person's data was.
  const details = db.prepare('UPDATE events SET details_json = NULL WHERE member_id = ?');
  const event = db.prepare("INSERT INTO events (at, kind, member_id, decided_by, details_json) VALUES (?, 'purged', ?, 'request', ?)");
  db.transaction(() => {
    for (const id of plan.memberIds) {
      member.run(PURGED_NAME, at, id);
      rows.run(PURGED_NAME, id);
      details.run(id);
      event.run(at, id, JSON.stringify({ kept: ['gender', 'birth year', 'memberships'] }));
    }
  })();
  scrubFile(db);
}
