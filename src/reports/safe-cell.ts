/**
 * Safe cell writing, used by every writer of CSV and XLSX in roster.
 *
 * - Text that a spreadsheet would run as a formula (starting with `=`, `+`,
 *   `-`, `@`, tab or CR) is written as text: in XLSX as a string cell with the
 *   text number format (never a formula); in CSV with a leading apostrophe.
 * - Characters that XML cannot carry are dropped, and text longer than Excel's
 *   cell limit is cut, so a hostile value cannot break the file.
 * - Personal IDs and phone numbers are masked unless the user asked for them.
 *
 * No exceljs import here: the module is cheap to load.
 */

/** What a spreadsheet program would treat as the start of a formula. */
const FORMULA_START = /^[=+\-@\t\r]/;

/** Excel's limit on the characters in one cell. */
export const MAX_CELL_CHARS = 32767;

// XML 1.0 forbids most C0 controls, lone surrogates and U+FFFE/U+FFFF.
const XML_INVALID = /[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

const XML_SUSPECT = /[\x00-\x08\x0B\x0C\x0E-\x1F\uD800-\uDFFF\uFFFE\uFFFF]/;

export function isFormulaLike(s: string): boolean {
  return FORMULA_START.test(s);
}

/** Text as it may go into an XLSX cell: valid XML, within the cell limit, NFC. */
export function cleanCellText(s: string): string {
  let t = s.normalize('NFC');
  if (XML_SUSPECT.test(t)) t = t.replace(XML_INVALID, '');
  if (t.length > MAX_CELL_CHARS) t = `${t.slice(0, MAX_CELL_CHARS - 1)}…`;
  return t;
}

/** A value for one CSV field: formula-looking text gets a leading apostrophe. */
export function csvField(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return isoDate(v);
  const s = typeof v === 'string' ? v.normalize('NFC') : String(v);
  return isFormulaLike(s) ? `'${s}` : s;
}

export function isoDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** A formula of our own making, with the result every viewer shows without recalculating. */
export interface OwnFormula {
  formula: string;
  result: number | string;
}

export type SafeValue = string | number | boolean | Date | null | undefined | OwnFormula;

/** The minimal part of an exceljs Cell that the safe writer touches. */
export interface CellLike {
  value: unknown;
  style: object;
}

/**
 * Writes a value into an exceljs cell. Strings are always string cells; a
 * formula-looking string also gets the text format so that editing it in Excel
 * keeps it text. Only an {formula, result} object built by roster itself
 * becomes a formula.
 */
export function setCell(cell: CellLike, v: SafeValue): void {
  if (v === null || v === undefined) return;
  if (typeof v === 'string') {
    const t = cleanCellText(v);
    if (t === '') return;
    cell.value = t;
    // A copy: the cell's style object may be shared by many cells.
    if (isFormulaLike(t)) cell.style = { ...cell.style, numFmt: '@' };
    return;
  }
  if (typeof v === 'number') {
    cell.value = Number.isFinite(v) ? v : null;
    return;
  }
  cell.value = v;
}

/** Excel sheet names: at most 31 characters, none of []:*?/\ , no quote at either end. */
export function sheetName(base: string, taken: Set<string>): string {
  let n = cleanCellText(base)
    .replace(/[[\]:*?/\\]/g, '_')
    .replace(/^'+|'+$/g, '')
    .trim();
  if (n === '') n = 'Sheet';
  n = n.slice(0, 31);
  let name = n;
  for (let i = 2; taken.has(name.toLowerCase()); i++) {
    const suffix = ` (${i})`;
    name = n.slice(0, 31 - suffix.length) + suffix;
  }
  taken.add(name.toLowerCase());
  return name;
}

/** `'Sheet name'!K12`: an internal reference to a cell. */
export function cellRef(sheet: string, address: string): string {
  return `'${sheet.replace(/'/g, "''")}'!${address}`;
}
