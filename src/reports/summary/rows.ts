/**
 * The shared writer of list rows (Danh sách tổ, Thành viên, Biến động): one
 * row per item from a first row on, every value masked unless the clerk asked
 * for personal data, each cell styled by its column and value, written
 * straight as XML (../xlsx.ts, DirectRows), and a pause every 1,024 rows so
 * that the zip stream drains (../xlsx.ts, breathe).
 */
import { maskValue } from '../../privacy/mask.js';
import type { SafeValue } from '../safe-cell.js';
import { breathe, DirectRows, type RowStyle, type StreamSheet } from '../xlsx.js';

export type { RowStyle };

export interface ListRows<T> {
  /** The values of item `t`, the `n`th (from 1), as the clerk reads them before masking. */
  values(t: T, n: number): SafeValue[];
  /** The style of column `k` (from 0) holding value `v`: share style objects, the writer resolves each once. */
  style(k: number, v: SafeValue): RowStyle;
  includePii: boolean;
  /** Told each row as written (masked). */
  written?(shown: SafeValue[]): void;
}

/** Writes `items` from row `first` on; returns how many rows. */
export async function writeListRows<T>(ws: StreamSheet, first: number, items: Iterable<T>, o: ListRows<T>): Promise<number> {
  let n = 0;
  let rows: DirectRows | undefined;
  const styles: RowStyle[] = [];
  for (const t of items) {
    n++;
    rows ??= new DirectRows(ws, first);
    const vals = o.values(t, n);
    // Any column: an ID typed into the ward or notes column is masked too.
    const shown = vals.map((v) => maskValue(v, o.includePii) as SafeValue);
    o.written?.(shown);
    styles.length = vals.length;
    for (let k = 0; k < vals.length; k++) styles[k] = o.style(k, vals[k]);
    rows.write(shown, styles);
    if ((n & 1023) === 0) await breathe(ws);
  }
  return n;
}
