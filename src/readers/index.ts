/**
 * Opening a roster file: XLSX by its zip signature, legacy XLS by its
 * Compound File signature (D0 CF 11 E0 A1 B1 1A E1, ./xls/), anything else as
 * delimited text (CSV/TSV/TXT) in a detected or named encoding. Hostile or
 * unusable files are InputErrors that name the file and what to do.
 *
 * `table.rows` (and `table.batches`, the same rows in arrays, cheaper per row)
 * can be iterated several times: each iteration reads the file again from the
 * start, so header detection can read the first rows and stop.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { InputError } from '../errors.js';
import { msg, type Msg } from '../text/i18n.js';
import { detectEncoding, type EncodingName } from './encoding/index.js';
import { detectHeader } from '../importer/header.js';
import { csvBatches, readTextHead, sniffDelimiter } from './csv.js';
import type { OpenTableOptions, SourceRow, Table, TablePosition } from './types.js';
import { openWorkbook, sheetBatches, sheetMerges, type MergeRange, type SheetInfo, type Workbook } from './xlsx.js';
import { hasCompoundSignature, openXlsWorkbook, xlsSheetBatches, xlsSheetMerges, type XlsSheetInfo, type XlsWorkbook } from './xls/index.js';

export type { CellValue, OpenTableOptions, SourceRow, Table, TablePosition } from './types.js';

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

/** Every sheet of a file that can be read as a table (one for a text file). */
export interface OpenedFile {
  format: 'csv' | 'xlsx' | 'xls';
  tables: OpenedTable[];
  /** Hidden sheets, not read unless named with --sheet. */
  hidden: string[];
  notes: (string | Msg)[];
}

export async function sha256File(file: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of fs.createReadStream(file, { highWaterMark: 1 << 20 })) h.update(chunk as Buffer);
  return h.digest('hex');
}

function flatten(batches: AsyncIterable<SourceRow[]>): AsyncIterable<SourceRow> {
  return {
    async *[Symbol.asyncIterator]() {
      for await (const b of batches) yield* b;
    },
  };
}

function reiterable(make: () => AsyncGenerator<SourceRow[]>): AsyncIterable<SourceRow[]> {
  return { [Symbol.asyncIterator]: () => make() };
}

