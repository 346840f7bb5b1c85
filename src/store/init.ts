/**
 * Creating a roster database (`roster init`): the file (owner-only, current
 * schema), the office and the unit codes it answers for, and the unit
 * reference (the bundled sample unless a file or folder is given). All or
 * nothing: on any error a file this call created is removed.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { InputError } from '../errors.js';
import { msg } from '../text/i18n.js';
import { importUnitsPath, type ImportUnitsResult } from '../units/load/index.js';
import { createJurisdiction, parseJurisdiction } from '../units/resolver.js';
import { openStore, type DB } from './db.js';

/** The bundled hand-made sample (fixtures/units), beside src/ and dist/. */
export const SAMPLE_UNITS = fileURLToPath(new URL('../../fixtures/units', import.meta.url));

export interface InitDatabaseOptions {
  /** The database file, absolute. */
  file: string;
  /** The file as the clerk named it (--db), for messages. */
  name: string;
  office?: string;
  /** Comma-separated unit codes of any level; none means everywhere. */
  jurisdiction?: string;
  /** A unit file or folder, absolute; default the bundled sample. */
  units?: string;
  now: () => Date;
  busyTimeoutMs?: number;
}

export interface InitResult {
  ok: true;
  db: string;
  office: string;
  jurisdiction: string[];
  units: { file: string; shape: string; changed: boolean; unitsAdded: number; successionsAdded: number; ms: number }[];
  counts: { units: number; successions: number };
}

const count = (db: DB, table: string) => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

/** An existing file with an office, units or imports is never overwritten. */
function assertNotInitialised(db: DB, o: InitDatabaseOptions): void {
  const units = count(db, 'units');
  const rows = count(db, 'imports');
  if (count(db, 'office') + units + rows === 0) return;
  throw new InputError(
    msg(
      `${o.name} đã được khởi tạo (${units} đơn vị, ${rows} lần nhập danh sách); không ghi đè.`,
      `${o.name} is already initialised (${units} units, ${rows} roster imports); it is not overwritten.`,
    ),
    msg(
      'Chọn tệp khác bằng --db, hoặc tự xóa tệp cũ nếu thật sự muốn làm lại từ đầu.',
      'Choose another file with --db, or delete the old file yourself if you really want to start over.',
    ),
    o.file,
  );
}

function unknownJurisdiction(codes: string[]): InputError {
  return new InputError(
    msg(
      `--jurisdiction: không có đơn vị nào mang mã ${codes.join(', ')} trong danh mục đã nạp.`,
      `--jurisdiction: no unit has the code ${codes.join(', ')} in the loaded reference.`,
    ),
    msg(
      'Tìm mã bằng "roster units search TÊN" (ví dụ 760 là Quận 1 cũ, 79 là TP. Hồ Chí Minh).',
      'Look codes up with "roster units search NAME" (e.g. 760 is former District 1, 79 is Ho Chi Minh City).',
    ),
  );
}

/** The unit reference, the jurisdiction and the office row, in one transaction. */
function recordOffice(db: DB, o: InitDatabaseOptions, office: string, codes: string[]): ImportUnitsResult[] {
  return db.transaction(() => {
    const loaded = importUnitsPath(db, o.units ?? SAMPLE_UNITS, { now: o.now });
    const j = createJurisdiction(db, codes);
    if (j.unknownCodes.length > 0) throw unknownJurisdiction(j.unknownCodes);
    db.prepare('INSERT INTO office (id, name, jurisdiction, created_at) VALUES (1, ?, ?, ?)').run(office, codes.join(','), o.now().toISOString());
    return loaded;
  })();
}

export function initDatabase(o: InitDatabaseOptions): InitResult {
  const existed = fs.existsSync(o.file) && fs.statSync(o.file).size > 0;
  const { db, created } = openStore(o.file, { create: true, busyTimeoutMs: o.busyTimeoutMs });
  let ok = false;
  try {
    if (existed) assertNotInitialised(db, o);
    const codes = parseJurisdiction(o.jurisdiction ?? '');
    const office = (o.office ?? '').normalize('NFC').trim();
    const loaded = recordOffice(db, o, office, codes);
    const result: InitResult = {
      ok: true,
      db: o.file,
      office,
      jurisdiction: codes,
      units: loaded.map((r) => ({
        file: path.basename(r.file),
        shape: r.shape,
        changed: r.changed,
        unitsAdded: r.counts.unitsAdded,
        successionsAdded: r.counts.successionsAdded,
        ms: r.ms,
      })),
      counts: { units: count(db, 'units'), successions: count(db, 'successions') },
    };
    ok = true;
    return result;
  } finally {
    db.close();
    if (!ok && created) for (const f of [o.file, `${o.file}-wal`, `${o.file}-shm`]) fs.rmSync(f, { force: true });
  }
}
