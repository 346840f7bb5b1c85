/**
 * Consolidation: two offices' workbooks summed equal the report of their
 * combined database; different months are refused (exit 2); the same ward in
 * two workbooks is reported on Kiểm tra and in the command output.
 */
import path from 'node:path';
import fs from 'node:fs';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { officeSeed, seedDatabase } from '../fixtures/reports/seed.js';
import { roster, tempDir } from './helpers/cli.js';
import { COUNT_KEYS } from '../src/reports/monthly-data.js';
import { defined, at } from './helpers/defined.js';

const NOW = new Date('2026-11-28T09:00:00+07:00');
const KEYS = COUNT_KEYS;

/** Ward rows of a summary sheet keyed by line, summed over offices. Column of the code given. */
async function rowsOf(file: string, codeCol: number): Promise<{ lines: Map<string, number[]>; totals: number[] }> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const ws = at(wb.worksheets, 0);
  const lines = new Map<string, number[]>();
  let totals: number[] = [];
  for (let r = 10; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    const label = String(row.getCell(codeCol - 1).value ?? '');
    const nums = KEYS.map((_, i) => row.getCell(codeCol + 1 + i + (i >= 7 ? 1 : 0)).value);
    if (row.getCell(1).value === 'Tổng cộng') {
      totals = nums.map((v) => (v as { result: number }).result);
      break;
    }
    const code = String(row.getCell(codeCol).value ?? '');
    const key = code && code !== 'null' ? code + (/ngoài địa bàn/.test(label) ? '*' : '') : 'unresolved';
    const prev = lines.get(key) ?? KEYS.map(() => 0);
    lines.set(
      key,
      prev.map((p, i) => p + Number(nums[i])),
    );
  }
  return { lines, totals };
}

let dir: string;
let a: string;
let b: string;
let combined: string;
beforeAll(async () => {
  dir = tempDir('roster-consolidate-');
  seedDatabase(path.join(dir, 'a.db'), [officeSeed('A')]).close();
  seedDatabase(path.join(dir, 'b.db'), [officeSeed('B')]).close();
  seedDatabase(path.join(dir, 'ab.db'), [officeSeed('A'), officeSeed('B')]).close();
  a = path.join(dir, 'a.xlsx');
  b = path.join(dir, 'b.xlsx');
  combined = path.join(dir, 'ab.xlsx');
  for (const [db, out] of [
    ['a.db', a],
    ['b.db', b],
    ['ab.db', combined],
  ] as [string, string][]) {
    const r = await roster(['report', 'monthly', '--db', path.join(dir, db), '--period', '2026-11', '-o', out, '--draft'], { now: NOW });
    expect(r.code, r.stderr).toBe(0);
  }
});

describe('report consolidate', () => {
  it("two offices' workbooks consolidated equal the report of their combined database", async () => {
    const city = path.join(dir, 'city.xlsx');
    const r = await roster(['report', 'consolidate', a, b, '-o', city], { now: NOW });
    expect(r.code, r.stderr).toBe(0);
    const got = await rowsOf(city, 4); // STT, office, ward, code
    const want = await rowsOf(combined, 3);
    expect(Object.fromEntries(got.lines)).toEqual(Object.fromEntries(want.lines));
    expect(got.totals).toEqual(want.totals);
    expect(got.totals[2]).toBeGreaterThan(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(city);
    const offices = new Set<string>();
    at(wb.worksheets, 0).eachRow((row, i) => {
      if (i >= 10 && typeof row.getCell(1).value === 'number') offices.add(String(row.getCell(2).value));
    });
    expect(offices.size).toBe(2);
    expect(wb.worksheets.map((w) => w.name)).toContain('Danh sách tổ');
    expect(wb.getWorksheet('_data')?.state).toBe('veryHidden');
  });

  it('refuses workbooks of different months with exit 2 and writes nothing', async () => {
    const oct = path.join(dir, 'a-oct.xlsx');
    expect((await roster(['report', 'monthly', '--db', path.join(dir, 'a.db'), '--period', '2026-10', '-o', oct, '--draft'], { now: NOW })).code).toBe(0);
    const out = path.join(dir, 'mixed.xlsx');
    const r = await roster(['report', 'consolidate', oct, b, '-o', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/không cùng kỳ/);
    expect(fs.existsSync(out)).toBe(false);
  });

  it('reports the same ward in the workbooks of two offices, in the output and on Kiểm tra', async () => {
    const other = path.join(dir, 'a-other-office.db');
    seedDatabase(other, [officeSeed('A')], { name: 'UBND phường khác', jurisdiction: '760' }).close();
    const a2 = path.join(dir, 'a-other-office.xlsx');
    expect((await roster(['report', 'monthly', '--db', other, '--period', '2026-11', '-o', a2, '--draft'], { now: NOW })).code).toBe(0);
    const out = path.join(dir, 'overlap.xlsx');
    const r = await roster(['report', 'consolidate', a, a2, '-o', out, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.overlaps.map((o: { code: string }) => o.code)).toEqual(expect.arrayContaining(['26737', '26740', '26743', '26758']));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    expect(JSON.stringify(defined(wb.getWorksheet('Kiểm tra')).getSheetValues())).toContain('Trùng địa bàn: Phường Tân Định (26737)');
  });

  it('the same office and month twice is exit 2 and writes nothing: one file twice, two spellings, a copy, a hard link', async () => {
    const copy = path.join(dir, 'a-again.xlsx');
    fs.copyFileSync(a, copy);
    const link = path.join(dir, 'a-link.xlsx');
    fs.rmSync(link, { force: true });
    fs.linkSync(a, link);
    const out = path.join(dir, 'twice.xlsx');
    for (const args of [
      [a, a],
      ['a.xlsx', './a.xlsx'],
      [a, copy],
      [link, a],
    ]) {
      const r = await roster(['report', 'consolidate', ...args, '-o', out], { cwd: dir });
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/cùng một đơn vị .* cùng kỳ 2026-11/);
      expect(fs.existsSync(out)).toBe(false);
    }
  });

  it('a file that is not a roster workbook is exit 2', async () => {
    const other = new ExcelJS.Workbook();
    other.addWorksheet('Sheet1').getCell('A1').value = 'x';
    const f = path.join(dir, 'other.xlsx');
    await other.xlsx.writeFile(f);
    const r = await roster(['report', 'consolidate', f, b, '-o', path.join(dir, 'o.xlsx'), '--lang', 'en']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/not a monthly workbook/);
  });
});
