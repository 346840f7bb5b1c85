/**
 * Finding the header of a roster sheet: below a title block (office name,
 * report title, date line, blank rows), possibly two rows high (a group
 * header such as "Địa bàn" over "Khu phố/Ấp" and "Phường/Xã", merged cells
 * arriving as a value in the first cell and null in the rest), and the footer
 * below the members (totals, "Người lập biểu", signatures, date line).
 */
import type { CellValue, SourceRow } from './readers/types.js';
import { type Field, fieldForHeader, headerKey, missingRequired } from './fields.js';
import { cellText, parseRole } from './values.js';
import { fold } from '../text/fold.js';
import { columnLetter } from '../text/columns.js';

export interface ColumnMapping {
  field: Field;
  /** 0-based column index. */
  index: number;
  /** Header text as in the file. */
  header: string;
  /** Column letter: A, B, …, AA. */
  column: string;
}

export interface HeaderCell {
  index: number;
  header: string;
  column: string;
}

export interface HeaderResult {
  /** 1-based row number of the (last) header row; 0 when no row looked like a header. */
  headerRow: number;
  columns: ColumnMapping[];
  headers: HeaderCell[];
  unmapped: HeaderCell[];
  /** Required fields not found (`ward` means neither ward nor ward code). */
  missing: Field[];
  /** 1-based row number of the group row above a two-row header, when there is one. */
  groupRow?: number;
}

export interface SavedMap {
  version: 1;
  sheet?: string;
  headerRow?: number;
  columns: Record<string, Field | 'ignore'>;
}

export interface DetectOptions {
  headerRow?: number;
  map?: SavedMap;
}

export { columnLetter };

function texts(row: SourceRow | undefined): string[] {
  return row ? row.cells.map((c) => cellText(c)) : [];
}

interface Candidate {
  headerRow: number;
  groupRow?: number;
  headers: HeaderCell[];
  columns: ColumnMapping[];
  unmapped: HeaderCell[];
  score: number;
}

type Mapper = (header: string) => Field | 'ignore' | null;

function makeMapper(map?: SavedMap): Mapper {
  if (!map) return fieldForHeader;
  const exact = new Map<string, Field | 'ignore'>();
  const byKey = new Map<string, Field | 'ignore'>();
  for (const [h, f] of Object.entries(map.columns)) {
    exact.set(cellText(h), f);
    byKey.set(headerKey(h), f);
  }
  return (h) => exact.get(h) ?? byKey.get(headerKey(h)) ?? fieldForHeader(h);
}

/**
 * Headers of one row, or of a two-row header (group row above): a cell of the
 * lower row names its column; where the lower cell is empty (a header merged
 * down over both rows) the upper cell does. A lower header that names no
 * field is tried with its group header in front ("Ngày" over "sinh").
 */
function candidate(lower: SourceRow, upper: SourceRow | undefined, mapper: Mapper): Candidate {
  const lo = texts(lower);
  const up = texts(upper);
  const width = Math.max(lo.length, up.length);
  const headers: HeaderCell[] = [];
  const columns: ColumnMapping[] = [];
  const unmapped: HeaderCell[] = [];
  const taken = new Set<Field>();
  let group = '';
  for (let i = 0; i < width; i++) {
    const u = up[i] ?? '';
    const l = lo[i] ?? '';
    if (u) group = u;
    else if (!l) group = '';
    const header = l || u;
    if (!header) continue;
    const cell: HeaderCell = { index: i, header, column: columnLetter(i) };
    headers.push(cell);
    let f = mapper(header);
    if (f === null && l && group) f = mapper(`${group} ${l}`);
    if (f === 'ignore') continue;
    if (f === null || taken.has(f)) {
      unmapped.push(cell);
      continue;
    }
    taken.add(f);
    columns.push({ field: f, index: i, header, column: cell.column });
  }
  return { headerRow: lower.row, groupRow: upper?.row, headers, columns, unmapped, score: columns.length };
}

function result(c: Candidate): HeaderResult {
  const r: HeaderResult = {
    headerRow: c.headerRow,
    columns: c.columns,
    headers: c.headers,
    unmapped: c.unmapped,
    missing: missingRequired(c.columns.map((m) => m.field)),
  };
  if (c.groupRow !== undefined) r.groupRow = c.groupRow;
  return r;
}

function nonEmpty(row: SourceRow): boolean {
  return row.cells.some((c) => cellText(c) !== '');
}

/**
 * Finds the header among the first rows (about 40): the row, or pair of rows,
 * naming the most known fields. `headerRow` (1-based) forces the row; a saved
 * map adds its header texts to the synonyms.
 */
