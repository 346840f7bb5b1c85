/**
 * The marked cells of one copied sheet: a byte per cell (0 none, else the
 * worst severity: 3 error, 2 warning, 1 info) in one growing array, and the
 * note texts of the first cells only (exceljs keeps notes in memory until the
 * sheet is done). Findings arrive in row order per file (SPEC order), so the
 * first noted cells are known as they come.
 */
import type { Severity } from '../../rules/types.js';

/** Cells with a note per copied sheet (notes wait in memory until the sheet is done). */
export const MAX_NOTES = 5_000;

const LEVEL: Record<Severity, number> = { error: 3, warning: 2, info: 1 };
const SEVERITY: (Severity | undefined)[] = [undefined, 'info', 'warning', 'error'];

export class CellMarks {
  private width: number;
  private cells = new Uint8Array(0);
  private readonly notes = new Map<number, string[]>();
  /** The last row with a noted cell once `maxNotes` cells have one: later rows get none. */
  private cutoff = Infinity;

  constructor(
    width: number,
    private readonly maxNotes: number,
  ) {
    this.width = Math.max(1, width);
  }

  private grow(row: number, col: number): void {
    if (col > this.width) {
      const width = Math.max(col, this.width * 2);
      const rows = Math.floor(this.cells.length / this.width);
      const next = new Uint8Array(rows * width);
      for (let r = 0; r < rows; r++) next.set(this.cells.subarray(r * this.width, (r + 1) * this.width), r * width);
      this.cells = next;
      this.width = width;
    }
    const need = (row + 1) * this.width;
    if (need > this.cells.length) {
      const next = new Uint8Array(Math.max(need, this.cells.length * 2));
      next.set(this.cells);
      this.cells = next;
    }
  }

  /** Marks a cell (1-based column) with a finding; `note` is called only while notes are still kept. */
  mark(row: number, col: number, severity: Severity, note: () => string): void {
    this.grow(row, col);
    const k = row * this.width + (col - 1);
    const level = LEVEL[severity];
    if (level > (this.cells[k] ?? 0)) this.cells[k] = level; // grow() made room for k
    if (row > this.cutoff) return;
    const key = row * 65_536 + col;
    const list = this.notes.get(key);
    if (list) list.push(note());
    else {
      this.notes.set(key, [note()]);
      if (this.notes.size >= this.maxNotes && this.cutoff === Infinity) this.cutoff = row;
    }
  }

  /** The worst severity of a cell, if marked. */
  severity(row: number, col: number): Severity | undefined {
    if (col > this.width) return undefined;
    const k = row * this.width + (col - 1);
    return k < this.cells.length ? SEVERITY[this.cells[k] ?? 0] : undefined;
  }

  /** The last marked column of a row (0: none). */
  lastColumn(row: number): number {
    const from = row * this.width;
    if (from >= this.cells.length) return 0;
    for (let c = this.width; c >= 1; c--) if (this.cells[from + c - 1] !== 0) return c;
    return 0;
  }

  /** The note texts of a cell, when kept. */
  note(row: number, col: number): string[] | undefined {
    return this.notes.get(row * 65_536 + col);
  }
}
