/**
 * What every roster reader (CSV/TSV/TXT, XLSX) yields: rows of cells, streamed.
 * Numbers stay numbers (so an ID that Excel stored as a number can be
 * recognised and repaired), Excel dates become Date objects at UTC midnight,
 * text is NFC.
 */
import type { Msg } from '../text/i18n.js';

export type CellValue = string | number | boolean | Date | null;

export interface SourceRow {
  /** 1-based row number in the sheet or file, as a spreadsheet program shows it. */
  row: number;
  cells: CellValue[];
}

export interface Table {
  /** Path as given. */
  file: string;
  /** Sheet used (XLSX); undefined for text files. */
  sheet?: string;
  /** Encoding used to decode a text file, e.g. utf-8, utf-16le, windows-1258, tcvn3, vni. */
  encoding?: string;
  /** Notes for the user, e.g. which sheet was chosen and why. */
  notes: (string | Msg)[];
  rows: AsyncIterable<SourceRow>;
}

/** How far a reading of the table has gone: bytes of a text file, rows of a sheet (total: its dimension, when stated). */
export interface TablePosition {
  done: number;
  total?: number;
  unit: 'bytes' | 'rows';
}

export interface OpenTableOptions {
  sheet?: string;
  /** Forced encoding for text files (--encoding). */
  encoding?: string;
}
