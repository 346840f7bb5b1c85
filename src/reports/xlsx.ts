/**
 * The exceljs streaming writer as every roster workbook uses it: inline
 * strings (no shared-string table held in memory), styles on, the workbook
 * dates fixed so that the same data gives the same file contents.
 *
 * Imports exceljs's streaming writer: load this module lazily (inside a
 * command's run()). Only the writer and what it requires, not the package's
 * entry, which also loads the whole-workbook model, the readers and their zip
 * and CSV libraries: about half of exceljs's load time, paid by every
 * command that writes a workbook (bench/README.md, city report).
 */
import fs from 'node:fs';
import type ExcelJS from 'exceljs';
import exceljsEnums from 'exceljs/lib/doc/enums.js';
import exceljsUtils from 'exceljs/lib/utils/utils.js';
import WorkbookWriter from 'exceljs/lib/stream/xlsx/workbook-writer.js';
import { columnIndex, columnLetter } from '../text/columns.js';
import { cleanCellText, isFormulaLike, type SafeValue } from './safe-cell.js';

// CommonJS modules: their exports are properties of the default import.
const { ValueType } = exceljsEnums;

export type StreamWorkbook = ExcelJS.stream.xlsx.WorkbookWriter;
export type StreamSheet = ExcelJS.Worksheet;

export const FONT = 'Times New Roman';

/**
 * How every roster list prints: A4 landscape, one page wide, centred, the rows
 * `titleRows` (e.g. "1:5") repeated at the top of every page.
 */
export function a4Landscape(titleRows: string, margins: ExcelJS.Margins): Partial<ExcelJS.PageSetup> {
  return { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, horizontalCentered: true, margins, printTitlesRow: titleRows };
}

/** Set on a workbook whose file could not be written (a full disk, say). */
const WRITE_FAILED = Symbol('writeFailed');
type Failable = { [WRITE_FAILED]?: Error };

/**
 * The writer's file stream is ours, so that a write error (ENOSPC on a full
 * disk) ends the work with that error: exceljs alone would stop zipping and
 * leave `commit()` and `breathe()` waiting for ever.
 */
export function streamWorkbook(file: string, when: Date): StreamWorkbook {
  const stream = fs.createWriteStream(file);
  const wb = new WorkbookWriter({ stream, useStyles: true, useSharedStrings: false });
  let fail: (e: Error) => void = () => {};
  const failed = new Promise<never>((_, reject) => {
    fail = reject;
  });
  failed.catch(() => {});
  stream.on('error', (e) => {
    (wb as Failable)[WRITE_FAILED] = e;
    fail(e);
  });
  const commit = wb.commit.bind(wb);
  wb.commit = () => Promise.race([commit(), failed]);
  wb.creator = 'roster';
  wb.lastModifiedBy = 'roster';
  wb.created = when;
  wb.modified = when;
  return wb;
}

interface SheetRelsWriterInternals {
  _hyperlinks: { rId?: string; address: string; target?: string }[];
  addHyperlink(h: { address: string; target: string }): void;
}

/**
 * The streaming writer stores every hyperlink as an external relationship.
 * For a link inside the workbook (`'Sheet'!K12`) the sheet must instead carry
 * `<hyperlink ref=".." location="'Sheet'!K12"/>` with no relationship; this
 * makes the given worksheet write its hyperlinks that way. Cells then take
 * `{ text, hyperlink: "'Sheet'!K12" }`.
 */
export function useInternalHyperlinks(ws: StreamSheet): void {
  const rels = (ws as unknown as { _sheetRelsWriter: SheetRelsWriterInternals })._sheetRelsWriter;
  rels.addHyperlink = (h) => {
    rels._hyperlinks.push({ address: h.address, target: h.target.replace(/^#/, '') });
  };
}

/** The format of date cells in roster's workbooks. */
export const DATE_FORMAT = 'dd/mm/yyyy';

/** A full ISO date as a date cell value (shown dd/mm/yyyy); a year alone or text as written stays text. */
export function dateCell(iso: string | null | undefined): Date | string {
  if (!iso) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : iso;
}

/** Column letters for a 1-based index: 1 -> A, 27 -> AA. */
export function colLetter(n: number): string {
  return columnLetter(n - 1);
}

/** 1-based index of column letters: A -> 1. */
export function colIndex(letters: string): number {
  return columnIndex(letters) + 1;
}

/** Splits "K12" into column 11 and row 12; undefined when it is not an A1 address. */
export function parseA1(a: string): { col: number; row: number } | undefined {
  const m = /^\$?([A-Za-z]{1,3})\$?(\d+)$/.exec(a.trim());
  if (!m) return undefined;
  return { col: colIndex(m[1] ?? ''), row: Number(m[2]) }; // both groups take part in a match
}

export const FILL = {
  error: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFC7CE' } },
  warning: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFEB9C' } },
  info: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } },
  header: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9E1F2' } },
  total: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } },
} as const satisfies Record<string, ExcelJS.FillPattern>;

export const THIN: Partial<ExcelJS.Borders> = {
  top: { style: 'thin' },
  left: { style: 'thin' },
  bottom: { style: 'thin' },
  right: { style: 'thin' },
};

/**
 * Data bars on a range, written as plain SpreadsheetML (`<dataBar>` with two
 * fixed bounds). exceljs always adds a reference to an Excel 2010 extension
 * that its streaming writer never writes, leaving a dangling `<x14:id/>`;
 * this writes the rule itself instead.
 */
