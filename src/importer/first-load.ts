/**
 * The fast path of a first load: when the database holds no roster rows and no
 * memberships yet, nothing the batch writes can be matched, superseded or
 * marked as left, so the rows and the new memberships need not be written one
 * statement at a time. They are given their ids here (the ids SQLite would
 * give them: one more than the largest, in order) and written a hundred rows
 * per INSERT. Foreign-key checks are off for the load and the whole database
 * is checked once before COMMIT (`checkForeignKeys`), which costs less than a
 * parent lookup per inserted value.
 *
 * What stays one row at a time (src/importer/write.ts): members (a person's
 * key decides whether the row is new), teams, events, and a second row of a
 * person already seen in the batch, before which the buffers are flushed so
 * the row-by-row logic sees every earlier write.
 */
import type { DB } from '../store/db.js';
import { insertRowsSql, STORED_COLUMNS } from '../roster/row.js';

/** Rows per multi-row INSERT. */
const ROWS_PER_STATEMENT = 100;

const MEMBERSHIP_COLUMNS = [
  'id', 'member_id', 'team_id', 'role', 'onetouch', 'joined_on', 'left_on', 'first_period', 'last_period', 'left_period', 'status', 'source_row_id', 'last_import_id',
] as const;

/** Whether the database holds nothing an import could match against: no roster rows and no memberships. */
export function isFirstLoad(db: DB): boolean {
  return db.prepare('SELECT NOT EXISTS (SELECT 1 FROM source_rows) AND NOT EXISTS (SELECT 1 FROM memberships)').pluck().get() === 1;
}

/** A table written in multi-row INSERTs with ids assigned in order. */
class BulkTable {
  private readonly values: unknown[] = [];
  private rows = 0;
  private nextId: number;
  private readonly full;
  private readonly width: number;

  constructor(
    private readonly db: DB,
    private readonly sql: (rows: number) => string,
    table: string,
    width: number,
  ) {
    this.width = width;
    this.nextId = (db.prepare(`SELECT coalesce(max(id), 0) FROM ${table}`).pluck().get() as number) + 1;
    this.full = db.prepare(sql(ROWS_PER_STATEMENT));
  }

  /** Buffers one row (its values without the id, in column order) and returns its id. */
  add(values: readonly unknown[]): number {
    if (values.length !== this.width) throw new Error(`bulk row of ${values.length} values, expected ${this.width}`);
    const id = this.nextId++;
    this.values.push(id);
    for (const v of values) this.values.push(v);
    if (++this.rows === ROWS_PER_STATEMENT) this.flush();
    return id;
  }

  flush(): void {
    if (this.rows === 0) return;
    const st = this.rows === ROWS_PER_STATEMENT ? this.full : this.db.prepare(this.sql(this.rows));
    st.run(this.values);
    this.values.length = 0;
    this.rows = 0;
  }
}

/** The source rows and new memberships of a first load, written in bulk. */
export class FirstLoadBuffer {
  private readonly sourceRows: BulkTable;
  private readonly memberships: BulkTable;

  constructor(db: DB) {
    this.sourceRows = new BulkTable(db, (n) => insertRowsSql(n, true), 'source_rows', STORED_COLUMNS.length);
    const one = `(${MEMBERSHIP_COLUMNS.map(() => '?').join(', ')})`;
    this.memberships = new BulkTable(
      db,
      (n) => `INSERT INTO memberships (${MEMBERSHIP_COLUMNS.join(', ')}) VALUES ${Array(n).fill(one).join(', ')}`,
      'memberships',
      MEMBERSHIP_COLUMNS.length - 1,
    );
  }

  /** A source row's values in STORED_COLUMNS order; returns the row's id. */
  addRow(values: readonly unknown[]): number {
    return this.sourceRows.add(values);
  }

  /** A membership's values in the columns after `id`; returns its id. */
  addMembership(values: readonly unknown[]): number {
    return this.memberships.add(values);
  }

  /** Writes what is buffered: before any read of source_rows or memberships, and at the end of the batch. */
  flush(): void {
    this.sourceRows.flush();
    this.memberships.flush();
  }
}

/** Foreign-key checks off for a first load (outside a transaction, where the pragma has effect); returns the restore. */
export function foreignKeysOffForLoad(db: DB): () => void {
  if (db.inTransaction || !(db.pragma('foreign_keys', { simple: true }) as number)) return () => {};
  db.pragma('foreign_keys = OFF');
  return () => db.pragma('foreign_keys = ON');
}

/** Throws when a row refers to a row that does not exist (the check foreign keys would have made on every insert). */
export function checkForeignKeys(db: DB): void {
  const bad = db.pragma('foreign_key_check') as { table: string; rowid: number; parent: string }[];
  if (bad.length > 0) {
    const b = bad[0];
    throw new Error(`foreign key violation after the load: ${b.table} row ${b.rowid} refers to a missing ${b.parent} (${bad.length} in all)`);
  }
}
