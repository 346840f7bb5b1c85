/** The shape of a table row, shared by the runner, the goals and the results writer. */
export interface Row {
  id: string;
  group?: string;
  what?: string;
  rows?: number;
  runs?: number;
  command?: string;
  wallMs?: number;
  cpuMs?: number;
  peakRssMB?: number;
  rowsPerSec?: number;
  baseline?: boolean;
  baselineId?: string;
  /** Ratio of medians (wall time) against the baseline of the same run. */
  ratio?: number;
  cpuRatio?: number;
  vs?: string;
  ratioMissing?: string;
  vsWriter?: number;
  vsReader?: number;
  vsPlain?: number;
  intact?: boolean;
  info?: string;
  failed?: string;
  skipped?: string;
  partOf?: string;
  script?: string;
  goalText?: string;
  pass?: boolean;
  /** The date it was measured, and the key of that run in RESULTS.md (absent in rows of older files: the date is the key). */
  date?: string;
  run?: string;
}
export interface Note {
  key: string;
  text: string;
  row?: string;
}
