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
import { excelSerialToDate } from '../excel-date.js';
import type { CellValue, SourceRow } from '../types.js';
import { damaged } from './errors.js';
import { RT, recordLength, rkValue, withContinues } from './records.js';
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

const ERRORS: Record<number, string> = { 0: '#NULL!', 7: '#DIV/0!', 15: '#VALUE!', 23: '#REF!', 29: '#NAME?', 36: '#NUM!', 42: '#N/A', 43: '#GETTING_DATA' };

/**
 * A walk over a sheet's own substream (depth 1, from its BOF to its EOF),
 * record by record, without an object per record: `visit` gets the type, the
 * offset of the data and its length. `run` stops when `enough()` says so and
 * goes on from there at the next call.
 */
class SheetWalk {
  private pos: number;
  private depth = 0;
  done = false;

  constructor(
    private readonly wb: XlsWorkbook,
    private readonly sheet: XlsSheetInfo,
    private readonly visit: (type: number, start: number, len: number) => void,
  ) {
    this.pos = sheet.offset;
  }

  run(enough: () => boolean = () => false): void {
    const s = this.wb.stream;
    while (!this.done && !enough()) {
      const at = this.pos;
      if (at >= s.length) throw damaged(this.wb.file, `sheet "${this.sheet.name}" is cut off (no EOF record)`);
      const len = recordLength(this.wb.file, s, at);
      const type = s.readUInt16LE(at);
      this.pos = at + 4 + len;
      if (type === RT.BOF) this.depth++;
      else if (type === RT.EOF) this.done = --this.depth <= 0;
      else if (this.depth === 1) this.visit(type, at + 4, len);
    }
  }
}

type Emit = (row: number, col: number, value: CellValue) => void;

/**
 * Decodes the cell records of a sheet and hands each value to `emit` (row
 * 1-based, column 0-based). Empty strings are not values.
 */
function cellVisitor(wb: XlsWorkbook, sheet: XlsSheetInfo, emit: Emit): (type: number, start: number, len: number) => void {
  const { file, stream: s } = wb;
  const where = (type: number, start: number) => `sheet "${sheet.name}", record 0x${type.toString(16).padStart(4, '0')} at byte ${start - 4}`;
  const number = (xf: number, n: number): CellValue => (wb.dateStyles[xf] ? (excelSerialToDate(n, wb.date1904) ?? n) : n);
  let pending = -1;
  let pendingCol = 0;
  let type = 0;
  let start = 0;
  const put = (row: number, col: number, value: CellValue) => {
    if (col > MAX_COLUMN) throw damaged(file, `${where(type, start)}: column ${col + 1} lies beyond the last column XFD`);
    if (value !== null && value !== '') emit(row + 1, col, value);
  };
  return (t, at, len) => {
    type = t;
    start = at;
    if (t === RT.STRING) {
      if (pending >= 0) {
        const first = { type: t, offset: at - 4, data: s.subarray(at, at + len) };
        put(pending, pendingCol, readString(new Fragments(file, withContinues(file, s, first), where(t, at)), 2, wb.codec));
      }
      pending = -1;
      return;
    }
    if (!CELL_RECORDS.has(t)) return;
    const need = (n: number) => {
      if (len < n) throw damaged(file, `${where(t, at)} is too short`);
    };
    need(6);
    const row = s.readUInt16LE(at);
    const col = s.readUInt16LE(at + 2);
    const xf = s.readUInt16LE(at + 4);
    pending = -1;
    switch (t) {
      case RT.NUMBER:
        need(14);
        return put(row, col, number(xf, s.readDoubleLE(at + 6)));
      case RT.RK:
        need(10);
        return put(row, col, number(xf, rkValue(s.readInt32LE(at + 6))));
      case RT.MULRK: {
        const n = (len - 6) / 6;
        if (!Number.isInteger(n) || s.readUInt16LE(at + len - 2) !== col + n - 1) throw damaged(file, `${where(t, at)}: the run of numbers does not match its columns`);
        for (let k = 0; k < n; k++) put(row, col + k, number(s.readUInt16LE(at + 4 + 6 * k), rkValue(s.readInt32LE(at + 6 + 6 * k))));
        return;
      }
      case RT.LABELSST: {
        need(10);
        const i = s.readUInt32LE(at + 6);
        const str = wb.sharedStrings[i];
        if (str === undefined) throw damaged(file, `${where(t, at)}: a cell refers to shared string ${i}, the table has ${wb.sharedStrings.length}`);
        return put(row, col, str);
      }
      case RT.LABEL:
      case RT.RSTRING:
        return put(row, col, readStringAt(file, s.subarray(at, at + len), 6, 2, wb.codec, where(t, at)));
      case RT.BOOLERR:
        need(8);
        return put(row, col, s[at + 7] === 0 ? s[at + 6] !== 0 : (ERRORS[s.readUInt8(at + 6)] ?? '#N/A'));
      case RT.FORMULA: {
        need(20);
        if (s.readUInt16LE(at + 12) !== 0xffff) return put(row, col, number(xf, s.readDoubleLE(at + 6)));
        const kind = s[at + 6];
        if (kind === 0) {
          pending = row;
          pendingCol = col;
        } else if (kind === 1) put(row, col, s[at + 8] !== 0);
        else if (kind === 2) put(row, col, ERRORS[s.readUInt8(at + 8)] ?? '#N/A');
        return;
      }
    }
  };
}

