/**
 * Opening the SQLite file: owner-only permissions on creation, WAL, foreign
 * keys, a busy timeout for a second clerk, and forward migrations after a
 * backup copy beside the file.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { InputError } from '../errors.js';
import { msg } from '../text/i18n.js';
import { migrations, SCHEMA_VERSION } from './migrations/index.js';

export type DB = Database.Database;

export interface OpenOptions {
  /** Create the file when it does not exist (init, demo). */
  create?: boolean;
  readonly?: boolean;
  /** Clock for backup names. */
  now?: () => Date;
  /** Milliseconds to wait for another process holding the write lock (default DEFAULT_BUSY_TIMEOUT_MS). */
  busyTimeoutMs?: number;
  /**
   * Fault injection for tests (ROSTER_FAULT, from the command's Context settings):
   * `sqlite-full` lets the file grow by no page, as a full disk would.
   */
  fault?: string;
}

/** `PRAGMA application_id` of a roster database: "ROST". */
export const APPLICATION_ID = 0x524f5354;

/** Tables of schema v1: a file with all of them and no application_id is a roster database from before the id. */
const V1_TABLES = ['office', 'unit_lists', 'units', 'successions', 'imports', 'teams', 'members', 'source_rows', 'memberships', 'events'];

export interface OpenedStore {
  db: DB;
  created: boolean;
  /** Set when an older file was migrated forward: where its backup went. */
  backup?: string;
}

function notADatabase(file: string): InputError {
  return new InputError(
    msg(`Tệp ${file} không phải là cơ sở dữ liệu roster hoặc đã bị hỏng.`, `${file} is not a roster database or is damaged.`),
    msg('Kiểm tra đường dẫn --db, hoặc tạo tệp mới bằng "roster init".', 'Check the --db path, or create a new file with "roster init".'),
    file,
  );
}

/** Default wait for the write lock; the CLI's ROSTER_BUSY_TIMEOUT_MS setting overrides it (tests, slow shared disks). */
export const DEFAULT_BUSY_TIMEOUT_MS = 5000;

type Identity = { kind: 'empty' } | { kind: 'roster'; version: number; hasId: boolean };

function emptyFile(file: string): InputError {
  return new InputError(
    msg(`Tệp ${file} rỗng (0 byte), chưa phải là cơ sở dữ liệu roster.`, `${file} is empty (0 bytes); it is not a roster database yet.`),
    msg('Chạy "roster init --db ..." để tạo cơ sở dữ liệu, hoặc chỉ đúng tệp bằng --db.', 'Run "roster init --db ..." to create the database, or point --db at the right file.'),
    file,
  );
}

function foreign(file: string, why: { vi: string; en: string }): InputError {
  return new InputError(
    msg(
      `Tệp ${file} là cơ sở dữ liệu SQLite của chương trình khác (${why.vi}); roster không đụng đến nó.`,
      `${file} is another program's SQLite database (${why.en}); roster leaves it alone.`,
    ),
    msg('Kiểm tra đường dẫn --db, hoặc tạo tệp mới bằng "roster init --db TỆP-MỚI".', 'Check the --db path, or create a new file with "roster init --db NEW-FILE".'),
    file,
  );
}

/**
 * Recognises the file before anything writes to it: the SQLite header, then a
 * read-only look at application_id, user_version and the tables. A foreign
 * SQLite file is refused here, unchanged (not even switched to WAL).
 */
