/**
 * The digest of a monthly workbook: SHA-256 over the records of the hidden
 * `_data` sheet (office, period, tool version, generation time, every figure,
 * the layout of the visible figures and the digest of the member rows they
 * were computed from). `roster verify` and `report consolidate` recompute it
 * and compare the visible cells with the records, so a figure edited by hand
 * after generation is found and named.
 *
 * It detects hand edits; it is not a signature: anyone who runs roster (or
 * reads this file) can write a consistent workbook with other numbers.
 *
 * No exceljs here: the module is cheap to load.
 */
import crypto from 'node:crypto';
import { createRequire } from 'node:module';
import type { CellValue } from '../readers/types.js';
import { cleanCellText, MAX_CELL_CHARS, type SafeValue } from './safe-cell.js';

/** The version of roster that wrote a workbook (package.json). */
export const TOOL_VERSION: string = (() => {
  try {
    return (createRequire(import.meta.url)('../../package.json') as { version: string }).version;
  } catch {
    return '0.0.0';
  }
})();

export const DIGEST_ALGORITHM = 'sha256';

const UNIT = '\u001f';
const RECORD = '\u001e';

/**
 * A cell as text for hashing, the same whether it comes from the value
 * written (SafeValue) or from the reader (CellValue): text as canonText
 * says, numbers in JavaScript's shortest form, blank as ''.
 */
export function canon(v: SafeValue | CellValue): string {
  if (typeof v === 'string') return canonText(v);
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  if (typeof v === 'boolean') return v ? '1' : '0';
  if (v instanceof Date) return canonDate(v);
  return Number.isFinite(Number(v.result)) ? String(v.result) : cleanCellText(String(v.result));
}

/** Dates already written as text, by time value: a member list repeats a few thousand dates and toISOString is slow. */
const DATE_TEXT = new Map<number, string>();

/** A date as YYYY-MM-DD (toISOString: an invalid date throws, as it always did). */
function canonDate(d: Date): string {
  const time = d.getTime();
  let text = DATE_TEXT.get(time);
  if (text === undefined) {
    text = d.toISOString().slice(0, 10);
    if (DATE_TEXT.size >= 100_000) DATE_TEXT.clear();
    DATE_TEXT.set(time, text);
  }
  return text;
}

// Fast paths: a member list has millions of cells, nearly all already clean.
const NEEDS_CLEANING = /[\u0300-\u036f\x00-\x08\x0B\x0C\x0E-\x1F\uD800-\uDFFF\uFFFE\uFFFF]/;
const ODD_SPACE = /^\s|\s$|\s\s|[^\S ]/;
/** Either of the two above in one test (and the three controls XML keeps, which ODD_SPACE finds anyway): text without a match is canonical as it is. */
const UNUSUAL = /[\u0300-\u036f\x00-\x1F\uD800-\uDFFF\uFFFE\uFFFF]|^\s|\s$|\s\s|[^\S ]/;

/**
 * Text as the writer stores it (NFC, valid XML, within the cell limit), with
 * whitespace runs as one space and none at either end: whitespace is not a
 * figure (XML turns a CR into LF, LibreOffice drops a leading line break).
 */
function canonText(s: string): string {
  if (!UNUSUAL.test(s) && s.length <= MAX_CELL_CHARS) return s;
  let t = NEEDS_CLEANING.test(s) || s.length > MAX_CELL_CHARS ? cleanCellText(s) : s;
  if (ODD_SPACE.test(t)) t = t.replace(/\s+/g, ' ').trim();
  return t;
}

/** A row as one string: cells canonical, trailing blanks dropped. */
export function canonRow(vals: readonly (SafeValue | CellValue)[]): string {
  let out = '';
  let end = 0;
  for (let i = 0; i < vals.length; i++) {
    const t = canon(vals[i]);
    if (i > 0) out += UNIT;
    out += t;
    if (t !== '') end = out.length;
  }
  return end === out.length ? out : out.slice(0, end);
}

/** Running SHA-256 over rows, in order: each row followed by RECORD. */
export class RowHasher {
  private readonly h = crypto.createHash(DIGEST_ALGORITHM);
  count = 0;

  /** Rows waiting to be hashed: one update per 32K characters costs far less than one per row. */
  private pending = '';

  add(vals: readonly (SafeValue | CellValue)[]): void {
    this.pending += canonRow(vals) + RECORD;
    this.count++;
    if (this.pending.length >= 32_768) this.flush();
  }

  private flush(): void {
    if (this.pending === '') return;
    this.h.update(this.pending);
    this.pending = '';
  }

  hex(): string {
    this.flush();
    return this.h.copy().digest('hex');
  }
}
