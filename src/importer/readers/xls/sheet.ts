/**
 * Cells and merged ranges of one worksheet of an .xls. Cell records:
 * NUMBER and RK (numbers; a date when the cell's style is a date format),
 * MULRK (a run of RK cells), LABELSST (a shared string), LABEL and RSTRING
 * (inline strings), BOOLERR (TRUE/FALSE or an error such as #DIV/0!),
 * FORMULA with its cached result (a string result follows in a STRING
 * record); formulas are never evaluated. MERGEDCELLS lists merged ranges.
 * Records of a chart embedded in the sheet (a nested BOF … EOF) are skipped.
 *
 * Rows are handed out in batches as the records are read. Every writer seen
 * stores rows in ascending order; a sheet that does not is detected first
 * and its cells are gathered (sparsely) and sorted before any row is given.
 */
import { excelSerialToDate } from '../../values.js';
import type { CellValue, SourceRow } from '../types.js';
import { damaged } from './errors.js';
import { RT, records, rkValue, withContinues, type BiffRecord } from './records.js';
import { Fragments, readString, readStringAt } from './strings.js';
import { XLS_LIMITS, type XlsSheetInfo, type XlsWorkbook } from './workbook.js';

/** The last column Excel has (XFD): a cell beyond it is damage, not data. */
const MAX_COLUMN = 16383;

/**
 * A merged range: rows 1-based (as a spreadsheet shows them), columns 0-based
 * (as in `SourceRow.cells`), both ends included. The same shape as the XLSX
 * reader's merged ranges.
 */
export interface MergeRange {
  firstRow: number;
  lastRow: number;
  firstCol: number;
  lastCol: number;
}

export interface SheetMerges {
  sheet: string;
  ranges: MergeRange[];
}

const ERRORS: Record<number, string> = { 0x00: '#NULL!', 0x07: '#DIV/0!', 0x0f: '#VALUE!', 0x17: '#REF!', 0x1d: '#NAME?', 0x24: '#NUM!', 0x2a: '#N/A', 0x2b: '#GETTING_DATA' };

/** The records of a sheet's own substream (depth 1), up to its EOF. */
function* sheetRecords(wb: XlsWorkbook, sheet: XlsSheetInfo): Generator<BiffRecord> {
  let depth = 0;
  for (const r of records(wb.file, wb.stream, sheet.offset)) {
    if (r.type === RT.BOF) depth++;
    else if (r.type === RT.EOF) {
      if (--depth === 0) return;
    } else if (depth === 1) yield r;
  }
  throw damaged(wb.file, `sheet "${sheet.name}" is cut off (no EOF record)`);
}

interface Cell {
  row: number;
  col: number;
  value: CellValue;
}

const CELL_RECORDS = new Set<number>([RT.NUMBER, RT.RK, RT.MULRK, RT.LABELSST, RT.LABEL, RT.RSTRING, RT.BOOLERR, RT.FORMULA]);

/** The cells of a sheet in record order. Empty strings and blanks are not cells. */
function* sheetCells(wb: XlsWorkbook, sheet: XlsSheetInfo): Generator<Cell> {
  const { file } = wb;
  const where = (r: BiffRecord) => `sheet "${sheet.name}", record 0x${r.type.toString(16).padStart(4, '0')} at byte ${r.offset}`;
  const number = (xf: number, n: number): CellValue => (wb.dateStyles[xf] ? (excelSerialToDate(n, wb.date1904) ?? n) : n);
  const cell = (r: BiffRecord, row: number, col: number, value: CellValue): Cell => {
    if (col > MAX_COLUMN) throw damaged(file, `${where(r)}: column ${col + 1} lies beyond the last column XFD`);
    return { row: row + 1, col, value: value === '' ? null : value };
  };
  let pending: { row: number; col: number } | undefined;
  for (const r of sheetRecords(wb, sheet)) {
    const d = r.data;
    if (r.type === RT.STRING) {
      if (pending) {
        const f = new Fragments(file, withContinues(file, wb.stream, r), where(r));
        yield cell(r, pending.row, pending.col, readString(f, 2, wb.codec));
      }
      pending = undefined;
      continue;
    }
    if (!CELL_RECORDS.has(r.type)) continue;
    if (d.length < 6) throw damaged(file, `${where(r)} is too short`);
    const row = d.readUInt16LE(0);
    const col = d.readUInt16LE(2);
    const xf = d.readUInt16LE(4);
    const need = (n: number) => {
      if (d.length < n) throw damaged(file, `${where(r)} is too short`);
    };
    pending = undefined;
    switch (r.type) {
      case RT.NUMBER:
        need(14);
        yield cell(r, row, col, number(xf, d.readDoubleLE(6)));
        break;
      case RT.RK:
        need(10);
        yield cell(r, row, col, number(xf, rkValue(d.readInt32LE(6))));
        break;
      case RT.MULRK: {
        const n = (d.length - 6) / 6;
        if (!Number.isInteger(n) || d.readUInt16LE(d.length - 2) !== col + n - 1) throw damaged(file, `${where(r)}: the run of numbers does not match its columns`);
        for (let k = 0; k < n; k++) yield cell(r, row, col + k, number(d.readUInt16LE(4 + 6 * k), rkValue(d.readInt32LE(6 + 6 * k))));
        break;
      }
      case RT.LABELSST: {
        need(10);
        const i = d.readUInt32LE(6);
        const s = wb.sharedStrings[i];
        if (s === undefined) throw damaged(file, `${where(r)}: a cell refers to shared string ${i}, the table has ${wb.sharedStrings.length}`);
        yield cell(r, row, col, s);
        break;
      }
      case RT.LABEL:
      case RT.RSTRING:
        yield cell(r, row, col, readStringAt(file, d, 6, 2, wb.codec, where(r)));
        break;
      case RT.BOOLERR:
        need(8);
        yield cell(r, row, col, d[7] === 0 ? d[6] !== 0 : (ERRORS[d[6]] ?? '#N/A'));
        break;
      case RT.FORMULA: {
        need(20);
        if (d.readUInt16LE(12) !== 0xffff) {
          yield cell(r, row, col, number(xf, d.readDoubleLE(6)));
          break;
        }
        const kind = d[6];
        if (kind === 0) pending = { row, col };
        else if (kind === 1) yield cell(r, row, col, d[8] !== 0);
        else if (kind === 2) yield cell(r, row, col, ERRORS[d[8]] ?? '#N/A');
        break;
      }
    }
  }
}

