/**
 * The legacy .xls reader on workbooks LibreOffice wrote (BIFF8) and on
 * hand-written BIFF streams (fixtures/make/make_xls.py), compared with the
 * values the fixture script wrote (fixtures/rosters/xls/expected.json), never
 * with the reader's own earlier output. Damaged and hostile files end in an
 * InputError (exit 2) naming the file.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { InputError } from '../src/errors.js';
import { openRosterTable as openTable } from '../src/importer/roster-sheet.js';
import type { CellValue, SourceRow } from '../src/readers/types.js';
import { openXlsWorkbook, xlsSheetBatches, xlsSheetMerges, XLS_LIMITS, type XlsWorkbook } from '../src/readers/xls/index.js';
import { FIXTURES, tempDir } from './helpers/cli.js';
import { known, at } from './helpers/defined.js';

const XLS = path.join(FIXTURES, 'rosters', 'xls');
const fixture = (f: string) => path.join(XLS, f);
const cells = (f: string) => path.join(FIXTURES, 'cells', f);
const hostile = (f: string) => path.join(FIXTURES, 'hostile', f);
type Json = string | number | boolean | null;
const EXPECTED = JSON.parse(fs.readFileSync(fixture('expected.json'), 'utf8'));
const CELLS = JSON.parse(fs.readFileSync(cells('expected.json'), 'utf8'));

/** A value as the fixture script wrote it, in the reader's terms: ISO dates become Date (UTC), text NFC. */
function cell(v: Json): CellValue {
  if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2})?$/.test(v)) return new Date(v.length === 10 ? `${v}T00:00:00Z` : `${v}Z`);
  return typeof v === 'string' ? v.normalize('NFC') : v;
}

/** A row as written: trailing empty cells dropped (the reader stops at the last value). */
function row(values: Json[]): CellValue[] {
  const cells = values.map(cell);
  while (cells.length && cells[cells.length - 1] === null) cells.pop();
  return cells;
}

async function read(file: string, opts = {}) {
  const t = await openTable(file, opts);
  const rows: SourceRow[] = [];
  for await (const r of t.rows) rows.push(r);
  return { t, rows };
}

async function sheetRows(wb: XlsWorkbook, name: string): Promise<SourceRow[]> {
  const sheet = wb.sheets.find((s) => s.name === name);
  if (!sheet) throw new Error(`no sheet ${name}`);
  const rows: SourceRow[] = [];
  for await (const b of xlsSheetBatches(wb, sheet)) rows.push(...b);
  return rows;
}

