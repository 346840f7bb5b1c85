/**
 * Kiểm tra, the findings sheet of the monthly workbook, lists the first
 * LISTED_FINDINGS findings and says how many more there are and where to see
 * them all. A slow test: it imports a generated roster of more rows than
 * the sheet lists.
 */
import path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { LISTED_FINDINGS } from '../src/reports/summary/findings.js';
import { roster, tempDir } from './helpers/cli.js';
import { importFiles, initDb, writeCsv } from './helpers/seed.js';
import { defined } from './helpers/defined.js';

describe('Kiểm tra with many findings', () => {
  it('lists the first ones and points at the annotated workbook for the rest', async () => {
    const db = await initDb();
    const n = LISTED_FINDINGS + 150;
    // Every row names Phường Bến Nghé, merged whole into Phường Sài Gòn: one unit.retired.full warning each.
    const rows = Array.from({ length: n }, (_, i) => [
      `Nguyễn Văn ${i}`,
      '01/01/1990',
      'Nam',
      `0790901${String(i).padStart(5, '0')}`,
      '0912345678',
      i % 5 ? 'Thành viên' : 'Tổ trưởng',
      `Khu phố ${Math.floor(i / 5)}`,
      'Phường Bến Nghé',
      'Quận 1',
      'Có',
    ]);
    const dir = tempDir();
    await importFiles(db, '2026-11', [writeCsv(path.join(dir, 'ben-nghe.csv'), rows)]);
    const out = path.join(dir, 'bao-cao.xlsx');
    const r = await roster(['report', 'monthly', '--db', db, '--period', '2026-11', '--draft', '-o', out]);
    expect(r.code, r.stderr).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const ks = defined(wb.getWorksheet('Kiểm tra'));
    const texts: string[] = [];
    let listed = 0;
    ks.eachRow((row) => {
      const v = row.getCell(3).value;
      if (v === 'unit.retired.full') listed++;
      texts.push(String(row.getCell(1).value ?? ''));
    });
    expect(listed).toBe(LISTED_FINDINGS);
    const more = texts.find((t) => t.startsWith('… và'));
    expect(more).toContain(`… và ${n - LISTED_FINDINGS} phát hiện khác`);
    expect(more).toContain('roster validate --period 2026-11 --format xlsx');
  });
});
