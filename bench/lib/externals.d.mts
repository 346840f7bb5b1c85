import type { Measured } from './measure.mjs';
import type { Row } from './rows.mjs';
export function discoverScripts(root: string): string[];
export function scriptRows(name: string, quick: boolean): number;
export function scriptTimeoutMs(quick: boolean): number;
export function externalId(script: string, name?: string): string;
export function externalRows(
  script: string,
  r: Pick<Measured, 'code' | 'json' | 'peakRssMB' | 'stderrTail' | 'lastLine' | 'timedOut'>,
  opts: { command: string; timeoutMs: number; quick: boolean },
): Row[];
export function runExternal(env: object): Promise<Row[]>;