export function addDataBars(ws: StreamSheet, ref: string, min: number, max: number, argb: string): void {
  const xml =
    `<conditionalFormatting sqref="${ref}"><cfRule type="dataBar" priority="1"><dataBar>` +
    `<cfvo type="num" val="${min}"/><cfvo type="num" val="${max}"/><color rgb="${argb}"/>` +
    `</dataBar></cfRule></conditionalFormatting>`;
  const w = ws as unknown as { _writeConditionalFormatting(): void; stream: { write(s: string): void } };
  w._writeConditionalFormatting = function (this: typeof w) {
    this.stream.write(xml);
  };
}

interface PendingWrites {
  writableLength?: number;
  _writableState?: { length?: number };
}

/**
 * Bytes written to a stream and not yet consumed. The zip's input is a
 * PassThrough from readable-stream 2 (archiver-utils), which has no
 * `writableLength`: its count is in `_writableState.length`.
 */
function pending(p: PendingWrites): number {
  return p.writableLength ?? p._writableState?.length ?? 0;
}

/**
 * Lets the zip and file streams drain. Rows come from a synchronous SQLite
 * iterator and exceljs never waits for back-pressure (its sheet stream writes
 * into the zip's input regardless), so without this the XML of a whole sheet
 * piles up in memory. Waits until the sheet's pending output is below 2 MB.
 */
export async function breathe(ws?: StreamSheet): Promise<void> {
  await new Promise<void>((resolve) => setImmediate(resolve));
  const sheet = ws as unknown as { stream?: { pipes?: PendingWrites[] }; _workbook?: Failable } | undefined;
  const pipes = sheet?.stream?.pipes;
  if (!pipes) return;
  for (let i = 0; ; i++) {
    // A file that cannot be written (a full disk) ends the wait with its error.
    const e = sheet?._workbook?.[WRITE_FAILED];
    if (e) throw e;
    if (i >= 100_000 || !pipes.some((p) => pending(p) > 2 << 20)) return;
    await new Promise<void>((resolve) => setTimeout(resolve, 2));
  }
}

/** The parts of exceljs's streaming sheet that the direct row writer drives. */
interface SheetWriterInternals {
  _rows: ({ number: number } | undefined)[];
  _rowZero: number;
  startedData: boolean;
  stream: { write(s: string): void };
  _workbook: { styles: { addStyleModel(style: object | undefined, cellType: number): number } };
  _commitRow(row: { number: number }): void;
  _writeColumns(): void;
  _writeOpenSheetData(): void;
}

export type RowStyle = Partial<ExcelJS.Style>;

/**
 * Rows written straight into a streaming sheet as the XML exceljs would
 * render for them (same style ids, same cell types, same text), without a
 * Row and a Cell object per value: a member list has millions of cells. Each
 * value is stored as setCell (safe-cell.ts) stores it. Rows go on from
 * `first`; rows of the sheet made the usual way before are written first.
 * Values are text, numbers, booleans and dates (no formulas).
 */
export class DirectRows {
  private readonly ws: SheetWriterInternals;
  private next: number;

  constructor(sheet: StreamSheet, first: number) {
    this.ws = sheet as unknown as SheetWriterInternals;
    const pending = this.ws._rows.filter((r) => r !== undefined);
    if (pending.length > 0) this.ws._commitRow(pending[pending.length - 1] as { number: number });
    if (!this.ws.startedData) {
      this.ws._writeColumns();
      this.ws._writeOpenSheetData();
      this.ws.startedData = true;
    }
    if (first < this.ws._rowZero) throw new Error(`row ${first} has already been written`);
    this.next = first;
  }

  /** The number of the row the next write() writes. */
  get nextRow(): number {
    return this.next;
  }

  /** Writes the next row: value k in column k + 1 with style k (styles may be longer); `height` in points, as `row.height`. */
  write(values: readonly SafeValue[], styles: readonly RowStyle[], height?: number): void {
    const r = this.next++;
    const styleSheet = this.ws._workbook.styles;
    let cells = '';
    let hasValue = false;
    for (let k = 0; k < values.length; k++) {
      const v = values[k];
      let style: RowStyle | undefined = styles[k]; // none: exceljs gives style 0
      let type = ValueType.Null;
      let body = '';
      if (typeof v === 'string') {
        const t = cleanCellText(v);
        if (t !== '') {
          type = ValueType.String;
          body = ` t="str"><v>${exceljsUtils.xmlEncode(t)}</v></c>`;
          // A copy with the text format, as setCell gives a formula-looking text.
          if (isFormulaLike(t)) style = { ...style, numFmt: '@' };
        }
      } else if (typeof v === 'number') {
        if (Number.isFinite(v)) {
          type = ValueType.Number;
          body = `><v>${v}</v></c>`;
        }
      } else if (typeof v === 'boolean') {
        type = ValueType.Boolean;
        body = ` t="b"><v>${v ? '1' : '0'}</v></c>`;
      } else if (v instanceof Date) {
        type = ValueType.Date;
        body = `><v>${exceljsUtils.dateToExcel(v, false)}</v></c>`;
      } else if (v !== null && v !== undefined) {
        throw new Error('DirectRows: formulas are written through exceljs');
      }
      const id = styleSheet.addStyleModel(style, type);
      if (type === ValueType.Null) {
        if (id) cells += `<c r="${columnLetter(k)}${r}" s="${id}"/>`;
        continue;
      }
      hasValue = true;
      cells += `<c r="${columnLetter(k)}${r}"${id ? ` s="${id}"` : ''}${body}`;
    }
    this.ws._rowZero = r + 1;
    // A row with no value is not written (exceljs: row.hasValues).
    const ht = height ? ` ht="${height}" customHeight="1"` : '';
    if (hasValue) this.ws.stream.write(`<row r="${r}"${ht} spans="1:${values.length}" x14ac:dyDescent="0.25">${cells}</row>`);
  }
}
