/**
 * Monthly workbook behaviour: the first month loaded is the starting point
 * for "joined this month". (Kiểm tra with more findings than it lists is in
 * report-monthly-many-findings.test.ts, a slow test: it imports a generated
 * roster of over two thousand rows.)
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { roster, tempDir } from './helpers/cli.js';
import { importFiles, initDb, writeCsv } from './helpers/seed.js';

describe('joined this month', () => {
  it('the first month loaded is the starting point; the next month counts only new people', async () => {
    const db = await initDb();
    const dir = tempDir();
    const row = (i: number) => [
      `Trần Thị ${i}`,
      '01/01/1990',
      'Nữ',
      `0791901${String(i).padStart(5, '0')}`,
      '0912345678',
      i === 0 ? 'Tổ trưởng' : 'Thành viên',
      'Khu phố 1',
      'Phường Tân Định',
      '',
      'Có',
    ];
    await importFiles(db, '2026-10', [writeCsv(path.join(dir, 'oct.csv'), [0, 1, 2, 3].map(row))]);
    await importFiles(db, '2026-11', [writeCsv(path.join(dir, 'nov.csv'), [0, 1, 2, 3, 4].map(row))]);
    const joined = async (period: string) => {
      const out = path.join(dir, `r-${period}.xlsx`);
      const r = await roster(['report', 'monthly', '--db', db, '--period', period, '--draft', '--json', '-o', out]);
      expect(r.code, r.stderr).toBe(0);
      return JSON.parse(r.stdout).totals.joined as number;
    };
    expect(await joined('2026-10')).toBe(0);
    expect(await joined('2026-11')).toBe(1);
  });
});
