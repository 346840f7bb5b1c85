/**
 * The imports a database holds, and taking one back (`roster imports remove`):
 * an import is one file of one invocation. Removing it deletes its rows for
 * the period, restores the rows it had superseded, rebuilds the memberships of
 * the people it touched, and records the removal in history. Only an import
 * still in force can be removed: one superseded by a later import of the same
 * team and period must wait until the later one is removed.
 */
import { InputError, UsageError } from '../errors.js';
import type { DB } from '../store/db.js';
import { msg } from '../text/i18n.js';
import { recomputeMemberships, restoreMemberFields } from './memberships.js';

export interface ImportLine {
  id: number;
  period: string;
  mode: string;
  file: string;
  sheet: string | null;
  sha256: string;
  /** Rows still in force. */
  rows: number;
  /** Rows a later import of the same teams replaced. */
  superseded: number;
  /** The later imports that replaced some of its rows. */
  supersededBy: number[];
  importedAt: string;
}

export function listImports(db: DB, period?: string): ImportLine[] {
  const rows = db
    .prepare(
      `SELECT i.id, i.period, i.mode, i.file_name AS file, i.sheet, i.file_sha256 AS sha256, i.imported_at AS importedAt,
         (SELECT count(*) FROM source_rows s WHERE s.import_id = i.id AND s.superseded_by IS NULL) AS rows,
         (SELECT count(*) FROM source_rows s WHERE s.import_id = i.id AND s.superseded_by IS NOT NULL) AS superseded,
         (SELECT group_concat(DISTINCT s.superseded_by) FROM source_rows s WHERE s.import_id = i.id AND s.superseded_by IS NOT NULL) AS by
       FROM imports i ${period ? 'WHERE i.period = ?' : ''} ORDER BY i.period, i.id`,
    )
    .all(...(period ? [period] : [])) as (Omit<ImportLine, 'supersededBy'> & { by: string | null })[];
  return rows.map(({ by, ...r }) => ({
    ...r,
    supersededBy: by
      ? by
          .split(',')
          .map(Number)
          .sort((a, b) => a - b)
      : [],
  }));
}

export interface RemoveResult {
  import: ImportLine;
  rowsRemoved: number;
  rowsRestored: number;
  membersTouched: number;
  dryRun: boolean;
}

/** Undoes one import in one transaction (rolled back with dryRun). */
export function removeImport(db: DB, id: number, o: { dryRun: boolean; now: () => Date }): RemoveResult {
  const line = listImports(db).find((x) => x.id === id);
  if (!line) {
    throw new InputError(msg(`Không có lần nhập số ${id}.`, `There is no import ${id}.`), msg('Xem danh sách bằng "roster imports".', 'See the list with "roster imports".'));
  }
  if (line.supersededBy.length > 0) {
    const later = line.supersededBy.join(', ');
    throw new UsageError(
      msg(
        `Lần nhập ${id} (${line.file}, kỳ ${line.period}) đã bị lần nhập sau (${later}) của cùng tổ và kỳ thay thế: hãy hủy lần nhập sau trước.`,
        `Import ${id} (${line.file}, ${line.period}) was replaced by a later import of the same team and period (${later}): remove the later one first.`,
      ),
      msg(
        `Ví dụ: roster imports remove ${line.supersededBy[line.supersededBy.length - 1]}`,
        `For example: roster imports remove ${line.supersededBy[line.supersededBy.length - 1]}`,
      ),
    );
  }
  db.exec('BEGIN IMMEDIATE');
  try {
    const members = new Set<number>(
      db.prepare('SELECT DISTINCT member_id FROM source_rows WHERE (import_id = ? OR superseded_by = ?) AND member_id IS NOT NULL').pluck().all(id, id) as number[],
    );
    const teams = db.prepare('SELECT DISTINCT team_id FROM source_rows WHERE import_id = ? AND team_id IS NOT NULL').pluck().all(id) as number[];
    const restored = db.prepare('UPDATE source_rows SET superseded_by = NULL WHERE superseded_by = ?').run(id).changes;
    // Its updates are undone below (the member's fields come back from the rows that remain): their events go with them.
    db.prepare("DELETE FROM events WHERE import_id = ? AND kind = 'updated'").run(id);
    db.prepare('UPDATE events SET source_row_id = NULL WHERE source_row_id IN (SELECT id FROM source_rows WHERE import_id = ?)').run(id);
    db.prepare('UPDATE events SET import_id = NULL WHERE import_id = ?').run(id);
    db.prepare('UPDATE teams SET created_import_id = NULL WHERE created_import_id = ?').run(id);
    db.prepare('DELETE FROM memberships WHERE source_row_id IN (SELECT id FROM source_rows WHERE import_id = ?) OR last_import_id = ?').run(id, id);
    const removed = db.prepare('DELETE FROM source_rows WHERE import_id = ?').run(id).changes;
    db.prepare('DELETE FROM imports WHERE id = ?').run(id);
    recomputeMemberships(db, members);
    restoreMemberFields(db, members);
    // In history: once per team the import listed (`history --team` shows it), or once when it listed none.
    const details = JSON.stringify({
      import: id,
      file: line.file,
      sheet: line.sheet,
      sha256: line.sha256,
      importedAt: line.importedAt,
      rowsRemoved: removed,
      rowsRestored: restored,
    });
    const ev = db.prepare(`INSERT INTO events (at, period, kind, team_id, decided_by, details_json) VALUES (?, ?, 'import-removed', ?, 'imports-remove', ?)`);
    for (const t of teams.length ? teams : [null]) ev.run(o.now().toISOString(), line.period, t, details);
    if (o.dryRun) db.exec('ROLLBACK');
    else db.exec('COMMIT');
    return { import: line, rowsRemoved: removed, rowsRestored: restored, membersTouched: members.size, dryRun: o.dryRun };
  } catch (e) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw e;
  }
}
