/**
 * Databases filled through the real commands: `roster init` with the bundled
 * unit sample, then `roster import` of roster files. For tests of validation,
 * remap and reports that need realistic content.
 *
 * The commands run once per test worker for each kind of database (office,
 * jurisdiction; bare or with the sample rosters): every later call gets a copy
 * of that file, with the content the commands would make again (the clock is
 * fixed and the inputs are the same files).
 */
import fs from 'node:fs';
import path from 'node:path';
import { FIXTURES, roster, tempDir } from './cli.js';

export const SAMPLE_ROSTERS = ['q1-ben-nghe-da-kao-2026-11.xlsx', 'q3-phuong-1-4-5-2026-11.csv', 'tan-dinh-2026-11.csv'].map((f) => path.join(FIXTURES, 'sample', f));

async function ok(args: string[]) {
  const r = await roster(args, { now: new Date('2026-11-28T09:00:00Z') });
  if (r.code !== 0) throw new Error(`roster ${args.join(' ')} → ${r.code}\n${r.stderr}`);
  return r;
}

/** The database each kind was first made in, by kind. */
const made = new Map<string, string>();

/** `roster.db` in `dir`: a copy of the database of this kind, made by `make` the first time. */
async function copyOfMade(kind: string, dir: string, make: (db: string) => Promise<void>): Promise<string> {
  let first = made.get(kind);
  if (first === undefined) {
    first = path.join(tempDir('roster-seed-'), 'roster.db');
    await make(first);
    // The commands closed the database: no -wal file is left to copy with it.
    if (fs.existsSync(`${first}-wal`)) throw new Error(`${first}-wal left open`);
    made.set(kind, first);
  }
  const db = path.join(dir, 'roster.db');
  fs.copyFileSync(first, db);
  return db;
}

/** A fresh database for an office covering former Districts 1 and 3, with the bundled unit sample. */
export async function initDb(opts: { dir?: string; jurisdiction?: string; office?: string } = {}): Promise<string> {
  const office = opts.office ?? 'UBND Phường Sài Gòn';
  const jurisdiction = opts.jurisdiction ?? '760,770';
  return copyOfMade(JSON.stringify(['init', office, jurisdiction]), opts.dir ?? tempDir(), async (db) => {
    await ok(['init', '--db', db, '--office', office, '--jurisdiction', jurisdiction]);
  });
}

/** Imports files (paths) for a period into db. */
export async function importFiles(db: string, period: string, files: string[], extra: string[] = []): Promise<void> {
  await ok(['import', '--db', db, '--period', period, ...extra, ...files]);
}

/** initDb + the three bundled sample rosters for 2026-11. */
export async function sampleDb(dir?: string): Promise<string> {
  return copyOfMade('sample', dir ?? tempDir(), async (db) => {
    await initDb({ dir: path.dirname(db) });
    await importFiles(db, '2026-11', SAMPLE_ROSTERS);
  });
}

/** Writes a UTF-8 CSV roster with the standard Vietnamese headers; rows are arrays in HEADERS order. */
export const HEADERS = ['Họ và tên', 'Ngày sinh', 'Giới tính', 'Số CCCD', 'Số điện thoại', 'Chức danh', 'Khu phố', 'Phường/Xã', 'Quận/Huyện', 'Hoàn thành OneTouch'];
export function writeCsv(file: string, rows: (string | number)[][], headers = HEADERS): string {
  const q = (v: string | number) => (/[",\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v));
  fs.writeFileSync(file, `${[headers, ...rows].map((r) => r.map(q).join(',')).join('\r\n')}\r\n`);
  return file;
}
