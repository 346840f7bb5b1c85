/** Thành viên: every member at the period end, one row per person and team, in report order. */
import { pii } from '../../privacy/mask.js';
import { RowHasher } from '../digest.js';
import type { MemberRow } from '../monthly-data.js';
import type { SafeValue } from '../safe-cell.js';
import { colLetter, dateCell, DATE_FORMAT, THIN } from '../xlsx.js';
import { addSheet, font, headerRow, sheetTitle } from './cells.js';
import type { SummaryContext } from './context.js';
import type { FigureLayout } from './input.js';
import type { Labels } from './labels.js';
import { writeListRows, type RowStyle } from './rows.js';

const FIRST = 6;
const WIDTHS = [7, 24, 16, 26, 11, 8, 15, 13, 11, 24, 9, 11, 24, 7];
/** Date of birth and date joined. */
const DATE_COLS = new Set([4, 11]);

function memberValues(m: MemberRow, n: number, l: Labels, includePii: boolean): SafeValue[] {
  return [
    n,
    m.ward_name ?? m.unit_text,
    m.neighbourhood,
    m.full_name,
    dateCell(m.dob),
    m.gender ? (l.genders[m.gender] ?? m.gender) : '',
    pii(m.person_id, includePii),
    pii(m.phone, includePii),
    m.role ? (l.roles[m.role] ?? m.role) : '',
    m.organisation,
    m.onetouch === 1 ? l.yes : m.onetouch === 0 ? l.no_ : '',
    dateCell(m.joined_on),
    m.sheet ? `${m.file_name} [${m.sheet}]` : m.file_name,
    m.row_number,
  ];
}

/** Writes the sheet; returns where the rows are and the digest of their cells as written. */
export async function writeMembersSheet(x: SummaryContext): Promise<NonNullable<FigureLayout['members']>> {
  const { l, input } = x;
  const ws = addSheet(x.wb, { name: l.sheets[2], widths: WIDTHS, headerEnd: 5 }, input.draft, l);
  sheetTitle(ws, WIDTHS.length, input.office.name, l.membersTitle(x.month), input.draft, l);
  headerRow(ws, 5, l.memberCols);
  const f = font({ size: 11 });
  // One style object shared by every body cell: the writer then resolves it once.
  const body = { font: f, border: THIN } as RowStyle;
  const date = { font: f, border: THIN, numFmt: DATE_FORMAT } as RowStyle;
  const rows = new RowHasher();
  ws.autoFilter = `A5:${colLetter(WIDTHS.length)}5`;
  await writeListRows(ws, FIRST, input.members ?? [], {
    values: (m, n) => memberValues(m, n, l, input.includePii),
    style: (k, v) => (DATE_COLS.has(k) && v instanceof Date ? date : body),
    includePii: input.includePii,
    written: (shown) => rows.add(shown),
  });
  ws.commit();
  return { sheet: l.sheets[2], first: FIRST, count: rows.count, sha256: rows.hex() };
}
