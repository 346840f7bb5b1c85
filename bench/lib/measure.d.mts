/** The last JSON line a benchmark script prints (an object of results; externals may print a list). */
export type JsonLine = Record<string, unknown>;
/** Types of measure.mjs. */
export interface Measured {
  code: number | null;
  signal: NodeJS.Signals | null;
  wallMs: number;
  /** User + system CPU time from GNU time; undefined without it. */
  cpuMs: number | undefined;
  peakRssMB: number;
  stdoutFile: string;
  stderrTail: string;
  /** The last JSON line of standard output, parsed. */
  json: JsonLine | undefined;
  lastLine: string | undefined;
  timedOut: boolean;
}
export interface MeasureOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
  stdoutFile?: string;
  keepStdout?: boolean;
}
export function hasGnuTime(): boolean;
export function memoryMethod(): string;
export function parseTimeLine(text: string): { cpuMs: number; peakKB: number } | undefined;
export function lastJsonLine(file: string): JsonLine | undefined;
export function measure(cmd: string, args: string[], opts?: MeasureOptions): Promise<Measured>;
export function median(xs: number[]): number;
export function machine(): { cpu: string; cores: number; ramGB: number; node: string; os: string };
