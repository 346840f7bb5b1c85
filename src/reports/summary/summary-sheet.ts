/**
 * Tổng hợp: the administrative heading and title, two header rows, one row
 * per ward line with its figures, the total row (SUM formulas with their
 * cached values), data bars on the OneTouch rate, then the footer
 * (summary-footer.ts).
 */
import { addCounts, COUNT_KEYS, zero, type Counts, type WardLine } from '../monthly-data.js';
import { maskValue } from '../../privacy/mask.js';
import { addDataBars, colLetter, FILL, type StreamSheet } from '../xlsx.js';
import { addSheet, adminHeader, CENTER, font, headCell, put, RED, type CellStyle } from './cells.js';
import type { SummaryContext } from './context.js';
import type { FigureLayout } from './input.js';
import { CITY_OFFICE, dmy } from './labels.js';
import { FIGURE_HEADS, HEAD_TOP, summaryColumns, type SummaryColumns } from './summary-columns.js';
import { writeSummaryFooter } from './summary-footer.js';

/** Writes the sheet; returns the totals and where its figures are. */
export function writeSummarySheet(x: SummaryContext): { totals: Counts; layout: NonNullable<FigureLayout['summary']> } {
  const { l, input, city } = x;
  const cols = summaryColumns(city);
  const widths = [6, ...(city ? [26] : []), 34, 10, 10, 12, 11, 11, 10, 11, 13, 12, 10, 10];
  const ws = addSheet(x.wb, { name: l.sheets[0], widths, headerEnd: HEAD_TOP + 1, titleFrom: HEAD_TOP, xSplit: cols.code }, input.draft, l);
  summaryTitle(ws, x, cols);
  summaryHeads(ws, x, cols);
  const first = HEAD_TOP + 2;
  const totals = wardRows(ws, first, x, cols);
  const total = first + input.wards.length;
  totalRow(ws, total, first, totals, x, cols);
  const layout = { sheet: l.sheets[0], first, total, rate: cols.of('rate'), cols: COUNT_KEYS.map(cols.of) };
  ws.getRow(total).commit();
  if (total > first) {
    const rL = colLetter(cols.of('rate'));
    addDataBars(ws, `${rL}${first}:${rL}${total - 1}`, 0, 1, 'FF5B9BD5');
  }
  writeSummaryFooter(ws, total + 2, x, cols);
  ws.commit();
  return { totals, layout };
}

function summaryTitle(ws: StreamSheet, x: SummaryContext, cols: SummaryColumns): void {
  const { l, input, city } = x;
  const n = cols.last;
  adminHeader(ws, n, city ? input.office.name || CITY_OFFICE : input.office.name, l, input.now);
  ws.mergeCells(5, 1, 5, n);
  ws.mergeCells(6, 1, 6, n);
  put(ws, 5, 1, (city ? l.cityTitle : l.title)(x.month), { font: font({ bold: true, size: 14 }), align: CENTER });
  ws.getRow(5).height = 24;
  put(ws, 6, 1, l.asOf(dmy(input.periodEnd)), { font: font({ italic: true }), align: CENTER });
  if (input.draft) {
    ws.mergeCells(7, 1, 7, n);
    put(ws, 7, 1, l.draftNote, { font: font({ bold: true, color: RED, size: 14 }), align: CENTER });
  }
}

/** Two header rows: groups, then columns. */
function summaryHeads(ws: StreamSheet, x: SummaryContext, cols: SummaryColumns): void {
  const { l, city } = x;
  const h1 = HEAD_TOP;
  const h2 = HEAD_TOP + 1;
  const blank: CellStyle = { fill: FILL.header, border: true };
  const vmerge = (c: number, text: string) => {
    ws.mergeCells(h1, c, h2, c);
    headCell(ws, h1, c, text);
    put(ws, h2, c, null, blank);
  };
  const group = (c1: number, c2: number, text: string) => {
    ws.mergeCells(h1, c1, h1, c2);
    headCell(ws, h1, c1, text);
    for (let c = c1 + 1; c <= c2; c++) put(ws, h1, c, null, blank);
  };
  vmerge(1, l.no);
  if (city) vmerge(2, l.office);
  vmerge(cols.ward, l.ward);
  vmerge(cols.code, l.code);
  group(cols.of('teamsWard'), cols.of('teamsNeighbourhood'), l.teams);
  group(cols.of('members'), cols.of('rate'), l.memberGroup);
  group(cols.of('joined'), cols.of('left'), l.changes);
  for (const [k, head] of FIGURE_HEADS) headCell(ws, h2, cols.of(k), l[head]);
  ws.getRow(h1).height = 22;
  ws.getRow(h2).height = 36;
}

/** One row per ward line from `first`; returns the totals. */
function wardRows(ws: StreamSheet, first: number, x: SummaryContext, cols: SummaryColumns): Counts {
  let totals = zero();
  x.input.wards.forEach((w, i) => {
    wardRow(ws, first + i, i + 1, w, x, cols);
    totals = addCounts(totals, w.counts);
    ws.getRow(first + i).commit();
  });
  return totals;
}

function wardRow(ws: StreamSheet, r: number, n: number, w: WardLine, x: SummaryContext, cols: SummaryColumns): void {
  const { l, city, input } = x;
  const label = w.kind === 'unresolved' ? l.unresolved : w.kind === 'outside' ? `${w.name} (${l.outside})` : w.name;
  const body = { font: font({ size: 11, italic: w.kind !== 'ward' }), border: true };
  put(ws, r, 1, n, { ...body, align: { horizontal: 'center' } });
  if (city) put(ws, r, 2, w.office ?? '', { ...body, align: { wrapText: true, vertical: 'middle' } });
  put(ws, r, cols.ward, maskValue(label, input.includePii), { ...body, align: { wrapText: true, vertical: 'middle' } });
  put(ws, r, cols.code, w.code, { ...body, align: { horizontal: 'center' } });
  for (const k of COUNT_KEYS) put(ws, r, cols.of(k), w.counts[k], { ...body, numFmt: '#,##0' });
  const rate = w.counts.members > 0 ? w.counts.onetouch / w.counts.members : 0;
  put(ws, r, cols.of('rate'), rate, { ...body, numFmt: '0.0%' });
  if (w.kind === 'unresolved') ws.getRow(r).height = 30;
}

/** Tổng cộng: SUM over the ward rows, with the cached totals; the rate from the totals. */
function totalRow(ws: StreamSheet, r: number, first: number, totals: Counts, x: SummaryContext, cols: SummaryColumns): void {
  const last = r - 1;
  const tot = { font: font({ bold: true, size: 11 }), border: true, fill: FILL.total };
  ws.mergeCells(r, 1, r, cols.code);
  put(ws, r, 1, x.l.total, { ...tot, align: CENTER });
  for (let c = 2; c <= cols.code; c++) put(ws, r, c, null, tot);
  for (const k of COUNT_KEYS) {
    const L1 = colLetter(cols.of(k));
    const f = last >= first ? `SUM(${L1}${first}:${L1}${last})` : '0';
    put(ws, r, cols.of(k), { formula: f, result: totals[k] }, { ...tot, numFmt: '#,##0' });
  }
  const mL = colLetter(cols.of('members'));
  const oL = colLetter(cols.of('onetouch'));
  const rate = totals.members > 0 ? totals.onetouch / totals.members : 0;
  put(ws, r, cols.of('rate'), { formula: `IF(${mL}${r}=0,0,${oL}${r}/${mL}${r})`, result: rate }, { ...tot, numFmt: '0.0%' });
}