export function detectHeader(rows: SourceRow[], opts: DetectOptions = {}): HeaderResult {
  const mapper = makeMapper(opts.map);
  const forced = opts.headerRow ?? opts.map?.headerRow;
  const list = rows.filter(nonEmpty);
  if (forced !== undefined) {
    const i = list.findIndex((r) => r.row === forced);
    if (i < 0) return { headerRow: forced, columns: [], headers: [], unmapped: [], missing: missingRequired([]) };
    const single = candidate(list[i], undefined, mapper);
    const prev = i > 0 && list[i - 1].row === forced - 1 ? list[i - 1] : undefined;
    const pair = prev ? candidate(list[i], prev, mapper) : undefined;
    return result(pair && pair.score > single.score ? pair : single);
  }
  let best: Candidate | undefined;
  for (let i = 0; i < list.length; i++) {
    const single = candidate(list[i], undefined, mapper);
    if (!best || single.score > best.score) best = single;
    const prev = i > 0 && list[i - 1].row === list[i].row - 1 ? list[i - 1] : undefined;
    if (prev) {
      const pair = candidate(list[i], prev, mapper);
      if (pair.score > best.score) best = pair;
    }
  }
  if (!best || best.score === 0) {
    // Nothing looks like a header: report the first non-empty row's texts so the user sees what was found.
    const first = list[0];
    if (!first) return { headerRow: 0, columns: [], headers: [], unmapped: [], missing: missingRequired([]) };
    const c = candidate(first, undefined, () => null);
    return result({ ...c, columns: [], unmapped: c.headers });
  }
  return result(best);
}

/** Texts that start a footer cell. */
const FOOTER_STRONG = [
  'tong cong',
  'nguoi lap bieu',
  'nguoi lap danh sach',
  'nguoi lap',
  'thu truong don vi',
  'xac nhan cua',
  'tm.',
  'tm ubnd',
  'kt.',
  'kt chu tich',
  '(ky',
  'ky ten',
  'ky, ghi ro',
  'noi nhan',
  'prepared by',
];
/** Texts that are a footer only as the whole cell or followed by a colon or a number: "Cộng", "Tổng số: 25". */
const FOOTER_WEAK = ['cong', 'tong', 'tong so', 'total', 'chu tich', 'pho chu tich', 'thu truong', 'lap bieu', 'giam doc'];

const DATE_LINE = /(^|[\s,])ngay\s*[.\d…_ ]*\s*thang\s*[.\d…_ ]*\s*nam\b/;

function isFooterText(t: string): boolean {
  const f = fold(t);
  if (!f) return false;
  if (DATE_LINE.test(f)) return true;
  for (const s of FOOTER_STRONG) if (f.startsWith(s)) return true;
  for (const s of FOOTER_WEAK) {
    if (f === s) return true;
    if (f.startsWith(s) && /^\s*(:|\d|\(\d)/.test(f.slice(s.length))) return true;
  }
  return false;
}

/**
 * A row below the members that is not a member: a totals row ("Tổng cộng",
 * "Cộng"), "Người lập biểu", signatures, "Thủ trưởng đơn vị", a date line such
 * as "TP. HCM, ngày … tháng … năm …". A row whose role cell holds a real role
 * is never a footer.
 */
export function isFooterRow(row: SourceRow, columns: ColumnMapping[]): boolean {
  const roleCol = columns.find((c) => c.field === 'role');
  if (roleCol && parseRole(row.cells[roleCol.index] ?? null) !== null) return false;
  const nameCol = columns.find((c) => c.field === 'full_name');
  let filled = 0;
  let footer = false;
  for (const c of row.cells) {
    const t = cellText(c);
    if (!t) continue;
    filled++;
    if (typeof c === 'string' && isFooterText(t)) footer = true;
  }
  if (footer) return true;
  // A signature line: only a name-like text outside the name column, e.g. "Nguyễn Văn A" under "Người lập biểu".
  if (filled === 1 && nameCol) {
    const only = row.cells.findIndex((c) => cellText(c) !== '');
    const t = cellText(row.cells[only]);
    if (only !== nameCol.index && /^\(?\s*(ký|ky|đã ký|da ky)\b/i.test(t)) return true;
  }
  return false;
}

/**
 * The row of column numbers that many official forms put under the header:
 * "(1) (2) (3) …" or "1 2 3 …" or "A B C …".
 */
export function isColumnNumberRow(row: SourceRow): boolean {
  const cells = row.cells.map((c: CellValue) => cellText(c)).filter((t) => t !== '');
  if (cells.length < 3) return false;
  return cells.every((t, i) => {
    const m = /^\(?\s*(\d+|[A-Z])\s*\)?$/.exec(t);
    if (!m) return false;
    const v = /\d/.test(m[1]) ? Number(m[1]) : m[1].charCodeAt(0) - 64;
    return i === 0 || v > 0;
  });
}
