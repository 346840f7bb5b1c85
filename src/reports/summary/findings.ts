/** The findings the Kiểm tra sheet lists one by one, and how one is written: its cells, their styles, its height. */
import type ExcelJS from 'exceljs';
import { maskText } from '../../privacy/mask.js';
import type { Finding, Report, Severity } from '../../rules/types.js';
import type { SafeValue } from '../safe-cell.js';
import { FILL, type RowStyle, THIN } from '../xlsx.js';
import { type Align, font } from './cells.js';
import type { Labels } from './labels.js';

/** How many findings the Kiểm tra sheet lists one by one. */
export const LISTED_FINDINGS = 2000;

/** The open findings Kiểm tra lists (errors first, then in report order), and how many there are in all. */
export function listedFindings(rep: Report, draft: boolean): { listed: Finding[]; total: number } {
  const rank: Record<Finding['severity'], number> = { error: 0, warning: 1, info: 2 };
  const open = rep.findings.filter((f) => f.severity === 'error' || draft || f.severity === 'warning');
  const sorted = open.map((f, i) => ({ f, i })).sort((a, b) => rank[a.f.severity] - rank[b.f.severity] || a.i - b.i);
  return { listed: sorted.slice(0, LISTED_FINDINGS).map((x) => x.f), total: sorted.length };
}

/** The cells of finding `f`, numbered `k`, as Kiểm tra lists it (its message masked unless includePii). */
export function findingValues(k: number, f: Finding, l: Labels, includePii: boolean): SafeValue[] {
  return [k, l.sev[f.severity] ?? f.severity, f.rule, f.source?.file ?? '', f.source?.row ?? null, f.source?.cell ?? '', maskText(f.message, includePii)];
}

/** The styles of a finding's seven cells for each severity, the severity on its fill: made once, shared by every row. */
export function findingStyles(): Record<Severity, RowStyle[]> {
  const f = font({ size: 11 });
  const top: Align = { vertical: 'top' };
  const wrap: Align = { wrapText: true, vertical: 'top' };
  const styles = (fill: ExcelJS.Fill): RowStyle[] =>
    [0, 1, 2, 3, 4, 5, 6].map((c) => ({ font: f, border: THIN, ...(c === 1 ? { fill } : {}), alignment: c === 6 ? wrap : top }) as RowStyle);
  return { error: styles(FILL.error), warning: styles(FILL.warning), info: styles(FILL.info) };
}

/** The height of a finding's row: one line of 15 points per 95 characters of its message. */
export function findingHeight(f: Finding): number {
  return 15 * Math.max(1, Math.ceil(f.message.length / 95));
}
