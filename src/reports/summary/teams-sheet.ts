/** Danh sách tổ: one row per team with members, its ward, leaders and figures. */
import { teamLineCells, type TeamLine } from '../monthly-data.js';
import type { SafeValue } from '../safe-cell.js';
import { colLetter, THIN } from '../xlsx.js';
import { addSheet, font, headerRow, sheetTitle } from './cells.js';
import type { SummaryContext } from './context.js';
import type { FigureLayout } from './input.js';
import type { Labels } from './labels.js';
import { writeListRows, type RowStyle } from './rows.js';

const FIRST = 6;

function teamValues(t: TeamLine, n: number, l: Labels, city: boolean): SafeValue[] {
  return [
    n,
    ...(city ? [t.office ?? ''] : []),
    t.kind === 'unresolved' ? t.wardName || l.unresolved : t.wardName,
    t.wardCode,
    ...teamLineCells(t, t.level === 'ward' ? l.levelWard : l.levelNbh, l.outside),
  ];
}

/** Writes the sheet; returns where its figures are (for the hidden sheet). */
export async function writeTeamsSheet(x: SummaryContext): Promise<NonNullable<FigureLayout['teams']>> {
  const { l, city, input } = x;
  const off = city ? 1 : 0;
  const heads = [l.no, ...(city ? [l.office] : []), l.ward, l.code, l.level, l.nbh, l.leaderName, l.members, l.women, l.under35, l.onetouch, l.origin];
  const widths = [6, ...(city ? [24] : []), 28, 10, 11, 20, 26, 10, 8, 10, 12, 34];
  const ws = addSheet(x.wb, { name: l.sheets[1], widths, headerEnd: 5 }, input.draft, l);
  sheetTitle(ws, heads.length, input.office.name, l.teamsTitle(x.month), input.draft, l);
  headerRow(ws, 5, heads);
  ws.autoFilter = `A5:${colLetter(heads.length)}5`;
  const text = { font: font({ size: 11 }), border: THIN, alignment: { vertical: 'top', wrapText: true } } as RowStyle;
  const num = { font: font({ size: 11 }), border: THIN, alignment: { vertical: 'top' } } as RowStyle;
  await writeListRows(ws, FIRST, input.teams, {
    values: (t, n) => teamValues(t, n, l, city),
    style: (_k, v) => (typeof v === 'string' ? text : num),
    includePii: input.includePii,
  });
  ws.commit();
  return { sheet: l.sheets[1], first: FIRST, cols: [7, 8, 9, 10].map((k) => k + off) };
}
