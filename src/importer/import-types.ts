/**
 * The shapes an import reports and asks with: a file's summary, the rows
 * skipped, the layout questions only the clerk can answer and their answers.
 * Kept apart from the pipeline (import.ts) so that one sheet's reader
 * (sheet-rows.ts) can use them without importing the pipeline.
 */
import type { Msg } from '../text/i18n.js';
import type { ColumnLayout, ColumnMapping, HeaderResult } from './header.js';
import type { SkipReason } from './layout.js';

/** A question only the clerk can answer. `sheet`: import this sheet as a roster? `section`: is this row a khu phố heading? */
export type LayoutQuestion = { kind: 'sheet'; file: string; sheet: string; header: HeaderResult } | { kind: 'section'; file: string; sheet?: string; row: number; text: string };

/** A row under the header that was not imported, and why. */
export interface SkippedRow {
  row: number;
  reason: SkipReason;
}

export interface FileSummary {
  file: string;
  sheet?: string;
  encoding?: string;
  headerRow?: number;
  sha256: string;
  status: 'imported' | 'unchanged';
  /** The earlier import the same bytes came in with, when unchanged. */
  previousImportId?: number;
  rows: number;
  /** Rows under the header not imported, per reason. */
  skipped: Record<SkipReason, number>;
  /** Every row not imported, with its row number and reason. */
  skippedRows: SkippedRow[];
  /** Where the khu phố of the rows came from when the sheet has no khu phố column. */
  neighbourhoodFrom?: 'sections' | 'sheet-name';
  notes: (string | Msg)[];
  /** The column mapping used (what --save-map writes). */
  columns: ColumnMapping[];
  layout?: ColumnLayout;
}

/** Answers to layout questions, given on a terminal or read from the map: what --save-map keeps. */
export interface LayoutAnswers {
  sheets: Record<string, 'roster' | 'skip'>;
  sections: Record<string, 'neighbourhood' | 'skip'>;
}
