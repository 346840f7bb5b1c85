/**
 * Databases filled through the real commands: `roster init` with the bundled
 * unit sample, then `roster import` of roster files. For tests of validation,
 * remap and reports that need realistic content.
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

/** A fresh database for an office covering former Districts 1 and 3, with the bundled unit sample. */
export async function initDb(opts: { dir?: string; jurisdiction?: string; office?: string } = {}): Promise<string> {
  const dir = opts.dir ?? tempDir();
  const db = path.join(dir, 'roster.db');
  await ok(['init', '--db', db, '--office', opts.office ?? 'UBND Phường Sài Gòn', '--jurisdiction', opts.jurisdiction ?? '760,770']);
  return db;
}

/** Imports files (paths) for a period into db. */
export async function importFiles(db: string, period: string, files: string[], extra: string[] = []): Promise<void> {
  await ok(['import', '--db', db, '--period', period, ...extra, ...files]);
}

/** initDb + the three bundled sample rosters for 2026-11. */
export async function sampleDb(dir?: string): Promise<string> {
  const db = await initDb({ dir });
  await importFiles(db, '2026-11', SAMPLE_ROSTERS);
  return db;
}

/** Writes a UTF-8 CSV roster with the standard Vietnamese headers; rows are arrays in HEADERS order. */
export const HEADERS = ['Họ và tên', 'Ngày sinh', 'Giới tính', 'Số CCCD', 'Số điện thoại', 'Chức danh', 'Khu phố', 'Phường/Xã', 'Quận/Huyện', 'Hoàn thành OneTouch'];
export function writeCsv(file: string, rows: (string | number)[][], headers = HEADERS): string {
  const q = (v: string | number) => (/[",\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v));
  fs.writeFileSync(file, `${[headers, ...rows].map((r) => r.map(q).join(',')).join('\r\n')}\r\n`);
  return file;
}
