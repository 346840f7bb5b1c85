import type { Row } from './rows.mjs';
export interface Goal {
  id: string;
  row: string;
  text: string;
  compass?: boolean;
  issue?: number;
  judge(r: Row): { value: string; pass: boolean } | { missing: string };
}
export interface GoalResult {
  id: string;
  text: string;
  compass: boolean;
  row: string;
  measured: string;
  result: 'PASS' | 'FAIL' | 'not measured';
  date: string | undefined;
}
export const GOALS: Goal[];
export function checkGoals(rows: Row[], goals?: Goal[]): GoalResult[];
export function rowVerdict(goalResults: GoalResult[], id: string): 'PASS' | 'FAIL' | 'not measured' | undefined;
