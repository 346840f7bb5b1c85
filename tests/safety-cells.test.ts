/**
 * The one safe-cell module every writer uses: formula-looking text is text in
 * XLSX (a string cell, never <f>) and apostrophe-guarded in CSV; values XML
 * cannot carry do not break the file; masking keeps three digits each end.
 */
import path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { maskDigits } from '../src/privacy/mask.js';
import { cleanCellText, csvField, isFormulaLike, setCell, sheetName } from '../src/reports/safe-cell.js';
import { streamWorkbook } from '../src/reports/xlsx.js';
import { tempDir } from './helpers/cli.js';
import { defined } from './helpers/defined.js';

const HOSTILE = ['=HYPERLINK("http://x","y")', '+84 912 345 678', '-1+1', '@SUM(A1)', '\t=1+1', '\r=1+1', "=cmd|' /C calc'!A0"];

describe('safe cells', () => {
  it('recognises what a spreadsheet would run, and guards it in CSV', () => {
    for (const s of HOSTILE) {
      expect(isFormulaLike(s), s).toBe(true);
      expect(csvField(s)).toBe(`'${s}`);
    }
    for (const s of ['Nguyễn Văn An', '0912345678', '1+1', ' =x', '']) expect(csvField(s)).toBe(s);
    expect(csvField(null)).toBe('');
    expect(csvField(12)).toBe('12');
  });

  it('writes them as string cells with the text format in XLSX, and reads them back unchanged', async () => {
    const file = path.join(tempDir(), 'safe.xlsx');
    const wb = streamWorkbook(file, new Date('2026-11-28T00:00:00Z'));
    const ws = wb.addWorksheet('S');
    HOSTILE.forEach((s, i) => {
      const row = ws.getRow(i + 1);
      setCell(row.getCell(1), s);
      row.commit();
    });
    const bad = ws.getRow(HOSTILE.length + 1);
    setCell(bad.getCell(1), 'a\u0000b\u0007c\uFFFEd');
    bad.commit();
    ws.commit();
    await wb.commit();
    const back = new ExcelJS.Workbook();
    await back.xlsx.readFile(file);
    const s = defined(back.getWorksheet('S'));
    HOSTILE.forEach((v, i) => {
      const c = s.getCell(i + 1, 1);
      expect(c.type, v).toBe(ExcelJS.ValueType.String);
      expect(c.value).toBe(v.replace(/\r/g, '\n'));
      expect(c.numFmt).toBe('@');
    });
    expect(s.getCell(HOSTILE.length + 1, 1).value).toBe('abcd');
  });

  it('masks IDs and phones, cleans text, names sheets within Excel limits', () => {
    expect(maskDigits('079123456345')).toBe('079******345');
    expect(maskDigits('0912345678')).toBe('091****678');
    expect(maskDigits('12345')).toBe('*****');
    expect(cleanCellText('x'.repeat(40000)).length).toBe(32767);
    const taken = new Set<string>();
    expect(sheetName('a/b:c*d?[e]', taken)).toBe('a_b_c_d__e_');
    const long = 'danh-sach-thanh-vien-phuong-tan-dinh-2026-11';
    const n1 = sheetName(long, taken);
    const n2 = sheetName(long, taken);
    expect(n1.length).toBeLessThanOrEqual(31);
    expect(n2).not.toBe(n1);
    expect(n2.length).toBeLessThanOrEqual(31);
  });
});