function identify(file: string, create: boolean): Identity {
  const st = fs.statSync(file);
  if (!st.isFile()) throw notADatabase(file);
  if (st.size === 0) {
    if (create) return { kind: 'empty' };
    throw emptyFile(file);
  }
  const head = Buffer.alloc(100);
  const fd = fs.openSync(file, 'r');
  let n: number;
  try {
    n = fs.readSync(fd, head, 0, 100, 0);
  } finally {
    fs.closeSync(fd);
  }
  if (n < 100 || head.toString('latin1', 0, 16) !== 'SQLite format 3\0') throw notADatabase(file);
  const headerId = head.readUInt32BE(68);
  if (headerId !== 0 && headerId !== APPLICATION_ID) throw foreign(file, { vi: `application_id ${headerId}`, en: `application_id ${headerId}` });
  let ro: DB;
  try {
    ro = new Database(file, { readonly: true, fileMustExist: true });
  } catch (e) {
    if (isNotADatabase(e)) throw notADatabase(file);
    throw e;
  }
  try {
    // The WAL may hold a newer page 1 than the header bytes: ask SQLite.
    const appId = ro.pragma('application_id', { simple: true }) as number;
    const version = ro.pragma('user_version', { simple: true }) as number;
    if (appId === APPLICATION_ID) return { kind: 'roster', version, hasId: true };
    if (appId !== 0) throw foreign(file, { vi: `application_id ${appId}`, en: `application_id ${appId}` });
    const tables = new Set((ro.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((r) => r.name));
    if (tables.size === 0 && version === 0) {
      if (create) return { kind: 'empty' };
      throw emptyFile(file);
    }
    if (version >= 1 && V1_TABLES.every((t) => tables.has(t))) return { kind: 'roster', version, hasId: false };
    throw foreign(file, { vi: `không có các bảng của roster, user_version ${version}`, en: `no roster tables, user_version ${version}` });
  } catch (e) {
    if (e instanceof InputError) throw e;
    if (isNotADatabase(e)) throw notADatabase(file);
    throw e;
  } finally {
    ro.close();
  }
}

export function openStore(file: string, opts: OpenOptions = {}): OpenedStore {
  const exists = fs.existsSync(file);
  if (!exists && !opts.create) {
    throw new InputError(
      msg(`Chưa có cơ sở dữ liệu ${file}.`, `There is no database at ${file}.`),
      msg('Tạo nó bằng "roster init", hoặc chỉ đúng tệp bằng --db.', 'Create it with "roster init", or point --db at the right file.'),
      file,
    );
  }
  if (exists && fs.statSync(file).isDirectory()) throw notADatabase(file);
  const id = exists ? identify(file, Boolean(opts.create)) : ({ kind: 'empty' } as Identity);
  const version = id.kind === 'roster' ? id.version : 0;
  if (version > SCHEMA_VERSION) {
    throw new InputError(
      msg(
        `Tệp ${file} dùng lược đồ phiên bản ${version}, mới hơn phiên bản roster này hỗ trợ (${SCHEMA_VERSION}).`,
        `${file} uses schema version ${version}, newer than this roster supports (${SCHEMA_VERSION}).`,
      ),
      msg('Cập nhật roster lên bản mới nhất.', 'Update roster to the latest version.'),
      file,
    );
  }
  if (!exists) {
    fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    // Create the file ourselves so that it is owner-only from its first byte.
    fs.closeSync(fs.openSync(file, 'wx', 0o600));
  }
  // Read-only commands stay read-only unless the file must be migrated forward.
  const readonly = (opts.readonly ?? false) && version === SCHEMA_VERSION;
  let db: DB;
  try {
    db = new Database(file, { readonly, fileMustExist: true });
    db.pragma(`busy_timeout = ${opts.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS}`);
    if (!readonly) db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('synchronous = NORMAL');
    if (!readonly && opts.fault === 'sqlite-full') db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`);
  } catch (e) {
    if (isNotADatabase(e)) throw notADatabase(file);
    throw e;
  }
  let backup: string | undefined;
  try {
    if (version < SCHEMA_VERSION) {
      if (version > 0) backup = backupBeside(db, file, version, opts.now ?? (() => new Date()));
      migrate(db, version);
    } else if (!readonly && id.kind === 'roster' && !id.hasId) {
      // A v1 file from before the id: recognised by its schema, marked at its first write.
      db.pragma(`application_id = ${APPLICATION_ID}`);
    }
  } catch (e) {
    db.close();
    throw e;
  }
  return { db, created: !exists, backup };
}

function isNotADatabase(e: unknown): boolean {
  const code = (e as { code?: string }).code;
  return code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT' || /not a database|malformed/i.test(String((e as Error).message));
}

function backupBeside(db: DB, file: string, version: number, now: () => Date): string {
  db.pragma('wal_checkpoint(TRUNCATE)');
  const stamp = now().toISOString().replace(/[-:]/g, '').replace(/\..*$/, '');
  const target = `${file}.v${version}-${stamp}.bak`;
  try {
    fs.copyFileSync(file, target, fs.constants.COPYFILE_EXCL);
  } catch (e) {
    throw new InputError(
      msg(
        `Không tạo được bản sao lưu ${target} trước khi nâng cấp: ${(e as Error).message}. Tệp chưa bị thay đổi.`,
        `Could not write the backup ${target} before upgrading: ${(e as Error).message}. The file is unchanged.`,
      ),
      msg('Kiểm tra dung lượng và quyền ghi trong thư mục của cơ sở dữ liệu.', "Check the free space and permissions in the database's folder."),
      file,
    );
  }
  fs.chmodSync(target, 0o600);
  return target;
}

function migrate(db: DB, from: number): void {
  const run = db.transaction(() => {
    db.pragma(`application_id = ${APPLICATION_ID}`);
    for (const m of migrations) {
      if (m.version <= from) continue;
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    }
  });
  run();
}

export function schemaVersion(db: DB): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * The database, read-only, when `file` is a roster database of this schema
 * version; null for no file, another program's file or an older roster file.
 * Never writes (for commands such as `report consolidate` that do not need a
 * database but must not write over a roster imported into one).
 */
export function openIfRoster(file: string): DB | null {
  try {
    if (!fs.existsSync(file) || !fs.statSync(file).isFile()) return null;
    const id = identify(file, false);
    if (id.kind !== 'roster' || id.version !== SCHEMA_VERSION) return null;
    return new Database(file, { readonly: true, fileMustExist: true });
  } catch {
    return null;
  }
}
