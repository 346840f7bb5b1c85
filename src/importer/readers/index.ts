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
import { InputError } from '../../errors.js';
import { msg } from '../../text/i18n.js';
import { detectEncoding, type EncodingName } from '../encoding/index.js';
import { detectHeader } from '../header.js';
import { csvBatches, readTextHead, sniffDelimiter } from './csv.js';
import type { OpenTableOptions, SourceRow, Table } from './types.js';
import { openWorkbook, sheetBatches, type SheetInfo } from './xlsx.js';
import { hasCompoundSignature, openXlsWorkbook, xlsSheetBatches, type XlsSheetInfo } from './xls/index.js';

export type { CellValue, OpenTableOptions, SourceRow, Table } from './types.js';

/** A table with the rows also available in batches. */
export interface OpenedTable extends Table {
  format: 'csv' | 'xlsx' | 'xls';
  /** Delimiter of a text file. */
  delimiter?: string;
  batches: AsyncIterable<SourceRow[]>;
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

/** Opens a roster file for streaming. */
export async function openTable(file: string, opts: OpenTableOptions = {}): Promise<OpenedTable> {
  const st = await stat(file);
  if (st.size === 0) throw emptyError(file);
  const magic = await head(file, 8);
  const ext = path.extname(file).toLowerCase();
  if (magic[0] === 0x50 && magic[1] === 0x4b) return openXlsx(file, opts);
  if (hasCompoundSignature(magic)) return openXls(file, opts);
  if (ext === '.xlsx' || ext === '.xlsm') {
    throw new InputError(
      msg(`${file}: không phải tệp .xlsx hợp lệ (thiếu chữ ký zip).`, `${file}: not a valid .xlsx file (no zip signature).`),
      msg('Mở tệp bằng Excel hoặc LibreOffice, lưu lại thành .xlsx rồi nhập lại.', 'Open the file in Excel or LibreOffice, save it as .xlsx, then import it again.'),
      file,
    );
  }
  return openText(file, opts, ext);
}

async function openText(file: string, opts: OpenTableOptions, ext: string): Promise<OpenedTable> {
  const det = await detectEncoding(file, opts.encoding);
  const encoding: EncodingName = det.encoding;
  const sample = await readTextHead(file, encoding, det.bom);
  if (sample.replace(/[\s,;\t"]/g, '') === '') throw emptyError(file);
  const utf16 = encoding === 'utf-16le' || encoding === 'utf-16be';
  const delimiter = sniffDelimiter(sample, ext === '.tsv' || utf16 || ext === '.txt');
  const notes: string[] = [];
  if (det.how === 'scored') notes.push(`encoding: ${encoding} (detected from the whole file)`);
  const batches = reiterable(() => csvBatches(file, { encoding, bom: det.bom, delimiter }));
  return {
    file,
    encoding,
    notes,
    format: 'csv',
    delimiter,
    batches,
    rows: flatten(batches),
  };
}

function fold(s: string): string {
  return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[đĐ]/g, 'd').toLowerCase().trim();
}

/** What the sheet choice needs from a workbook of either format. */
interface SheetSource<S extends { name: string; hidden: boolean }> {
  format: 'xlsx' | 'xls';
  sheets: S[];
  batches: (sheet: S) => AsyncGenerator<SourceRow[]>;
  /** Notes about the workbook as a whole (macros, links, skipped chart sheets). */
  notes: string[];
}

async function firstRows<S extends { name: string; hidden: boolean }>(src: SheetSource<S>, sheet: S, n: number): Promise<SourceRow[]> {
  const rows: SourceRow[] = [];
  const g = src.batches(sheet);
  try {
    for await (const b of g) {
      for (const r of b) {
        rows.push(r);
        if (rows.length >= n) return rows;
      }
    }
  } finally {
    await g.return(undefined);
  }
  return rows;
}

async function openXlsx(file: string, opts: OpenTableOptions): Promise<OpenedTable> {
  const wb = await openWorkbook(file);
  const notes: string[] = [];
  if (wb.hasMacros) notes.push('the workbook holds macros (a VBA project): they are never run; only cell values are read');
  if (wb.externalLinks > 0) notes.push(`the workbook links to ${wb.externalLinks} other workbook(s): links are never followed; the values last saved in this file are used`);
  return openSheet(file, opts, { format: 'xlsx', sheets: wb.sheets, batches: (s: SheetInfo) => sheetBatches(wb, s), notes });
}

async function openXls(file: string, opts: OpenTableOptions): Promise<OpenedTable> {
  const wb = await openXlsWorkbook(file);
  const notes: string[] = [];
  if (wb.skippedSheets.length) notes.push(`chart and macro sheets skipped: ${wb.skippedSheets.map((s) => `"${s.name}" (${s.kind})`).join(', ')}`);
  if (wb.biff === 5) notes.push(`Excel 5/95 workbook: text decoded from code page ${wb.codepage ?? 1252}`);
  return openSheet(file, opts, { format: 'xls', sheets: wb.sheets, batches: (s: XlsSheetInfo) => xlsSheetBatches(wb, s), notes });
}

/** Chooses the sheet (`--sheet`, else the only visible one, else the one with the most roster headers) and opens it. */
async function openSheet<S extends { name: string; hidden: boolean }>(file: string, opts: OpenTableOptions, src: SheetSource<S>): Promise<OpenedTable> {
  const all = src.sheets;
  if (all.length === 0) {
    throw new InputError(msg(`${file}: bảng tính không có trang nào.`, `${file}: the workbook has no sheets.`), msg('Kiểm tra lại tệp.', 'Check the file.'), file);
  }
  const notes: string[] = [];
  let sheet: S | undefined;
  if (opts.sheet !== undefined) {
    sheet = all.find((s) => s.name === opts.sheet) ?? all.find((s) => fold(s.name) === fold(opts.sheet as string));
    if (!sheet) {
      throw new InputError(
        msg(`${file}: không có trang tính "${opts.sheet}".`, `${file}: there is no sheet named "${opts.sheet}".`),
        msg(`Các trang có: ${all.map((s) => `"${s.name}"`).join(', ')}.`, `Sheets in the file: ${all.map((s) => `"${s.name}"`).join(', ')}.`),
        file,
      );
    }
  } else {
    const visible = all.filter((s) => !s.hidden);
    const hidden = all.filter((s) => s.hidden);
    if (visible.length === 0) {
      throw new InputError(
        msg(`${file}: mọi trang tính đều bị ẩn.`, `${file}: every sheet is hidden.`),
        msg(`Chọn một trang bằng --sheet: ${all.map((s) => `"${s.name}"`).join(', ')}.`, `Choose one with --sheet: ${all.map((s) => `"${s.name}"`).join(', ')}.`),
        file,
      );
    }
    if (visible.length === 1) sheet = visible[0];
    else {
      let bestScore = -1;
      for (const s of visible) {
        const score = detectHeader(await firstRows(src, s, 40)).columns.length;
        if (score > bestScore) (bestScore = score), (sheet = s);
      }
      const others = visible.filter((s) => s !== sheet).map((s) => `"${s.name}"`);
      notes.push(
        `sheet "${(sheet as S).name}" chosen: it has the most roster column headers (${bestScore}); other sheets: ${others.join(', ')}; use --sheet to choose another`,
      );
    }
    if (hidden.length) notes.push(`hidden sheets skipped: ${hidden.map((s) => `"${s.name}"`).join(', ')}`);
  }
  notes.push(...src.notes);
  const chosen = sheet as S;
  const batches = reiterable(() => src.batches(chosen));
  return { file, sheet: chosen.name, notes, format: src.format, batches, rows: flatten(batches) };
}