async function stat(file: string): Promise<fs.Stats> {
  try {
    const st = await fs.promises.stat(file);
    if (st.isDirectory()) {
      throw new InputError(msg(`${file} là một thư mục, không phải tệp.`, `${file} is a folder, not a file.`), msg('Hãy chỉ đến tệp danh sách.', 'Name the roster file itself.'), file);
    }
    return st;
  } catch (e) {
    if (e instanceof InputError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError(
      code === 'ENOENT'
        ? msg(`Không tìm thấy tệp ${file}.`, `File not found: ${file}.`)
        : msg(`Không đọc được tệp ${file} (${code}).`, `Cannot read ${file} (${code}).`),
      msg('Kiểm tra đường dẫn và quyền đọc tệp.', 'Check the path and that the file can be read.'),
      file,
    );
  }
}

async function head(file: string, n: number): Promise<Buffer> {
  const fh = await fs.promises.open(file, 'r');
  try {
    const b = Buffer.alloc(n);
    const { bytesRead } = await fh.read(b, 0, n, 0);
    return b.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

function emptyError(file: string): InputError {
  return new InputError(
    msg(`${file}: tệp trống.`, `${file}: the file is empty.`),
    msg('Hãy chọn tệp danh sách có dữ liệu.', 'Choose a roster file that has data in it.'),
    file,
  );
}

/** Opens a roster file for streaming: the one sheet named, or the sheet most like a roster. */
export async function openTable(file: string, opts: OpenTableOptions = {}): Promise<OpenedTable> {
  await checkFile(file);
  const book = await openBook(file);
  if (!book) return openText(file, opts, path.extname(file).toLowerCase());
  return chooseTable(book, opts);
}

/**
 * Opens every sheet of a roster file: the visible sheets of a workbook (hidden
 * ones only when named), or the named sheets (`sheets`, in the order given);
 * a text file is one table.
 */
export async function openFile(file: string, opts: { sheets?: string[]; encoding?: string } = {}): Promise<OpenedFile> {
  await checkFile(file);
  const book = await openBook(file);
  if (!book) {
    const t = await openText(file, { encoding: opts.encoding }, path.extname(file).toLowerCase());
    return { format: 'csv', tables: [t], hidden: [], notes: [] };
  }
  if (book.sheets.length === 0) throw noSheets(file);
  const notes = book.notes;
  if (opts.sheets && opts.sheets.length > 0) {
    const chosen = opts.sheets.map((name) => findSheet(book, name));
    const unique = chosen.filter((s, i) => chosen.indexOf(s) === i);
    return { format: book.format, tables: unique.map((s) => book.table(s, [])), hidden: [], notes };
  }
  const visible = book.sheets.filter((s) => !s.hidden);
  if (visible.length === 0) throw allHidden(book);
  const hidden = book.sheets.filter((s) => s.hidden).map((s) => s.name);
  return { format: book.format, tables: visible.map((s) => book.table(s, [])), hidden, notes };
}

/** A sheet of either workbook format, as the sheet choice sees it. */
interface BookSheet {
  name: string;
  hidden: boolean;
}

/** What opening sheets needs from a workbook of either format. */
interface Book {
  file: string;
  format: 'xlsx' | 'xls';
  sheets: BookSheet[];
  /** Notes about the workbook as a whole (macros, links, skipped chart sheets). */
  notes: (string | Msg)[];
  table(sheet: BookSheet, notes: (string | Msg)[]): OpenedTable;
}

/** The workbook in a file (by its signature), or undefined for a text file. */
async function openBook(file: string): Promise<Book | undefined> {
  const magic = await head(file, 8);
  if (magic[0] === 0x50 && magic[1] === 0x4b) {
    const wb = await openWorkbook(file);
    return { file, format: 'xlsx', sheets: wb.sheets, notes: workbookNotes(wb), table: (s, notes) => xlsxTable(wb, s as SheetInfo, notes) };
  }
  if (hasCompoundSignature(magic)) {
    const wb = await openXlsWorkbook(file);
    return { file, format: 'xls', sheets: wb.sheets, notes: xlsNotes(wb), table: (s, notes) => xlsTable(wb, s as XlsSheetInfo, notes) };
  }
  return undefined;
}

/** The file exists, is a file, is not empty, and is not a format we cannot read. */
async function checkFile(file: string): Promise<void> {
  const st = await stat(file);
  if (st.size === 0) throw emptyError(file);
  const magic = await head(file, 8);
  const ext = path.extname(file).toLowerCase();
  if ((magic[0] === 0x50 && magic[1] === 0x4b) || hasCompoundSignature(magic)) return;
  if (ext === '.xlsx' || ext === '.xlsm') {
    throw new InputError(
      msg(`${file}: không phải tệp .xlsx hợp lệ (thiếu chữ ký zip).`, `${file}: not a valid .xlsx file (no zip signature).`),
      msg('Mở tệp bằng Excel hoặc LibreOffice, lưu lại thành .xlsx rồi nhập lại.', 'Open the file in Excel or LibreOffice, save it as .xlsx, then import it again.'),
      file,
    );
  }
}

async function openText(file: string, opts: OpenTableOptions, ext: string): Promise<OpenedTable> {
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

function fold(s: string): string {
  return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[đĐ]/g, 'd').toLowerCase().trim();
}

async function firstRows(table: OpenedTable, n: number): Promise<SourceRow[]> {
  const rows: SourceRow[] = [];
  for await (const b of table.batches) {
    for (const r of b) {
      rows.push(r);
      if (rows.length >= n) return rows; // (leaving the loop closes the reader)
    }
  }
  return rows;
}

function noSheets(file: string): InputError {
  return new InputError(msg(`${file}: bảng tính không có trang nào.`, `${file}: the workbook has no sheets.`), msg('Kiểm tra lại tệp.', 'Check the file.'), file);
}

function allHidden(wb: Book): InputError {
  const file = wb.file;
  return new InputError(
    msg(`${file}: mọi trang tính đều bị ẩn.`, `${file}: every sheet is hidden.`),
    msg(`Chọn một trang bằng --sheet: ${wb.sheets.map((s) => `"${s.name}"`).join(', ')}.`, `Choose one with --sheet: ${wb.sheets.map((s) => `"${s.name}"`).join(', ')}.`),
    file,
  );
}

function findSheet(wb: Book, name: string): BookSheet {
  const sheet = wb.sheets.find((s) => s.name === name) ?? wb.sheets.find((s) => fold(s.name) === fold(name));
  if (!sheet) {
    throw new InputError(
      msg(`${wb.file}: không có trang tính "${name}".`, `${wb.file}: there is no sheet named "${name}".`),
      msg(`Các trang có: ${wb.sheets.map((s) => `"${s.name}"`).join(', ')}.`, `Sheets in the file: ${wb.sheets.map((s) => `"${s.name}"`).join(', ')}.`),
      wb.file,
    );
  }
  return sheet;
}

function workbookNotes(wb: Workbook): (string | Msg)[] {
  const notes: (string | Msg)[] = [];
  if (wb.hasMacros) {
    notes.push(msg('bảng tính có macro (dự án VBA): không bao giờ chạy; chỉ đọc giá trị ô', 'the workbook holds macros (a VBA project): they are never run; only cell values are read'));
  }
  if (wb.externalLinks > 0) {
    notes.push(
      msg(
        `bảng tính liên kết tới ${wb.externalLinks} bảng tính khác: không mở liên kết; dùng giá trị đã lưu trong tệp này`,
        `the workbook links to ${wb.externalLinks} other workbook(s): links are never followed; the values last saved in this file are used`,
      ),
    );
  }
  return notes;
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

function xlsxTable(wb: Workbook, sheet: SheetInfo, notes: (string | Msg)[]): OpenedTable {
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

function xlsNotes(wb: XlsWorkbook): (string | Msg)[] {
  const notes: (string | Msg)[] = [];
  if (wb.skippedSheets.length) {
    const list = wb.skippedSheets.map((s) => `"${s.name}" (${s.kind})`).join(', ');
    notes.push(msg(`bỏ qua các trang biểu đồ và macro: ${list}`, `chart and macro sheets skipped: ${list}`));
  }
  if (wb.biff === 5) {
    const cp = wb.codepage ?? 1252;
    notes.push(msg(`bảng tính Excel 5/95: chữ được giải mã theo bảng mã ${cp}`, `Excel 5/95 workbook: text decoded from code page ${cp}`));
  }
  return notes;
}

function xlsTable(wb: XlsWorkbook, sheet: XlsSheetInfo, notes: (string | Msg)[]): OpenedTable {
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

/** One sheet of a workbook: the one named, else the only visible one, else the one with the most roster headers. */
async function chooseTable(book: Book, opts: OpenTableOptions): Promise<OpenedTable> {
  const file = book.file;
  if (book.sheets.length === 0) throw noSheets(file);
  const notes: (string | Msg)[] = [];
  let sheet: BookSheet | undefined;
  if (opts.sheet !== undefined) {
    sheet = findSheet(book, opts.sheet);
  } else {
    const visible = book.sheets.filter((s) => !s.hidden);
    const hidden = book.sheets.filter((s) => s.hidden);
    if (visible.length === 0) throw allHidden(book);
    if (visible.length === 1) sheet = visible[0];
    else {
      let bestScore = -1;
      for (const s of visible) {
        const score = detectHeader(await firstRows(book.table(s, []), 40)).columns.length;
        if (score > bestScore) (bestScore = score), (sheet = s);
      }
      const others = visible.filter((s) => s !== sheet).map((s) => `"${s.name}"`);
      const name = (sheet as BookSheet).name;
      notes.push(
        msg(
          `đã chọn trang tính "${name}": có nhiều tiêu đề cột danh sách nhất (${bestScore}); các trang khác: ${others.join(', ')}; dùng --sheet để chọn trang khác`,
          `sheet "${name}" chosen: it has the most roster column headers (${bestScore}); other sheets: ${others.join(', ')}; use --sheet to choose another`,
        ),
      );
    }
    if (hidden.length) {
      const list = hidden.map((s) => `"${s.name}"`).join(', ');
      notes.push(msg(`bỏ qua các trang tính ẩn: ${list}`, `hidden sheets skipped: ${list}`));
    }
  }
  notes.push(...book.notes);
  return book.table(sheet as BookSheet, notes);
}
