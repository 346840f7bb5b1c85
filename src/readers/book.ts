/**
 * A workbook of either format (XLSX, legacy XLS) as the sheet choice sees it:
 * its sheets, whether hidden, its notes, and a table for any sheet. Sheets are
 * found by name, exactly or with diacritics and case folded.
 */
import { InputError } from '../errors.js';
import { msg, type Msg } from '../text/i18n.js';
import { readHead, hasZipSignature } from './files.js';
import { xlsTable, xlsxTable, type OpenedTable } from './tables.js';
import { openWorkbook, type SheetInfo, type Workbook } from './xlsx/index.js';
import { hasCompoundSignature, openXlsWorkbook, type XlsSheetInfo, type XlsWorkbook } from './xls/index.js';

/** A sheet of either workbook format, as the sheet choice sees it. */
export interface BookSheet {
  name: string;
  hidden: boolean;
}

/** What opening sheets needs from a workbook of either format. */
export interface Book {
  file: string;
  format: 'xlsx' | 'xls';
  sheets: BookSheet[];
  /** Notes about the workbook as a whole (macros, links, skipped chart sheets). */
  notes: (string | Msg)[];
  table(sheet: BookSheet, notes: (string | Msg)[]): OpenedTable;
}

/** The workbook in a file (by its signature), or undefined for a text file. */
export async function openBook(file: string): Promise<Book | undefined> {
  const magic = await readHead(file, 8);
  if (hasZipSignature(magic)) {
    const wb = await openWorkbook(file);
    return { file, format: 'xlsx', sheets: wb.sheets, notes: workbookNotes(wb), table: (s, notes) => xlsxTable(wb, s as SheetInfo, notes) };
  }
  if (hasCompoundSignature(magic)) {
    const wb = await openXlsWorkbook(file);
    return { file, format: 'xls', sheets: wb.sheets, notes: xlsNotes(wb), table: (s, notes) => xlsTable(wb, s as XlsSheetInfo, notes) };
  }
  return undefined;
}

/** A sheet name for a forgiving match: diacritics, đ and case folded, trimmed. */
function fold(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .trim();
}

export function noSheets(file: string): InputError {
  return new InputError(msg(`${file}: bảng tính không có trang nào.`, `${file}: the workbook has no sheets.`), msg('Kiểm tra lại tệp.', 'Check the file.'), file);
}

export function allHidden(wb: Book): InputError {
  const file = wb.file;
  return new InputError(
    msg(`${file}: mọi trang tính đều bị ẩn.`, `${file}: every sheet is hidden.`),
    msg(`Chọn một trang bằng --sheet: ${wb.sheets.map((s) => `"${s.name}"`).join(', ')}.`, `Choose one with --sheet: ${wb.sheets.map((s) => `"${s.name}"`).join(', ')}.`),
    file,
  );
}

export function findSheet(wb: Book, name: string): BookSheet {
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

/** What the clerk is told about an XLSX workbook as a whole: macros, links to other workbooks. */
function workbookNotes(wb: Workbook): (string | Msg)[] {
  const notes: (string | Msg)[] = [];
  if (wb.hasMacros) {
    notes.push(
      msg('bảng tính có macro (dự án VBA): không bao giờ chạy; chỉ đọc giá trị ô', 'the workbook holds macros (a VBA project): they are never run; only cell values are read'),
    );
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

/** What the clerk is told about a legacy XLS workbook: skipped chart and macro sheets, an Excel 5/95 code page. */
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