/** Do the cell records come in ascending row order (as every known writer stores them)? */
function rowsAscending(wb: XlsWorkbook, sheet: XlsSheetInfo): boolean {
  let last = -1;
  for (const r of sheetRecords(wb, sheet)) {
    if (!CELL_RECORDS.has(r.type) || r.data.length < 2) continue;
    const row = r.data.readUInt16LE(0);
    if (row < last) return false;
    last = row;
  }
  return true;
}

/** Gathers rows into batches bounded by row count and by cells (a wide row counts its width). */
class Batcher {
  private batch: SourceRow[] = [];
  private cellsInBatch = 0;

  add(row: SourceRow): SourceRow[] | undefined {
    this.batch.push(row);
    this.cellsInBatch += row.cells.length;
    if (this.batch.length < XLS_LIMITS.batchRows && this.cellsInBatch < XLS_LIMITS.batchCells) return undefined;
    return this.take();
  }

  take(): SourceRow[] {
    const b = this.batch;
    this.batch = [];
    this.cellsInBatch = 0;
    return b;
  }
}

function place(cells: CellValue[], col: number, value: CellValue): void {
  while (cells.length < col) cells.push(null);
  cells[col] = value;
}

/**
 * Rows of one sheet, in batches, with the same shape as the XLSX reader's:
 * 1-based row numbers, rows without any value left out, text NFC, dates as
 * Date at UTC midnight (plus the time of day when the cell has one).
 */
export async function* xlsSheetBatches(wb: XlsWorkbook, sheet: XlsSheetInfo): AsyncGenerator<SourceRow[]> {
  const out = new Batcher();
  if (!rowsAscending(wb, sheet)) {
    yield* sortedBatches(wb, sheet, out);
    return;
  }
  let cur: SourceRow | undefined;
  for (const c of sheetCells(wb, sheet)) {
    if (c.value === null) continue;
    if (!cur || cur.row !== c.row) {
      const full = cur && out.add(cur);
      if (full) yield full;
      cur = { row: c.row, cells: [] };
    }
    place(cur.cells, c.col, c.value);
  }
  const last = cur && out.add(cur);
  if (last) yield last;
  const rest = out.take();
  if (rest.length) yield rest;
}

function* sortedBatches(wb: XlsWorkbook, sheet: XlsSheetInfo, out: Batcher): Generator<SourceRow[]> {
  const rows = new Map<number, Cell[]>();
  for (const c of sheetCells(wb, sheet)) {
    if (c.value === null) continue;
    const list = rows.get(c.row);
    if (list) list.push(c);
    else rows.set(c.row, [c]);
  }
  for (const row of [...rows.keys()].sort((a, b) => a - b)) {
    const cells: CellValue[] = [];
    for (const c of rows.get(row) as Cell[]) place(cells, c.col, c.value);
    const full = out.add({ row, cells });
    if (full) yield full;
  }
  const rest = out.take();
  if (rest.length) yield rest;
}

/** Merged ranges of one sheet (MERGEDCELLS records), in the order stored. */
export function xlsSheetMerges(wb: XlsWorkbook, sheet: XlsSheetInfo): SheetMerges {
  const ranges: MergeRange[] = [];
  for (const r of sheetRecords(wb, sheet)) {
    if (r.type !== RT.MERGEDCELLS) continue;
    const d = r.data;
    const n = d.length >= 2 ? d.readUInt16LE(0) : 0;
    if (d.length < 2 + 8 * n) throw damaged(wb.file, `sheet "${sheet.name}": MERGEDCELLS record at byte ${r.offset} lists ${n} ranges but holds ${Math.floor((d.length - 2) / 8)}`);
    for (let k = 0; k < n; k++) {
      const at = 2 + 8 * k;
      const firstRow = d.readUInt16LE(at) + 1;
      const lastRow = d.readUInt16LE(at + 2) + 1;
      const firstCol = d.readUInt16LE(at + 4);
      const lastCol = d.readUInt16LE(at + 6);
      if (lastRow >= firstRow && lastCol >= firstCol && lastCol <= MAX_COLUMN) ranges.push({ firstRow, lastRow, firstCol, lastCol });
    }
  }
  return { sheet: sheet.name, ranges };
}
