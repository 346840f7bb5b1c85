/**
 * The layout of the list sheets of the monthly workbook, read back: the head
 * row and its filter, the rows from row 6, dates as date cells in
 * dd/mm/yyyy, and the counts the writer returns equal to the rows it wrote.
 */
import { defined, at } from './helpers/defined.js';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { officeSeed, seedDatabase } from '../fixtures/reports/seed.js';
import { tempDir } from './helpers/cli.js';
import { writeMonthlyReport } from '../src/reports/monthly.js';
import { LABELS } from '../src/reports/summary/labels.js';
import { openStore } from '../src/store/db.js';

const NOW = new Date('2026-11-28T09:00:00+07:00');
let file: string;
let res: Awaited<ReturnType<typeof writeMonthlyReport>>;
let wb: ExcelJS.Workbook;

beforeAll(async () => {
  const dir = tempDir('roster-report-layout-');
  seedDatabase(path.join(dir, 'a.db'), [officeSeed('A')]).close();
  const { db } = openStore(path.join(dir, 'a.db'), { readonly: true });
  file = path.join(dir, 'a.xlsx');
  const report = { ok: true, period: '2026-11', counts: { error: 0, warning: 0, info: 0 }, findings: [] };
  res = await writeMonthlyReport({ db, period: '2026-11', out: file, lang: 'vi', report, draft: true, includePii: false, now: NOW });
  db.close();
  wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
});

/** The rows from row 6 that have a number in column A. */
function bodyRows(ws: ExcelJS.Worksheet): ExcelJS.Row[] {
  const out: ExcelJS.Row[] = [];
  for (let r = 6; r <= ws.rowCount; r++) if (typeof ws.getRow(r).getCell(1).value === 'number') out.push(ws.getRow(r));
  return out;
}

const heads = (ws: ExcelJS.Worksheet) => (ws.getRow(5).values as unknown[]).slice(1);

describe('monthly workbook list sheets', () => {
  it('Thành viên: heads on row 5 under a filter, one numbered row per member from row 6, dates as dd/mm/yyyy date cells', () => {
    const ws = defined(wb.getWorksheet('Thành viên'), 'Thành viên');
    expect(heads(ws)).toEqual(LABELS.vi.memberCols);
    expect(ws.autoFilter).toBe('A5:N5');
    const rows = bodyRows(ws);
    expect(res.members).toBeGreaterThan(30);
    expect(rows.map((r) => r.getCell(1).value)).toEqual(Array.from({ length: res.members }, (_, i) => i + 1));
    expect(at(rows, 0).number).toBe(6);
    const dob = rows.map((r) => r.getCell(5)).filter((c) => c.value instanceof Date);
    expect(dob.length).toBeGreaterThan(res.members / 2);
    for (const c of dob) expect(c.numFmt).toBe('dd/mm/yyyy');
    // The birth year alone stays text, without the date format.
    const year = rows.map((r) => r.getCell(5)).find((c) => typeof c.value === 'string' && /^\d{4}$/.test(c.value as string));
    expect(year?.numFmt).not.toBe('dd/mm/yyyy');
  });

  it('Biến động: heads on row 5 under a filter, the changes returned by the writer numbered from row 6', () => {
    const ws = defined(wb.getWorksheet('Biến động'), 'Biến động');
    expect(heads(ws)).toEqual(LABELS.vi.changeCols);
    expect(ws.autoFilter).toBe('A5:K5');
    const rows = bodyRows(ws);
    expect(res.changes).toBeGreaterThan(0);
    expect(rows.map((r) => r.getCell(1).value)).toEqual(Array.from({ length: res.changes }, (_, i) => i + 1));
    const kinds = new Set(rows.map((r) => r.getCell(2).value));
    expect(kinds).toContain(LABELS.vi.kinds.joined);
    expect(kinds).toContain(LABELS.vi.kinds.left);
    for (const c of rows.map((r) => r.getCell(3)).filter((c) => c.value instanceof Date)) expect(c.numFmt).toBe('dd/mm/yyyy');
  });

  it('Danh sách tổ: heads on row 5 under a filter, one row per team line of the data, text wrapped and figures not', () => {
    const ws = defined(wb.getWorksheet('Danh sách tổ'), 'Danh sách tổ');
    expect(heads(ws)[0]).toBe(LABELS.vi.no);
    expect(ws.autoFilter).toBe('A5:K5');
    const rows = bodyRows(ws);
    expect(rows).toHaveLength(res.data.teams.length);
    expect(rows.map((r) => r.getCell(7).value)).toEqual(res.data.teams.map((t) => t.members));
    expect(at(rows, 0).getCell(2).alignment?.wrapText).toBe(true);
    expect(at(rows, 0).getCell(7).alignment?.wrapText).toBeUndefined();
  });
});
