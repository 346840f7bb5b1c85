/** The stored roster row as the engine reads it: one column list, one mapper, reads by id. */
import type { DB } from '../../store/db.js';
import type { RosterRow } from '../rule.js';

/** The period's roster as a WHERE clause over source_rows, and its parameters. */
export interface RosterScope {
  where: string;
  params: unknown[];
}

export function rosterScope(period: string): RosterScope {
  return { where: 'period = ? AND superseded_by IS NULL', params: [period] };
}

export const ROW_COLUMNS =
  'id, import_id, row_number, full_name, dob, gender, person_id, phone, email, role, neighbourhood, ward, ward_code, district, joined_on, left_on, repairs, unit_id, unit_status, team_id, member_id';

type RawRow = [
  number, number, number, string | null, string | null, string | null, string | null, string | null, string | null, string | null,
  string | null, string | null, string | null, string | null, string | null, string | null, string | null, number | null, string | null,
  number | null, number | null,
];

/** A row read raw (ROW_COLUMNS order) as an object: one shape for every row, cheaper than the driver's named rows. */
function rosterRow(a: RawRow): RosterRow {
  return {
    id: a[0], import_id: a[1], row_number: a[2], full_name: a[3], dob: a[4], gender: a[5], person_id: a[6], phone: a[7], email: a[8],
    role: a[9], neighbourhood: a[10], ward: a[11], ward_code: a[12], district: a[13], joined_on: a[14], left_on: a[15], repairs: a[16],
    unit_id: a[17], unit_status: a[18], team_id: a[19], member_id: a[20],
  };
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