describe('.xls written by LibreOffice (BIFF8)', () => {
  test('a roster: Vietnamese text exact and NFC, IDs and phones as numbers, dates, cached formula results, booleans', async () => {
    const { t, rows } = await read(fixture('roster-diacritics-numbers-dates-formula.xls'));
    expect(t.format).toBe('xls');
    expect(t.sheet).toBe('DS');
    const expected = EXPECTED['roster-diacritics-numbers-dates-formula.xls'] as Json[][];
    expect(rows.map((r) => r.row)).toEqual(expected.map((_, i) => i + 1));
    expect(rows.map((r) => r.cells)).toEqual(expected.map(row));
    // The name typed in NFD comes back NFC; the all-Latin-1 name (stored compressed) is exact.
    expect(rows.some((r) => r.cells[1] === 'Đỗ Thị Ngọc Hường')).toBe(true);
    expect(rows.some((r) => r.cells[1] === 'Võ Ánh')).toBe(true);
    for (const r of rows) for (const c of r.cells) if (c instanceof Date) expect(c.getUTCHours()).toBe(0);
  });

  test('every storage of a number: RK, MULRK runs, NUMBER, negative and decimal; a time of day is not a date; 1900-03-01', async () => {
    const { rows } = await read(cells('cell-types-rk-mulrk-number-bool.xls'));
    const expected = CELLS['cell-types-rk-mulrk-number-bool.xls'] as Json[][];
    expect(rows.map((r) => r.cells)).toEqual(expected.map(row));
  });

  test('one sheet per khu phố: sheet names and states, cells, and merged ranges that rebuild the ward column', async () => {
    const exp = EXPECTED['khu-pho-sheets-merged-ward-cells.xls'] as {
      sheets: { name: string; hidden: boolean }[];
      rows: Record<string, { row: number; cells: Json[] }[]>;
      merges: Record<string, { firstRow: number; lastRow: number; firstCol: number; lastCol: number }[]>;
    };
    const wb = await openXlsWorkbook(fixture('khu-pho-sheets-merged-ward-cells.xls'));
    expect(wb.sheets.map((s) => ({ name: s.name, hidden: s.hidden }))).toEqual(exp.sheets);
    expect(wb.sheets.find((s) => s.hidden)?.state).toBe('hidden');
    for (const name of Object.keys(exp.rows)) {
      const sheet = wb.sheets.find((s) => s.name === name);
      const merges = xlsSheetMerges(wb, sheet as (typeof wb.sheets)[number]);
      expect(merges).toEqual({ sheet: name, ranges: exp.merges[name] });
      const got = (await sheetRows(wb, name)).filter((r) => r.row >= 4);
      // Fill each merged range from its top-left cell: the sheet as the clerk sees it.
      for (const m of merges.ranges) {
        const top = got.find((r) => r.row === m.firstRow);
        for (const r of got) if (r.row > m.firstRow && r.row <= m.lastRow) for (let c = m.firstCol; c <= m.lastCol; c++) r.cells[c] = top?.cells[c] ?? null;
      }
      expect(got).toEqual(known(exp.rows[name], 'exp.rows[name]').map((r) => ({ row: r.row, cells: row(r.cells) })));
    }
  });

  test('the sheet is chosen as for .xlsx: the first with the most roster headers, hidden ones noted; --sheet picks another', async () => {
    const { t } = await read(fixture('khu-pho-sheets-merged-ward-cells.xls'));
    expect(t.sheet).toBe('KP1');
    expect(t.notes.map((n) => (typeof n === 'string' ? n : n.en)).join('\n')).toMatch(/hidden sheets skipped: "Danh sách cũ"/);
    const kp2 = await read(fixture('khu-pho-sheets-merged-ward-cells.xls'), { sheet: 'kp2' });
    expect(kp2.t.sheet).toBe('KP2');
    const exp = EXPECTED['khu-pho-sheets-merged-ward-cells.xls'].rows.KP2 as { row: number; cells: Json[] }[];
    expect(kp2.rows.filter((r) => r.row >= 4).map((r) => r.cells[1])).toEqual(exp.map((r) => r.cells[1]));
  });

  test('600 long notes: a shared-string table far over 8,224 bytes, strings cut by CONTINUE records read exactly', async () => {
    const file = fixture('long-strings-sst-continue-600-rows.xls');
    const exp = EXPECTED['long-strings-sst-continue-600-rows.xls'] as { header: Json[]; rows: Json[][] };
    const wb = await openXlsWorkbook(file);
    expect(wb.splitStrings).toBeGreaterThan(0);
    const bytes = wb.sharedStrings.reduce((n, s) => n + 3 + 2 * s.length, 0);
    expect(bytes).toBeGreaterThan(8224 * 5);
    const { rows } = await read(file);
    expect(rows.map((r) => r.cells)).toEqual([exp.header, ...exp.rows].map(row));
  });

  test('rows come in batches, in order, none lost at a batch edge', async () => {
    const wb = await openXlsWorkbook(fixture('long-strings-sst-continue-600-rows.xls'));
    const saved = XLS_LIMITS.batchRows;
    XLS_LIMITS.batchRows = 97;
    try {
      const sizes: number[] = [];
      const numbers: number[] = [];
      for await (const b of xlsSheetBatches(wb, at(wb.sheets, 0))) {
        sizes.push(b.length);
        numbers.push(...b.map((r) => r.row));
      }
      expect(Math.max(...sizes)).toBe(97);
      expect(sizes.length).toBe(Math.ceil(601 / 97));
      expect(numbers).toEqual(Array.from({ length: 601 }, (_, i) => i + 1));
    } finally {
      XLS_LIMITS.batchRows = saved;
    }
  });

  test('the 1904 date system (DATEMODE) gives the same calendar dates', async () => {
    const wb = await openXlsWorkbook(fixture('date-system-1904.xls'));
    expect(wb.date1904).toBe(true);
    const { rows } = await read(fixture('date-system-1904.xls'));
    expect(rows.map((r) => r.cells)).toEqual((EXPECTED['date-system-1904.xls'] as Json[][]).map(row));
  });
});

