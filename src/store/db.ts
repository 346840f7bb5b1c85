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
  /** Milliseconds to wait for another process holding the write lock. */
  busyTimeoutMs?: number;
}

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

/** Default wait for the write lock; ROSTER_BUSY_TIMEOUT_MS overrides it (tests, slow shared disks). */
function defaultBusyTimeout(): number {
  const v = Number(process.env.ROSTER_BUSY_TIMEOUT_MS);
  return Number.isFinite(v) && v >= 0 ? v : 5000;
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
  if (!exists) {
    fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    // Create the file ourselves so that it is owner-only from its first byte.
    fs.closeSync(fs.openSync(file, 'wx', 0o600));
  }
  let db: DB;
  try {
    db = new Database(file, { readonly: opts.readonly ?? false, fileMustExist: true });
    db.pragma(`busy_timeout = ${opts.busyTimeoutMs ?? defaultBusyTimeout()}`);
    if (!opts.readonly) db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('synchronous = NORMAL');
  } catch (e) {
    if (isNotADatabase(e)) throw notADatabase(file);
    throw e;
  }
  let version: number;
  try {
    version = db.pragma('user_version', { simple: true }) as number;
    if (version === 0 && exists) {
      const tables = db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'").get() as { n: number };
      if (tables.n > 0) {
        db.close();
        throw notADatabase(file);
      }
    }
  } catch (e) {
    if (e instanceof InputError) throw e;
    db.close();
    if (isNotADatabase(e)) throw notADatabase(file);
    throw e;
  }
  if (version > SCHEMA_VERSION) {
    db.close();
    throw new InputError(
      msg(
        `Tệp ${file} dùng lược đồ phiên bản ${version}, mới hơn phiên bản roster này hỗ trợ (${SCHEMA_VERSION}).`,
        `${file} uses schema version ${version}, newer than this roster supports (${SCHEMA_VERSION}).`,
      ),
      msg('Cập nhật roster lên bản mới nhất.', 'Update roster to the latest version.'),
      file,
    );
  }
  let backup: string | undefined;
  if (version < SCHEMA_VERSION) {
    if (opts.readonly) {
      db.close();
      db = new Database(file, { fileMustExist: true });
      db.pragma(`busy_timeout = ${opts.busyTimeoutMs ?? defaultBusyTimeout()}`);
      db.pragma('foreign_keys = ON');
    }
    if (version > 0) backup = backupBeside(db, file, version, opts.now ?? (() => new Date()));
    migrate(db, version);
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
  fs.copyFileSync(file, target, fs.constants.COPYFILE_EXCL);
  fs.chmodSync(target, 0o600);
  return target;
}

function migrate(db: DB, from: number): void {
  const run = db.transaction(() => {
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
