/**
 * The streaming workbook waits for the zip to take a sheet's XML: exceljs
 * writes into the zip's input (a readable-stream 2 PassThrough without
 * `writableLength`) regardless of back-pressure, so breathe() must read the
 * pending bytes where that stream keeps them. Without it the XML of a whole
 * sheet waited in memory (about 250 MB for the 200,000-row annotated workbook).
 */
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { breathe, streamWorkbook } from '../src/reports/xlsx.js';
import { tempDir } from './helpers/cli.js';

type Pending = { writableLength?: number; _writableState?: { length?: number } };

describe('breathe', () => {
  it('keeps the XML waiting for the zip small while a long sheet is written, and the rows all reach the file', async () => {
    const file = path.join(tempDir(), 'long.xlsx');
    const wb = streamWorkbook(file, new Date('2026-11-28T00:00:00Z'));
    const ws = wb.addWorksheet('Dài');
    const pipes = (ws as unknown as { stream: { pipes: Pending[] } }).stream.pipes;
    const pending = () => Math.max(0, ...pipes.map((p) => p.writableLength ?? p._writableState?.length ?? 0));
    const rows = 30_000;
    let most = 0;
    for (let r = 1; r <= rows; r++) {
      const row = ws.getRow(r);
      for (let c = 1; c <= 12; c++) row.getCell(c).value = `Nguyễn Văn An ${r}-${c} – Phường Bến Thành`;
      row.commit();
      if ((r & 1023) === 0) {
        await breathe(ws);
        most = Math.max(most, pending());
      }
    }
    ws.commit();
    await wb.commit();
    // About 20 MB of sheet XML went through; never more than a few MB of it waited.
    expect(most).toBeLessThan(4 << 20);
    const back = new ExcelJS.Workbook();
    await back.xlsx.readFile(file);
    const sheet = back.getWorksheet('Dài');
    expect(sheet?.rowCount).toBe(rows);
    expect(sheet?.getRow(rows).getCell(12).value).toBe(`Nguyễn Văn An ${rows}-12 – Phường Bến Thành`);
    expect(fs.statSync(file).size).toBeGreaterThan(0);
  }, 60_000);
});
