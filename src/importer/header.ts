/**
 * Finding the header of a roster sheet: below a title block (office name,
 * report title, date line, blank rows), possibly two rows high (a group
 * header such as "Địa bàn" over "Khu phố/Ấp" and "Phường/Xã", merged cells
 * arriving as a value in the first cell and null in the rest), and the footer
 * below the members (totals, "Người lập biểu", signatures, date line).
 */
import type { CellValue, SourceRow } from '../readers/types.js';
import { type Field, fieldForHeaderKey, genderOfKey, headerKey, missingRequired, namePartOfKey, type NamePart } from '../roster/fields.js';
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

/**
 * Columns read together rather than one per field (DOMAIN.md § Roster
 * layouts). The primary column of the field stays in `columns` (where
 * findings point); the layout says how the record is made.
 */
export interface ColumnLayout {
  /** A name split over "Họ (và tên đệm)", "Tên đệm", "Tên": joined with one space, in sheet order. */
  nameParts?: (ColumnMapping & { part: NamePart })[];
  /** The birth date under "Nam" / "Nữ" sub-columns: the column the date sits in gives the gender. */
  dobByGender?: { male: ColumnMapping; female: ColumnMapping };
  /** "Nam" / "Nữ" columns marked with "x". */
  genderMarks?: { male: ColumnMapping; female: ColumnMapping };
  /** Further columns naming a field already mapped: not read; a finding (column.duplicate). */
  duplicates: ColumnMapping[];
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
  layout: ColumnLayout;
}

/**
 * MAP.json (README § Importing): the column mapping and the answers to
 * layout questions, saved with --save-map and reused with --map. Version 1
 * files (columns only) are still read.
 */
export interface SavedMap {
  version: 1 | 2;
  sheet?: string;
  headerRow?: number;
  columns: Record<string, Field | 'ignore'>;
  /** Per sheet name: import it as a roster, or skip it. */
  sheets?: Record<string, 'roster' | 'skip'>;
  /** Per text of a single-cell row under the header: a khu phố heading, or a row to skip. */
  sections?: Record<string, 'neighbourhood' | 'skip'>;
}

export interface DetectOptions {
  headerRow?: number;
  map?: SavedMap;
}

export { columnLetter };

/** A row and the text of each of its cells. */
interface RowTexts {
  row: number;
  texts: string[];
}

function rowTexts(row: SourceRow): RowTexts {
  return { row: row.row, texts: row.cells.map((c) => cellText(c)) };
}

interface Candidate {
  headerRow: number;
  groupRow?: number;
  headers: HeaderCell[];
  columns: ColumnMapping[];
  unmapped: HeaderCell[];
  layout: ColumnLayout;
  score: number;
}

type Mapper = (header: string) => Field | 'ignore' | null;
/** A mapper given the header's key (headerKey) as well, worked out once. */
type KeyedMapper = (header: string, key: string) => Field | 'ignore' | null;

/** What a header text says, each worked out once per detection: about 40 rows are tried alone and under the row above. */
interface HeaderWords {
  field: Mapper;
  part: (header: string) => NamePart | null;
  sex: (header: string) => 'male' | 'female' | null;
}

function remembered<T>(f: (header: string) => T): (header: string) => T {
  const seen = new Map<string, T>();
  return (h) => {
    const hit = seen.get(h);
    if (hit !== undefined || seen.has(h)) return hit as T;
    const v = f(h);
    seen.set(h, v);
    return v;
  };
}

function headerWords(mapper: KeyedMapper): HeaderWords {
  const key = remembered(headerKey);
  return { field: remembered((h) => mapper(h, key(h))), part: (h) => namePartOfKey(key(h)), sex: (h) => genderOfKey(key(h)) };
}

function makeMapper(map?: SavedMap): KeyedMapper {
  if (!map) return fieldForHeaderKey;
  const exact = new Map<string, Field | 'ignore'>();
  const byKey = new Map<string, Field | 'ignore'>();
  for (const [h, f] of Object.entries(map.columns)) {
    exact.set(cellText(h), f);
    byKey.set(headerKey(h), f);
  }
  return (h, key) => exact.get(h) ?? byKey.get(key) ?? fieldForHeaderKey(h, key);
}

interface Pending {
  parts: (ColumnMapping & { part: NamePart })[];
  /** "Nam" / "Nữ" columns with the group header above them. */
  sexes: { sex: 'male' | 'female'; cell: HeaderCell; group: string }[];
}

