/**
 * Findings are data, never exceptions: one Report feeds the table, --json,
 * the annotated workbook and the exit code. The JSON shape is SPEC § Findings.
 */
export type Severity = 'error' | 'warning' | 'info';

export interface SourceRef {
  file: string;
  sheet?: string;
  row?: number;
  /** Header text of the column as the file has it, e.g. "Phường/Xã". */
  column?: string;
  /** A1 reference, e.g. "K12". */
  cell?: string;
}

export interface UnitCandidate {
  code: string;
  name: string;
  /** Vintage of the code list the code belongs to, e.g. 2025-07-01. */
  vintage?: string;
  kind?: 'full' | 'partial';
  legalBasis?: string;
  /** The district (old list) a ward belongs to, to tell apart repeated names. */
  parent?: string;
}

export interface Suggestion {
  /** A replacement value for the cell, when there is one. */
  value?: string;
  candidates?: UnitCandidate[];
}

export interface Finding {
  rule: string;
  severity: Severity;
  /** In the language the command ran with. */
  message: string;
  value?: string | null;
  source?: SourceRef;
  suggestion?: Suggestion;
}

export interface Report {
  ok: boolean;
  period: string | null;
  counts: { error: number; warning: number; info: number };
  findings: Finding[];
}

export function makeReport(period: string | null, findings: Finding[]): Report {
  const counts = { error: 0, warning: 0, info: 0 };
  for (const f of findings) counts[f.severity]++;
  return { ok: counts.error === 0, period, counts, findings };
}

/** Where the engine sends each finding as it is found (an array, a sorter that spills to disk, a counter). */
export interface FindingSink {
  add(f: Finding): void;
}
