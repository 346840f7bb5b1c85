/**
 * The direct row writer (src/reports/xlsx.ts, DirectRows) writes the XML
 * exceljs would write for the same rows: the same cells, style ids, cell
 * types, and the row height when one is given (Kiểm tra's findings).
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findingHeight, findingStyles, findingValues } from '../src/reports/summary/findings.js';
import { font, put } from '../src/reports/summary/cells.js';
import { LABELS } from '../src/reports/summary/labels.js';
import { DirectRows, FILL, streamWorkbook } from '../src/reports/xlsx.js';
import type { Finding } from '../src/rules/types.js';
import { tempDir } from './helpers/cli.js';

const WHEN = new Date(Date.UTC(2026, 10, 30));

const FINDINGS: Finding[] = [
  { rule: 'person.id.missing', severity: 'error', message: 'Không có số CCCD 079123456345.', value: null, source: { file: 'a.xlsx', sheet: 'S', row: 7, cell: 'F7' } },
  { rule: 'team.duplicate-neighbourhood', severity: 'warning', message: `Tổ Khu phố 4 ${'trùng khu phố/ấp '.repeat(12)}`, source: { file: 'b.csv' } },
  { rule: 'unit.retired.full', severity: 'info', message: '=SUM(A1) đã chuyển', source: { file: 'c.xlsx', row: 3, cell: 'K3' } },
];

/** The rows as the checks sheet wrote them before: one Row and seven Cells per finding through exceljs. */
function byExceljs(ws: ReturnType<ReturnType<typeof streamWorkbook>['addWorksheet']>, first: number): void {
  FINDINGS.forEach((f, i) => {
    const r = first + i;
    findingValues(i + 1, f, LABELS.vi, false).forEach((v, c) => {
      put(ws, r, c + 1, v, {
        font: font({ size: 11 }),
        border: true,
        fill: c === 1 ? FILL[f.severity] : undefined,
        align: c === 6 ? { wrapText: true, vertical: 'top' } : { vertical: 'top' },
      });
    });
    ws.getRow(r).height = findingHeight(f);
    ws.getRow(r).commit();
  });
}

function direct(ws: ReturnType<ReturnType<typeof streamWorkbook>['addWorksheet']>, first: number): void {
  const rows = new DirectRows(ws, first);
  const styles = findingStyles();
  FINDINGS.forEach((f, i) => {
    rows.write(findingValues(i + 1, f, LABELS.vi, false), styles[f.severity], findingHeight(f));
  });
}

async function written(file: string, rows: typeof direct): Promise<{ sheet: string; styles: string }> {
  const wb = streamWorkbook(file, WHEN);
  const ws = wb.addWorksheet('Kiểm tra');
  put(ws, 1, 1, 'head', { font: font({ bold: true }), border: true });
  rows(ws, 2);
  put(ws, 2 + FINDINGS.length, 1, 'after', { font: font({ italic: true, size: 11 }) });
  ws.commit();
  await wb.commit();
  const JSZip = (await import('jszip')).default;
  const zip = await JSZip.loadAsync(fs.readFileSync(file));
  const part = async (name: string) => (await zip.file(name)?.async('string')) ?? '';
  return { sheet: await part('xl/worksheets/sheet1.xml'), styles: await part('xl/styles.xml') };
}

describe('DirectRows', () => {
  it('writes the findings rows, their styles and heights exactly as exceljs rows', async () => {
    const dir = tempDir();
    const a = await written(path.join(dir, 'a.xlsx'), byExceljs);
    const b = await written(path.join(dir, 'b.xlsx'), direct);
    expect(a.sheet).toContain('ht="45" customHeight="1"');
    expect(a.sheet).toContain('079******345');
    expect(b.sheet).toBe(a.sheet);
    expect(b.styles).toBe(a.styles);
  });
});
