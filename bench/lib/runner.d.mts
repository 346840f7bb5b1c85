import type { Row } from './rows.mjs';
export function createRunner(env: object): { runGroup(group: object): Promise<Row[]> };
export function deriveRatios(rows: Row[]): Row[];
export function spread(xs: number[]): number;