/** Split-name parts and Nam/Nữ pairs, once the single columns are known. */
function settleLayout(p: Pending, columns: ColumnMapping[], taken: Set<Field>, mapper: Mapper, unmapped: HeaderCell[]): ColumnLayout {
  const layout: ColumnLayout = { duplicates: [] };
  const used = new Set<number>();
  const first = p.parts[0];
  if (first && !taken.has('full_name') && p.parts.length >= 2 && p.parts.some((x) => x.part === 'given')) {
    layout.nameParts = p.parts;
    taken.add('full_name');
    columns.push({ field: 'full_name', index: first.index, header: first.header, column: first.column });
    for (const x of p.parts) used.add(x.index);
  }
  const male = p.sexes.find((x) => x.sex === 'male');
  const female = p.sexes.find((x) => x.sex === 'female');
  if (male && female) {
    const m: ColumnMapping = { field: 'dob', index: male.cell.index, header: male.cell.header, column: male.cell.column };
    const f: ColumnMapping = { field: 'dob', index: female.cell.index, header: female.cell.header, column: female.cell.column };
    const groupField = male.group ? mapper(male.group) : null;
    if (groupField === 'dob' && !taken.has('dob')) {
      layout.dobByGender = { male: m, female: f };
      taken.add('dob');
      columns.push({ ...m, header: `${male.group} ${m.header}` });
    } else if (groupField !== 'dob' && !taken.has('gender')) {
      layout.genderMarks = { male: { ...m, field: 'gender' }, female: { ...f, field: 'gender' } };
      taken.add('gender');
      columns.push({ ...m, field: 'gender' });
    }
    if (layout.dobByGender || layout.genderMarks) used.add(male.cell.index).add(female.cell.index);
  }
  for (const x of p.parts) if (!used.has(x.index)) unmapped.push({ index: x.index, header: x.header, column: x.column });
  for (const x of p.sexes) if (!used.has(x.cell.index)) unmapped.push(x.cell);
  unmapped.sort((a, b) => a.index - b.index);
  return layout;
}

/**
 * Headers of one row, or of a two-row header (group row above): a cell of the
 * lower row names its column; where the lower cell is empty (a header merged
 * down over both rows) the upper cell does. A lower header that names no
 * field is tried with its group header in front ("Ngày" over "sinh"). Split
 * names and "Nam" / "Nữ" sub-columns are read as a layout.
 */
function candidate(lower: RowTexts, upper: RowTexts | undefined, words: HeaderWords): Candidate {
  const mapper = words.field;
  const lo = lower.texts;
  const up = upper?.texts ?? [];
  const width = Math.max(lo.length, up.length);
  const headers: HeaderCell[] = [];
  const columns: ColumnMapping[] = [];
  const unmapped: HeaderCell[] = [];
  const duplicates: ColumnMapping[] = [];
  const taken = new Set<Field>();
  const pending: Pending = { parts: [], sexes: [] };
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
    if (f === null) {
      const part = words.part(header);
      const sex = words.sex(header);
      if (part) pending.parts.push({ field: 'full_name', index: i, header, column: cell.column, part });
      else if (sex) pending.sexes.push({ sex, cell, group: l && group !== l ? group : '' });
      else unmapped.push(cell);
      continue;
    }
    if (taken.has(f)) {
      duplicates.push({ field: f, index: i, header, column: cell.column });
      continue;
    }
    taken.add(f);
    columns.push({ field: f, index: i, header, column: cell.column });
  }
  const layout = settleLayout(pending, columns, taken, mapper, unmapped);
  layout.duplicates = duplicates;
  // A layout read from a sub-header row beats the same fields read from the group row alone.
  const bonus = layout.nameParts || layout.dobByGender || layout.genderMarks ? 0.5 : 0;
  return { headerRow: lower.row, groupRow: upper?.row, headers, columns, unmapped, layout, score: columns.length + bonus };
}

function result(c: Candidate): HeaderResult {
  const r: HeaderResult = {
    headerRow: c.headerRow,
    columns: c.columns,
    headers: c.headers,
    unmapped: c.unmapped,
    missing: missingRequired(c.columns.map((m) => m.field)),
    layout: c.layout,
  };
  if (c.groupRow !== undefined) r.groupRow = c.groupRow;
  return r;
}

function nonEmpty(row: RowTexts): boolean {
  return row.texts.some((t) => t !== '');
}

/**
 * Finds the header among the first rows (about 40): the row, or pair of rows,
 * naming the most known fields. `headerRow` (1-based) forces the row; a saved
 * map adds its header texts to the synonyms.
 */
export function detectHeader(rows: SourceRow[], opts: DetectOptions = {}): HeaderResult {
  const words = headerWords(makeMapper(opts.map));
  const forced = opts.headerRow ?? opts.map?.headerRow;
  const list = rows.map(rowTexts).filter(nonEmpty);
  if (forced !== undefined) {
    const i = list.findIndex((r) => r.row === forced);
    const row = list[i];
    if (!row) return { headerRow: forced, columns: [], headers: [], unmapped: [], missing: missingRequired([]), layout: { duplicates: [] } };
    const before = list[i - 1];
    const prev = before?.row === forced - 1 ? before : undefined;
    const single = candidate(row, undefined, words);
    const pair = prev ? candidate(row, prev, words) : undefined;
    return result(pair && pair.score > single.score ? pair : single);
  }
  let best: Candidate | undefined;
  let before: RowTexts | undefined;
  for (const row of list) {
    const single = candidate(row, undefined, words);
    if (!best || single.score > best.score) best = single;
    const prev = before?.row === row.row - 1 ? before : undefined;
    if (prev) {
      const pair = candidate(row, prev, words);
      if (pair.score > best.score) best = pair;
    }
    before = row;
  }
  if (!best || best.score === 0) {
    // Nothing looks like a header: report the first non-empty row's texts so the user sees what was found.
    const first = list[0];
    if (!first) return { headerRow: 0, columns: [], headers: [], unmapped: [], missing: missingRequired([]), layout: { duplicates: [] } };
    const c = candidate(
      first,
      undefined,
      headerWords(() => null),
    );
    return result({ ...c, columns: [], unmapped: c.headers, layout: { duplicates: [] } });
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
    const label = m[1] ?? ''; // the one group always takes part
    const v = /\d/.test(label) ? Number(label) : label.charCodeAt(0) - 64;
    return i === 0 || v > 0;
  });
}
