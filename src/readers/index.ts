/**
 * Opening a roster file: XLSX by its zip signature, legacy XLS by its
 * Compound File signature (D0 CF 11 E0 A1 B1 1A E1, ./xls/), anything else as
 * delimited text (CSV/TSV/TXT) in a detected or named encoding. Hostile or
 * unusable files are InputErrors that name the file and what to do.
 *
 * `table.rows` (and `table.batches`, the same rows in arrays, cheaper per row)
 * can be iterated several times: each iteration reads the file again from the
 * start, so header detection can read the first rows and stop.
 *
 * Which of several visible sheets is the one wanted, when none is named, is
 * the caller's business (a SheetChooser: the importer ranks sheets by their
 * roster headers, src/importer/roster-sheet.ts).
 */
import path from 'node:path';
import { InputError, present } from '../errors.js';
import { msg, type Msg } from '../text/i18n.js';
import { allHidden, findSheet, noSheets, openBook, type Book, type BookSheet } from './book.js';
import { checkFile } from './files.js';
import { openText, type OpenedTable } from './tables.js';
import type { OpenTableOptions } from './types.js';

export type { CellValue, OpenTableOptions, SourceRow, Table, TablePosition } from './types.js';
export type { OpenedTable } from './tables.js';
export { sha256File } from './digest.js';

/** Every sheet of a file that can be read as a table (one for a text file). */
export interface OpenedFile {
  format: 'csv' | 'xlsx' | 'xls';
  tables: OpenedTable[];
  /** Hidden sheets, not read unless named with --sheet. */
  hidden: string[];
  notes: (string | Msg)[];
}

/** A visible sheet offered to a SheetChooser: its name and its rows (read on demand). */
export interface SheetCandidate {
  name: string;
  table(): OpenedTable;
}

/** Picks one of several visible sheets when none is named; the note tells the clerk which and why. */
export type SheetChooser = (candidates: SheetCandidate[]) => Promise<{ chosen: number; note: string | Msg }>;

/**
 * Opens a roster file for streaming: the one sheet named, else the only
 * visible one, else the one `choose` picks (without `choose`, an InputError
 * asking for the sheet's name).
 */
export async function openTable(file: string, opts: OpenTableOptions = {}, choose?: SheetChooser): Promise<OpenedTable> {
  await checkFile(file);
  const book = await openBook(file);
  if (!book) return openText(file, opts, path.extname(file).toLowerCase());
  return chooseTable(book, opts, choose);
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

function severalSheets(book: Book, visible: BookSheet[]): InputError {
  const list = visible.map((s) => `"${s.name}"`).join(', ');
  return new InputError(
    msg(`${book.file}: bảng tính có nhiều trang tính: ${list}.`, `${book.file}: the workbook has several sheets: ${list}.`),
    msg('Chọn một trang bằng --sheet.', 'Choose one with --sheet.'),
    book.file,
  );
}

/** The sheet `choose` picks among the visible ones, with its note. */
async function chosenSheet(book: Book, visible: BookSheet[], choose: SheetChooser | undefined): Promise<{ sheet: BookSheet; note?: string | Msg }> {
  const only = visible.length === 1 ? visible[0] : undefined;
  if (only) return { sheet: only };
  if (!choose) throw severalSheets(book, visible);
  const { chosen, note } = await choose(visible.map((s) => ({ name: s.name, table: () => book.table(s, []) })));
  return { sheet: present(visible[chosen], `the chosen sheet (${chosen} of ${visible.length})`), note };
}

/** One sheet of a workbook: the one named, else the only visible one, else the one `choose` picks. */
async function chooseTable(book: Book, opts: OpenTableOptions, choose: SheetChooser | undefined): Promise<OpenedTable> {
  if (book.sheets.length === 0) throw noSheets(book.file);
  const notes: (string | Msg)[] = [];
  let sheet: BookSheet;
  if (opts.sheet !== undefined) {
    sheet = findSheet(book, opts.sheet);
  } else {
    const visible = book.sheets.filter((s) => !s.hidden);
    const hidden = book.sheets.filter((s) => s.hidden);
    if (visible.length === 0) throw allHidden(book);
    const picked = await chosenSheet(book, visible, choose);
    sheet = picked.sheet;
    if (picked.note) notes.push(picked.note);
    if (hidden.length) {
      const list = hidden.map((s) => `"${s.name}"`).join(', ');
      notes.push(msg(`bỏ qua các trang tính ẩn: ${list}`, `hidden sheets skipped: ${list}`));
    }
  }
  notes.push(...book.notes);
  return book.table(sheet, notes);
}
