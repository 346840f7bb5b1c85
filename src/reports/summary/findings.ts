/** The findings the Kiểm tra sheet lists one by one, and how one is written. */
import type ExcelJS from 'exceljs';
import { maskText } from '../../privacy/mask.js';
import type { Finding, Report } from '../../rules/types.js';
import type { SafeValue } from '../safe-cell.js';
import { FILL, type StreamSheet } from '../xlsx.js';
import { font, put } from './cells.js';
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

/** One finding on row `r`, numbered `k`, its severity on the severity's fill. */
export function findingRow(ws: StreamSheet, r: number, k: number, f: Finding, l: Labels, includePii: boolean): void {
  const vals: SafeValue[] = [k, l.sev[f.severity] ?? f.severity, f.rule, f.source?.file ?? '', f.source?.row ?? null, f.source?.cell ?? '', maskText(f.message, includePii)];
  vals.forEach((v, c) => {
    put(ws, r, c + 1, v, {
      font: font({ size: 11 }),
      border: true,
      fill: c === 1 ? (FILL as Record<string, ExcelJS.Fill>)[f.severity] : undefined,
      align: c === 6 ? { wrapText: true, vertical: 'top' } : { vertical: 'top' },
    });
  });
}
