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
import type { CellValue } from '../importer/readers/types.js';
import { cleanCellText, type SafeValue } from './safe-cell.js';

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
 * written (SafeValue) or from the reader (CellValue): text as the writer
 * stores it with runs of whitespace as one space and none at either end,
 * numbers in JavaScript's shortest form, blank as ''.
 */
export function canon(v: SafeValue | CellValue): string {
  if (v === null || v === undefined) return '';
  // Whitespace is not a figure: XML turns a CR into LF, LibreOffice drops a leading line break on saving.
  if (typeof v === 'string') return cleanCellText(v).replace(/\s+/g, ' ').trim();
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  if (typeof v === 'boolean') return v ? '1' : '0';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  return Number.isFinite(Number(v.result)) ? String(v.result) : cleanCellText(String(v.result));
}

/** A row as one string: cells canonical, trailing blanks dropped. */
export function canonRow(vals: readonly (SafeValue | CellValue)[]): string {
  const t = vals.map(canon);
  while (t.length > 0 && t[t.length - 1] === '') t.pop();
  return t.join(UNIT);
}

/** Running SHA-256 over rows, in order. */
export class RowHasher {
  private readonly h = crypto.createHash(DIGEST_ALGORITHM);
  count = 0;

  add(vals: readonly (SafeValue | CellValue)[]): void {
    this.h.update(canonRow(vals));
    this.h.update(RECORD);
    this.count++;
  }

  hex(): string {
    return this.h.copy().digest('hex');
  }
}
