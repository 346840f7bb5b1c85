export interface Options {
  help: boolean;
  list: boolean;
  quick: boolean;
  only: Set<string> | undefined;
  runs: number;
  startupRuns: number;
  writeResults: boolean;
  rewriteResults: boolean;
  keep: boolean;
  root: string;
  dataDir: string;
  unitsDir: string;
  outDir: string;
  resultsJson: string;
  resultsMd: string;
  argv: string[];
}
export const HELP: string;
export const STARTUP_MIN_RUNS: number;
export function parseOptions(argv: string[], root: string): Options;
export function commandLine(opts: Options): string;
