import type { GoalResult } from './goals.mjs';
import type { Note, Row } from './rows.mjs';
export interface Run {
  date: string;
  /** When the run started (ISO, to the second): the key its rows carry; the date when absent. */
  started?: string;
  mode: 'full' | 'quick';
  command: string;
  runs: number;
  startupRuns: number;
  machine: { cpu: string; cores: number; ramGB: number; node: string; os: string; sqlite3: string; memory: string };
  software?: Record<string, string>;
  rows: Row[];
  notes: Note[];
  only?: string[];
  knownIds?: string[];
}
export const DATA_FORMAT: number;
/** What RESULTS.md keeps of the run that measured some of its rows. */
export interface RunRecord {
  id: string;
  date: string;
  command: string;
  mode: string;
  runs: string;
  machine: string;
  software: string;
  memory: string;
}
export interface StoredData {
  format?: number;
  mode: string;
  runs?: RunRecord[];
  notes: (Note | string)[];
  rows: Row[];
}
export function markdownTable(head: string[], body: string[][]): string;
export function renderTable(rows: Row[], opts?: { goals?: GoalResult[]; withDate?: boolean }): string;
export function renderGoals(goalResults: GoalResult[]): string;
export function legacyNoteKey(text: string): { key: string; row?: string };
export function mergeNotes(previous: (Note | string)[] | undefined, fresh: (Note | string)[] | undefined, keptIds?: Set<string>): Note[];
export function createNotes(log?: (s: string) => void): { note(key: string, text: string, row?: string): void; list(): Note[] };
export function scriptOf(r: Row): string | undefined;
export function dropSuperseded(rows: Row[]): Row[];
export function keptRows(prev: StoredData | undefined, run: Run): Row[];
export function orderRows(rows: Row[], knownIds?: string[]): Row[];
export function runRecord(run: Run): RunRecord;
export function legacyRun(text: string): RunRecord | undefined;
export function previousData(text: string): StoredData | undefined;
export function renderResults(previousText: string, run: Run): string;
export function rewriteResults(previousText: string, knownIds: string[]): string | undefined;
