/**
 * A sheet or a text file as a table: its rows in batches (re-readable), how
 * far a reading has gone, its merged ranges and notes.
 */
import fs from 'node:fs';
import type { Msg } from '../text/i18n.js';
import { msg } from '../text/i18n.js';
import { detectEncoding, type EncodingName } from './encoding/index.js';
import { csvBatches, readTextHead, sniffDelimiter } from './csv.js';
import { emptyError } from './files.js';
import type { OpenTableOptions, SourceRow, Table, TablePosition } from './types.js';
import { sheetBatches, sheetMerges, type MergeRange, type SheetInfo, type Workbook } from './xlsx/index.js';
import { xlsSheetBatches, xlsSheetMerges, type XlsSheetInfo, type XlsWorkbook } from './xls/index.js';

/** A table with the rows also available in batches. */
export interface OpenedTable extends Table {
  format: 'csv' | 'xlsx' | 'xls';
  /** Delimiter of a text file. */
  delimiter?: string;
  batches: AsyncIterable<SourceRow[]>;
  /**
   * Merged cell ranges of the sheet (XLSX, XLS); none for text files. With
   * `skipAbove`, null for an XLSX sheet larger than that many bytes (not
   * read); an XLS sheet is in memory already, its ranges are always given.
   */
  merges(opts?: { skipAbove?: number }): Promise<MergeRange[] | null>;
  /** How far the latest reading of `batches` has gone (progress bars). */
  position(): TablePosition;
}

/** The rows of the batches, one by one. */
function flatten(batches: AsyncIterable<SourceRow[]>): AsyncIterable<SourceRow> {
  return {
    async *[Symbol.asyncIterator]() {
      for await (const b of batches) yield* b;
    },
  };
}

/** Batches that can be iterated again: each iteration starts a new reading. */
function reiterable(make: () => AsyncGenerator<SourceRow[]>): AsyncIterable<SourceRow[]> {
  return { [Symbol.asyncIterator]: () => make() };
}

/** A text file as a table: its encoding detected or checked, its delimiter sniffed (tab preferred for .tsv, .txt and UTF-16). */
export async function openText(file: string, opts: OpenTableOptions, ext: string): Promise<OpenedTable> {
  const det = await detectEncoding(file, opts.encoding);
  const encoding: EncodingName = det.encoding;
  const sample = await readTextHead(file, encoding, det.bom);
  if (sample.replace(/[\s,;\t"]/g, '') === '') throw emptyError(file);
  const utf16 = encoding === 'utf-16le' || encoding === 'utf-16be';
  const delimiter = sniffDelimiter(sample, ext === '.tsv' || utf16 || ext === '.txt');
  const notes: (string | Msg)[] = [];
  if (det.how === 'scored') notes.push(msg(`bảng mã: ${encoding} (nhận ra từ toàn bộ tệp)`, `encoding: ${encoding} (detected from the whole file)`));
  const size = (await fs.promises.stat(file)).size;
  let read = det.bom;
  const batches = reiterable(() => {
    read = det.bom;
    return csvBatches(file, { encoding, bom: det.bom, delimiter, onChunk: (n) => (read += n) });
  });
  return {
    position: () => ({ done: Math.min(read, size), total: size, unit: 'bytes' }),
    file,
    encoding,
    notes,
    format: 'csv',
    delimiter,
    batches,
    rows: flatten(batches),
    merges: async () => [],
  };
}

/** Batches that remember the last row read, and the sheet's dimension when stated (progress). */
function trackRows(make: (onDimension: (rows: number) => void) => AsyncGenerator<SourceRow[]>): { batches: AsyncIterable<SourceRow[]>; position: () => TablePosition } {
  let lastRow = 0;
  let total: number | undefined;
  const batches = reiterable(async function* () {
    lastRow = 0;
    for await (const b of make((rows) => (total = rows))) {
      lastRow = b[b.length - 1]?.row ?? lastRow;
      yield b;
    }
  });
  return { batches, position: () => ({ done: total === undefined ? lastRow : Math.min(lastRow, total), total, unit: 'rows' }) };
}

/** An XLSX sheet as a table. */
export function xlsxTable(wb: Workbook, sheet: SheetInfo, notes: (string | Msg)[]): OpenedTable {
  const { batches, position } = trackRows((onDimension) => sheetBatches(wb, sheet, onDimension));
  return {
    position,
    file: wb.file,
    sheet: sheet.name,
    notes,
    format: 'xlsx',
    batches,
    rows: flatten(batches),
    merges: (opts) => sheetMerges(wb, sheet, opts),
  };
}

/** A legacy XLS sheet as a table. */
export function xlsTable(wb: XlsWorkbook, sheet: XlsSheetInfo, notes: (string | Msg)[]): OpenedTable {
  const { batches, position } = trackRows(() => xlsSheetBatches(wb, sheet));
  return {
    position,
    file: wb.file,
    sheet: sheet.name,
    notes,
    format: 'xls',
    batches,
    rows: flatten(batches),
    merges: async () => xlsSheetMerges(wb, sheet).ranges,
  };
}
