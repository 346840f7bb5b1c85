/** The stored roster row as the engine reads it: one column list, one mapper, reads by id. */
import type { DB } from '../../store/db.js';
import { ROW_COLUMNS, rosterRow, type RawRow, type RosterRow } from '../../roster/row.js';

export { ROW_COLUMNS };

/** The period's roster as a WHERE clause over source_rows, and its parameters. */
export interface RosterScope {
  where: string;
  params: unknown[];
}

export function rosterScope(period: string): RosterScope {
  return { where: 'period = ? AND superseded_by IS NULL', params: [period] };
}

/** Full rows by id, in id order (read 5,000 ids at a time). */
export function rowsByIdReader(db: DB): (ids: readonly number[]) => RosterRow[] {
  const byIdStmt = db.prepare(`SELECT ${ROW_COLUMNS} FROM source_rows WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id`).raw();
  return (ids) => {
    const out: RosterRow[] = [];
    for (let i = 0; i < ids.length; i += 5000) {
      for (const r of byIdStmt.all(JSON.stringify(ids.slice(i, i + 5000))) as RawRow[]) out.push(rosterRow(r));
    }
    return ids.length > 5000 ? out.sort((a, b) => a.id - b.id) : out;
  };
}
