/** Biến động: who joined, left or moved this month, and the members of remapped teams. */
import { pii } from '../../privacy/mask.js';
import type { ChangeRow } from '../monthly-data.js';
import type { SafeValue } from '../safe-cell.js';
import { colLetter, dateCell, DATE_FORMAT, THIN } from '../xlsx.js';
import { addSheet, font, headerRow, sheetTitle } from './cells.js';
import type { SummaryContext } from './context.js';
import type { Labels } from './labels.js';
import { writeListRows, type RowStyle } from './rows.js';

const WIDTHS = [7, 22, 11, 26, 15, 24, 16, 24, 18, 24, 7];
const DATE_COL = 2;

function changeValues(c: ChangeRow, n: number, l: Labels, includePii: boolean): SafeValue[] {
  return [
    n,
    l.kinds[c.kind] ?? c.kind,
    dateCell(c.date),
    c.full_name,
    pii(c.person_id, includePii),
    c.ward_name,
    c.neighbourhood,
    c.from_name,
    c.legal_basis,
    c.file_name,
    c.row_number,
  ];
}

/** Writes the sheet; returns how many changes it lists. */
export async function writeChangesSheet(x: SummaryContext): Promise<number> {
  const { l, input } = x;
  const ws = addSheet(x.wb, { name: l.sheets[3], widths: WIDTHS, headerEnd: 5 }, input.draft, l);
  sheetTitle(ws, WIDTHS.length, input.office.name, l.changesTitle(x.month), input.draft, l);
  headerRow(ws, 5, l.changeCols);
  ws.autoFilter = `A5:${colLetter(WIDTHS.length)}5`;
  const f = font({ size: 11 });
  const body = { font: f, border: THIN } as RowStyle;
  const date = { font: f, border: THIN, numFmt: DATE_FORMAT } as RowStyle;
  const n = await writeListRows(ws, 6, input.changes ?? [], {
    values: (c, k) => changeValues(c, k, l, input.includePii),
    style: (k, v) => (k === DATE_COL && v instanceof Date ? date : body),
    includePii: input.includePii,
  });
  ws.commit();
  return n;
}