describe('.xls written by hand: what LibreOffice never writes', () => {
  test('a string changing width at a CONTINUE cut, a cut after the header, rich runs cut in two, a long STRING result, rows out of order, a chart sheet', async () => {
    const file = cells('handmade-continue-splits-unordered-rows-chart-sheet.xls');
    const exp = CELLS['handmade-continue-splits-unordered-rows-chart-sheet.xls'];
    const wb = await openXlsWorkbook(file);
    expect(wb.sheets.map((s) => s.name)).toEqual(exp.sheets);
    expect(wb.skippedSheets).toEqual(exp.skipped);
    expect(xlsSheetMerges(wb, at(wb.sheets, 0)).ranges).toEqual(exp.merges);
    const { t, rows } = await read(file);
    expect(rows).toEqual(exp.rows.map((r: { row: number; cells: Json[] }) => ({ row: r.row, cells: row(r.cells) })));
    expect(t.notes.map((n) => (typeof n === 'string' ? n : n.en)).join('\n')).toMatch(/chart and macro sheets skipped: "Biểu đồ" \(chart\)/);
  });

  test('Excel 5/95 (BIFF5, stream "Book") with CODEPAGE 1258: Vietnamese decoded from the code page', async () => {
    const file = fixture('excel95-biff5-codepage-1258.xls');
    const exp = EXPECTED['excel95-biff5-codepage-1258.xls'];
    const wb = await openXlsWorkbook(file);
    expect([wb.biff, wb.codepage]).toEqual([5, 1258]);
    const { t, rows } = await read(file);
    expect(t.sheet).toBe(exp.sheet);
    expect(rows.map((r) => r.cells)).toEqual((exp.rows as Json[][]).map(row));
  });
});

describe('damaged and hostile .xls: an InputError naming the file, never a crash or a hang', () => {
  const cases: [string, RegExp][] = [
    ['xls-truncated.xls', /tệp \.xls bị hỏng hoặc không đầy đủ \(.*past the end/],
    ['xls-cfb-header-then-junk.xls', /tệp \.xls bị hỏng/],
    ['xls-record-length-past-end.xls', /runs \d+ bytes past the end of the workbook stream/],
    ['xls-sst-count-absurd.xls', /announces 2147483647 strings but has room for at most \d+/],
    ['xls-cell-beyond-last-column.xls', /column 65536 lies beyond the last column XFD/],
    ['xls-encrypted-filepass.xls', /tệp được đặt mật khẩu/],
    ['xls-cyclic-sector-chain.xls', /sector chain loops/],
    ['xls-sector-chain-loop-entered-midway.xls', /sector chain loops/],
    ['xls-word-document-renamed.xls', /không chứa bảng tính Excel/],
  ];
  for (const [name, vi] of cases) {
    test(name, async () => {
      const err = await read(hostile(name)).catch((e) => e);
      expect(err).toBeInstanceOf(InputError);
      expect((err as InputError).msg.vi).toMatch(vi);
      expect((err as InputError).msg.vi).toContain(hostile(name));
      expect((err as InputError).hint?.vi).toBeTruthy();
    });
  }

  test('a Workbook stream stored in reverse sector order (legal, unusual) reads the same cells', async () => {
    const a = await read(hostile('xls-sectors-in-reverse-order.xls'));
    const b = await read(fixture('roster-diacritics-numbers-dates-formula.xls'));
    expect(a.rows).toEqual(b.rows);
  });

  test('a DIMENSIONS record claiming 65,536 × 16,384 cells is not trusted: the real cells are read', async () => {
    const a = await read(hostile('xls-dimensions-huge.xls'));
    const b = await read(fixture('roster-diacritics-numbers-dates-formula.xls'));
    expect(a.rows).toEqual(b.rows);
  });

  test('a file over the size limit is refused before it is read', async () => {
    const saved = XLS_LIMITS.fileBytes;
    XLS_LIMITS.fileBytes = 4096;
    try {
      const err = await read(fixture('khu-pho-sheets-merged-ward-cells.xls')).catch((e) => e);
      expect(err).toBeInstanceOf(InputError);
      expect((err as InputError).msg.vi).toMatch(/tệp \.xls quá lớn/);
    } finally {
      XLS_LIMITS.fileBytes = saved;
    }
  });

  test('a stream announced far larger than the file is refused before it is allocated', async () => {
    // The directory entry of the Workbook stream says 400 MB; the file has a few sectors.
    const buf = Buffer.from(fs.readFileSync(hostile('xls-dimensions-huge.xls')));
    const dirSector = buf.readUInt32LE(0x30);
    buf.writeUInt32LE(400 * 1024 * 1024, (dirSector + 1) * 512 + 128 + 0x78);
    const file = path.join(tempDir('roster-xls-'), 'huge-stream.xls');
    try {
      fs.writeFileSync(file, buf);
      const before = process.memoryUsage().rss;
      const err = await read(file).catch((e) => e);
      expect(err).toBeInstanceOf(InputError);
      expect((err as InputError).msg.en).toMatch(/419430400 bytes announced, \d+ stored/);
      expect(process.memoryUsage().rss - before).toBeLessThan(100 * 1024 * 1024);
    } finally {
      fs.rmSync(path.dirname(file), { recursive: true, force: true });
    }
  });
});
