/**
 * Kiểm tra: the state of the data (findings counted), the unit list applied,
 * completeness, the definitions of the figures, the source files, and the
 * first findings one by one.
 */
import { NOTES } from '../measures.js';
import type { SafeValue } from '../safe-cell.js';
import { DirectRows, type StreamSheet } from '../xlsx.js';
import { addSheet, font, headCell, put, RED, sheetTitle } from './cells.js';
import type { SummaryContext } from './context.js';
import { findingHeight, findingStyles, findingValues, listedFindings } from './findings.js';
import type { Completeness } from './input.js';
import type { Labels } from './labels.js';

const WIDTHS = [7, 12, 26, 26, 8, 8, 80];

export function writeChecksSheet(x: SummaryContext): void {
  const { l, input } = x;
  const ws = addSheet(x.wb, { name: l.sheets[4], widths: WIDTHS, headerEnd: 3 }, input.draft, l);
  sheetTitle(ws, WIDTHS.length, input.office.name, l.checksTitle(x.month), input.draft, l);
  let r = statusLines(ws, 5, x);
  r = notesLines(ws, r + 1, x);
  r = fileLines(ws, r + 1, x);
  findingLines(ws, r + 1, x);
  ws.commit();
}

/** Findings counted, the unit list, extra checks, completeness; returns the next free row. */
function statusLines(ws: StreamSheet, r: number, x: SummaryContext): number {
  const { l, input } = x;
  const { error, warning, info } = input.report.counts;
  put(ws, r, 1, l.status, { font: font({ bold: true }) });
  put(ws, r, 3, error === 0 ? `${l.ok} ${l.errors(error, warning, info)}` : l.errors(error, warning, info), {
    font: font({ bold: error > 0, color: error > 0 ? RED : undefined }),
  });
  r += 1;
  put(ws, r++, 3, l.vintage(input.vintage || '-'), { font: font({ size: 11 }) });
  for (const line of input.checks ?? []) put(ws, r++, 3, line, { font: font({ size: 11, color: RED }) });
  return input.completeness ? completenessLines(ws, r, input.completeness, l) : r;
}

/** Missing rosters, teams that moved, the clerk's acceptance, people listed twice. */
function completenessLines(ws: StreamSheet, r: number, comp: Completeness, l: Labels): number {
  const red = font({ size: 11, color: RED });
  if (comp.missing.length > 0) {
    put(ws, r, 1, l.missingHead, { font: font({ bold: true }) });
    for (const t of comp.missing) put(ws, r++, 3, t, { font: red });
  }
  if (comp.accepted.length > 0) put(ws, r++, 3, l.acceptedHead(comp.accepted.join(' ')), { font: font({ size: 11, bold: true }) });
  if (comp.movedAway.length > 0) {
    put(ws, r, 1, l.movedAwayHead, { font: font({ bold: true }) });
    for (const t of comp.movedAway) put(ws, r++, 3, t, { font: font({ size: 11 }) });
  }
  if (comp.listedTwice > 0) put(ws, r++, 3, l.listedTwice(comp.listedTwice), { font: font({ size: 11 }) });
  return r;
}

/** What each figure means (measures.ts); returns the next free row. */
function notesLines(ws: StreamSheet, r: number, x: SummaryContext): number {
  put(ws, r++, 1, x.l.notes, { font: font({ bold: true }) });
  for (const m of NOTES) {
    ws.mergeCells(r, 3, r, 7);
    put(ws, r, 3, m[x.input.lang], { font: font({ size: 11 }), align: { wrapText: true, vertical: 'top' } });
    ws.getRow(r).height = 32;
    r++;
  }
  return r;
}

/** The source files with their SHA-256 (the office first in a consolidated workbook); returns the next free row. */
function fileLines(ws: StreamSheet, r: number, x: SummaryContext): number {
  const { l, city } = x;
  const heads = city ? [l.office, ...l.filesHead] : l.filesHead;
  heads.forEach((h, k) => {
    headCell(ws, r, 3 + k, h, false);
  });
  r++;
  for (const f of x.input.files) {
    const vals: SafeValue[] = city ? [f.office ?? '', f.file, f.sheet, f.rows, f.sha256.slice(0, 16)] : [f.file, f.sheet, f.rows, f.sha256.slice(0, 16)];
    vals.forEach((v, k) => {
      put(ws, r, 3 + k, v, { font: font({ size: 11 }), border: true });
    });
    r++;
  }
  return r;
}

/** The first open findings (errors first), and a line pointing at the annotated workbook for the rest. */
function findingLines(ws: StreamSheet, r: number, x: SummaryContext): void {
  const { l, input } = x;
  const { listed, total } = input.openTotal !== undefined ? { listed: input.report.findings, total: input.openTotal } : listedFindings(input.report, input.draft);
  if (listed.length === 0) return;
  l.findingsHead.forEach((h, k) => {
    headCell(ws, r, 1 + k, h, false);
  });
  r++;
  // Written straight as XML (a Row and seven Cells per finding cost more than the rest of the sheet).
  const rows = new DirectRows(ws, r);
  const styles = findingStyles();
  let k = 0;
  for (const f of listed) {
    k++;
    rows.write(findingValues(k, f, l, input.includePii), styles[f.severity], findingHeight(f));
    r++;
  }
  if (total > listed.length) {
    // A national roster can have hundreds of thousands of findings: the submission lists the first ones
    // (errors first) and points at the annotated workbook, which has them all, cell by cell.
    ws.mergeCells(r, 1, r, 7);
    put(ws, r, 1, l.moreFindings(total - listed.length, input.period), { font: font({ italic: true, size: 11 }) });
    ws.getRow(r).commit();
  }
}
