/**
 * The stored roster row: one descriptor of `source_rows` (schema v1) for every
 * module that writes or reads it. The importer's parsed record, the row the
 * rules read, the column lists of the INSERT and of the rules' SELECT, and the
 * mapper of a raw row all live here, so a column is added in one place.
 */
import type { DB } from '../store/db.js';
import { FIELDS, type Field } from './fields.js';

/** The value of each roster field as parsed: text as written or normalised, `onetouch` 1 / 0. */
export type FieldValues = { [F in Field]: F extends 'onetouch' ? number | null : string | null };

/** One roster row after value parsing. Its fields are the field columns of source_rows. */
export interface RosterRecord extends FieldValues {
  row: number;
  /** Tokens like 'person_id:repaired', 'dob:unparsed'. */
  repairs: string[];
  /** The member a prefilled template row stands for (src/importer/template-marker.ts). */
  member_id?: number;
}

export type ColumnType = 'integer' | 'text';

/** How the import filed a row: its unit as resolved, its team and its member. */
export interface Filing {
  unit_id: number | null;
  unit_status: string | null;
  team_id: number | null;
  member_id: number | null;
}

/** Every column of source_rows the import writes, with the row's provenance first. */
export type StoredRow = { import_id: number; period: string; row_number: number } & FieldValues & { repairs: string | null } & Filing;

/** The columns of a stored row, in INSERT order, and their types. */
export const STORED_COLUMNS: readonly { name: keyof StoredRow; type: ColumnType }[] = [
  { name: 'import_id', type: 'integer' },
  { name: 'period', type: 'text' },
  { name: 'row_number', type: 'integer' },
  ...FIELDS.map((name) => ({ name, type: (name === 'onetouch' ? 'integer' : 'text') as ColumnType })),
  { name: 'repairs', type: 'text' },
  { name: 'unit_id', type: 'integer' },
  { name: 'unit_status', type: 'text' },
  { name: 'team_id', type: 'integer' },
  { name: 'member_id', type: 'integer' },
];

/** `INSERT INTO source_rows (…) VALUES (?, …)` over STORED_COLUMNS; `rows` rows per statement. */
export function insertRowsSql(rows = 1): string {
  const one = `(${STORED_COLUMNS.map(() => '?').join(', ')})`;
  return `INSERT INTO source_rows (${STORED_COLUMNS.map((c) => c.name).join(', ')}) VALUES ${Array(rows).fill(one).join(', ')}`;
}

/** The values of a parsed record as stored, in STORED_COLUMNS order. */
export function storedValues(importId: number, period: string, r: RosterRecord, filed: Filing): unknown[] {
  return [
    importId,
    period,
    r.row,
    r.full_name,
    r.dob,
    r.gender,
    r.person_id,
    r.phone,
    r.email,
    r.role,
    r.organisation,
    r.neighbourhood,
    r.ward,
    r.ward_code,
    r.district,
    r.joined_on,
    r.left_on,
    r.onetouch,
    r.notes,
    r.repairs.length ? r.repairs.join(',') : null,
    filed.unit_id,
    filed.unit_status,
    filed.team_id,
    filed.member_id,
  ];
}

/**
 * Writes stored rows given by their columns (missing ones are NULL): the test
 * and bench builders' way of storing rows without the import.
 */
export function sourceRowInserter(db: DB): (row: Partial<StoredRow> & Pick<StoredRow, 'import_id' | 'period' | 'row_number'>) => number {
  const st = db.prepare(insertRowsSql());
  return (row) => Number(st.run(STORED_COLUMNS.map((c) => row[c.name] ?? null)).lastInsertRowid);
}

/** A roster row as stored in source_rows (the columns the rules read). */
export type RosterRow = { id: number; import_id: number; row_number: number } & Omit<FieldValues, 'organisation' | 'onetouch' | 'notes'> & {
    repairs: string | null;
  } & Filing;

/** The SELECT list of a RosterRow, in RawRow order. */
export const ROW_COLUMNS =
  'id, import_id, row_number, full_name, dob, gender, person_id, phone, email, role, neighbourhood, ward, ward_code, district, joined_on, left_on, repairs, unit_id, unit_status, team_id, member_id';

/** A RosterRow read raw (ROW_COLUMNS order). */
export type RawRow = [
  number,
  number,
  number,
  string | null,
  string | null,
  string | null,
  string | null,
  string | null,
  string | null,
  string | null,
  string | null,
  string | null,
  string | null,
  string | null,
  string | null,
  string | null,
  string | null,
  number | null,
  string | null,
  number | null,
  number | null,
];

/** A row read raw (ROW_COLUMNS order) as an object: one shape for every row, cheaper than the driver's named rows. */
export function rosterRow(a: RawRow): RosterRow {
  return {
    id: a[0],
    import_id: a[1],
    row_number: a[2],
    full_name: a[3],
    dob: a[4],
    gender: a[5],
    person_id: a[6],
    phone: a[7],
    email: a[8],
    role: a[9],
    neighbourhood: a[10],
    ward: a[11],
    ward_code: a[12],
    district: a[13],
    joined_on: a[14],
    left_on: a[15],
    repairs: a[16],
    unit_id: a[17],
    unit_status: a[18],
    team_id: a[19],
    member_id: a[20],
  };
}