const CELL_RECORDS = new Set<number>([RT.NUMBER, RT.RK, RT.MULRK, RT.LABELSST, RT.LABEL, RT.RSTRING, RT.BOOLERR, RT.FORMULA]);

/** Do the cell records come in ascending row order (as every known writer stores them)? */
function rowsAscending(wb: XlsWorkbook, sheet: XlsSheetInfo): boolean {
  let last = -1;
  let ascending = true;
  const walk = new SheetWalk(wb, sheet, (type, start, len) => {
    if (!CELL_RECORDS.has(type) || len < 2) return;
    const row = wb.stream.readUInt16LE(start);
    if (row < last) ascending = false;
    last = row;
  });
  walk.run(() => !ascending);
  return ascending;
}

/** Gathers rows into batches bounded by row count and by cells (a wide row counts its width). */
class Batcher {
  readonly full: SourceRow[][] = [];
  private batch: SourceRow[] = [];
  private cellsInBatch = 0;

  add(row: SourceRow): void {
    this.batch.push(row);
    this.cellsInBatch += row.cells.length;
    if (this.batch.length >= XLS_LIMITS.batchRows || this.cellsInBatch >= XLS_LIMITS.batchCells) this.flush();
  }

  flush(): void {
    if (this.batch.length) this.full.push(this.batch);
    this.batch = [];
    this.cellsInBatch = 0;
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
  const walk = new SheetWalk(
    wb,
    sheet,
    cellVisitor(wb, sheet, (row, col, value) => {
      if (!cur || cur.row !== row) {
        if (cur) out.add(cur);
        cur = { row, cells: [] };
      }
      place(cur.cells, col, value);
    }),
  );
  while (!walk.done) {
    walk.run(() => out.full.length > 0);
    while (out.full.length) yield out.full.shift() as SourceRow[];
  }
  if (cur) out.add(cur);
  out.flush();
  yield* out.full;
}

/** Rows stored out of order: cells gathered sparsely (row → [col, value]…), then sorted. */
function* sortedBatches(wb: XlsWorkbook, sheet: XlsSheetInfo, out: Batcher): Generator<SourceRow[]> {
  const rows = new Map<number, [number, CellValue][]>();
  new SheetWalk(
    wb,
    sheet,
    cellVisitor(wb, sheet, (row, col, value) => {
      const list = rows.get(row);
      if (list) list.push([col, value]);
      else rows.set(row, [[col, value]]);
    }),
  ).run();
  for (const row of [...rows.keys()].sort((a, b) => a - b)) {
    const cells: CellValue[] = [];
    for (const [col, value] of rows.get(row) as [number, CellValue][]) place(cells, col, value);
    out.add({ row, cells });
    while (out.full.length) yield out.full.shift() as SourceRow[];
  }
  out.flush();
  yield* out.full;
}

/** Merged ranges of one sheet (MERGEDCELLS records), in the order stored. */
export function xlsSheetMerges(wb: XlsWorkbook, sheet: XlsSheetInfo): SheetMerges {
  const ranges: MergeRange[] = [];
  const d = wb.stream;
  new SheetWalk(wb, sheet, (type, start, len) => {
    if (type !== RT.MERGEDCELLS) return;
    const n = len >= 2 ? d.readUInt16LE(start) : 0;
    if (len < 2 + 8 * n) throw damaged(wb.file, `sheet "${sheet.name}": MERGEDCELLS record at byte ${start - 4} lists ${n} ranges but holds ${Math.floor((len - 2) / 8)}`);
    for (let k = 0; k < n; k++) {
      const at = start + 2 + 8 * k;
      const firstRow = d.readUInt16LE(at) + 1;
      const lastRow = d.readUInt16LE(at + 2) + 1;
      const firstCol = d.readUInt16LE(at + 4);
      const lastCol = d.readUInt16LE(at + 6);
      if (lastRow >= firstRow && lastCol >= firstCol && lastCol <= MAX_COLUMN) ranges.push({ firstRow, lastRow, firstCol, lastCol });
    }
  }).run();
  return { sheet: sheet.name, ranges };
}
