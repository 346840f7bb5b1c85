/**
 * The rows under a roster's header that are not members, and what some of
 * them say about the members below (DOMAIN.md § Roster layouts): the column
 * number row "(1) (2) … (n)", a repeated header, section rows naming the khu
 * phố ("I. KHU PHỐ 1", "KP 2:", "Ấp Tân Hòa"), a sheet named like a khu phố,
 * and ward / khu phố cells merged down over a team's members.
 */
import type { CellValue, SourceRow } from '../readers/types.js';
import type { MergeRange } from '../readers/xlsx/index.js';
import type { ColumnMapping, HeaderResult } from './header.js';
import { headerKey } from '../roster/fields.js';
import { cellText } from './values.js';
import { fold } from '../text/fold.js';
import type { RosterRecord } from '../roster/row.js';

/** Why a row under the header was not imported. */
export type SkipReason = 'blank' | 'footer' | 'column-numbers' | 'header-repeat' | 'section' | 'heading';

export const SKIP_REASONS: readonly SkipReason[] = ['blank', 'footer', 'column-numbers', 'header-repeat', 'section', 'heading'];

/** What a skipped row was, after "N rows:" ("N dòng"). */
export const SKIP_LABELS: Record<SkipReason, { vi: string; en: string }> = {
  blank: { vi: 'trống', en: 'blank' },
  footer: { vi: 'cuối trang (tổng cộng, chữ ký)', en: 'footer (totals, signatures)' },
  'column-numbers': { vi: 'đánh số cột', en: 'column numbers' },
  'header-repeat': { vi: 'tiêu đề lặp lại', en: 'header repeated' },
  section: { vi: 'tên khu phố/ấp (đầu mục)', en: 'khu phố section heading' },
  heading: { vi: 'tiêu đề mục, không phải thành viên', en: 'heading, not a member' },
};

const PREFIXES: [RegExp, string][] = [
  [/^(khu pho|kp)(?![a-z])\.?\s*/, 'Khu phố'],
  [/^(to dan pho|tdp)(?![a-z])\.?\s*/, 'Tổ dân phố'],
  [/^ap\s+/, 'Ấp'],
  [/^thon\s+/, 'Thôn'],
  [/^khom\s+/, 'Khóm'],
];

/** "I.", "1.", "II -", "2)" in front of a section title. */
const NUMBERING = /^\s*(?:[IVXLC]+|\d{1,3})\s*[.)\-–:]\s*/i;

function titleCase(s: string): string {
  if (s !== s.toLocaleUpperCase('vi')) return s;
  return s
    .toLocaleLowerCase('vi')
    .split(' ')
    .map((w) => (w ? w.charAt(0).toLocaleUpperCase('vi') + w.slice(1) : w))
    .join(' ');
}

/**
 * The khu phố / ấp a text names, as "Khu phố 1", "Ấp Tân Hòa", or null:
 * "I. KHU PHỐ 1", "KP 2:", "KP2", "Khu phố 3", "Ấp Tân Hòa", "Tổ dân phố 5".
 * A named (not numbered) neighbourhood must start with a capital letter, so
 * "Áp dụng từ …" is not one.
 */
export function neighbourhoodIn(text: string): string | null {
  const t = cellText(text)
    .replace(NUMBERING, '')
    .replace(/[\s:.;,]+$/, '');
  if (!t || t.length > 40) return null;
  const f = fold(t);
  for (const [re, canon] of PREFIXES) {
    const m = re.exec(f);
    if (!m) continue;
    const rest = t.slice(m[0].length).trim();
    if (!rest || rest.split(' ').length > 4) return null;
    if (/^\d{1,3}[A-Za-z]?$/.test(rest)) return `${canon} ${rest.replace(/^0+(?=\d)/, '')}`;
    const first = rest.charAt(0);
    if (first !== first.toLocaleUpperCase('vi') || /\d/.test(rest)) return null;
    return `${canon} ${titleCase(rest)}`;
  }
  return null;
}

function nonEmpty(row: SourceRow): { index: number; value: CellValue; text: string }[] {
  const out: { index: number; value: CellValue; text: string }[] = [];
  row.cells.forEach((value, index) => {
    const text = cellText(value);
    if (text) out.push({ index, value, text });
  });
  return out;
}

/**
 * A section row: its only text (or a numeral and a text, "I" | "KHU PHỐ 1")
 * names a khu phố. Returns the khu phố, or null.
 */
export function sectionOf(row: SourceRow): string | null {
  const cells = nonEmpty(row);
  const first = cells[0];
  const second = cells[1];
  if (!first || cells.length > 2) return null;
  if (cells.some((c) => typeof c.value !== 'string' && typeof c.value !== 'number')) return null;
  const text = !second ? first.text : /^(?:[IVXLC]+|\d{1,3})[.)]?$/i.test(first.text) ? second.text : '';
  return text ? neighbourhoodIn(text) : null;
}

/**
 * A row that might head a section but does not say "khu phố" or "ấp": one
 * text alone, in a column that holds no person data, or written in capitals
 * or numbered ("TỔ 5", "II. Khu dân cư Bàu Sen"). The clerk decides.
 */
export function unclearHeading(row: SourceRow, columns: ColumnMapping[]): string | null {
  const cells = nonEmpty(row);
  const only = cells[0];
  if (cells.length !== 1 || typeof only?.value !== 'string') return null;
  const { index, text } = only;
  // A short title, not a sentence or a note ("Ghi chú: …").
  if (!/\p{L}/u.test(text) || text.length > 60 || /[:;]./.test(text) || /[.!?]$/.test(text)) return null;
  const field = columns.find((c) => c.index === index)?.field;
  if (field && field !== 'full_name') return null;
  if (field === 'full_name' && text !== text.toLocaleUpperCase('vi') && !NUMBERING.test(text)) return null;
  return text;
}

/** The header (or its group row) written again under the members: a new page, a new section. */
export function isHeaderRepeat(row: SourceRow, header: HeaderResult): boolean {
  const cells = nonEmpty(row);
  if (cells.length < 2) return false;
  const byIndex = new Map(header.headers.map((h) => [h.index, headerKey(h.header)]));
  let same = 0;
  for (const c of cells) if (byIndex.get(c.index) === headerKey(c.text)) same++;
  return same >= 2 && same * 2 >= cells.length;
}

/** A row that carries a person: a name with an ID, a birth date or a phone. Never a footer, a heading or blank. */
export function carriesPerson(rec: RosterRecord | null): boolean {
  if (!rec?.full_name || !/\p{L}/u.test(rec.full_name)) return false;
  const digits = (s: string | null) => (s ?? '').replace(/\D+/g, '').length;
  return /^\d{4}/.test(rec.dob ?? '') || digits(rec.person_id) >= 9 || digits(rec.phone) >= 9;
}

/** Fields whose cell is merged down over a team's members: the value belongs to every row of the merge. */
const TEAM_FIELDS = new Set(['ward', 'ward_code', 'district', 'neighbourhood']);

/**
 * Whether the first rows under the header look merged down: a row with a name
 * whose ward or khu phố cell is blank while another row's is not.
 */
export function looksMergedDown(head: SourceRow[], header: HeaderResult): boolean {
  const name = header.columns.find((c) => c.field === 'full_name')?.index;
  const team = header.columns.filter((c) => TEAM_FIELDS.has(c.field)).map((c) => c.index);
  if (name === undefined || team.length === 0) return false;
  const rows = head.filter((r) => r.row > header.headerRow && cellText(r.cells[name] ?? null) !== '');
  return team.some((c) => {
    const filled = rows.filter((r) => cellText(r.cells[c] ?? null) !== '').length;
    return filled > 0 && filled < rows.length;
  });
}

/**
 * Fills the cells of team columns (ward, ward code, district, khu phố) that
 * lie under the first cell of a vertical merge with that cell's value.
 * Person columns are never filled. Rows must come in sheet order.
 */
export class MergeFill {
  /** Vertical merges over a team column, by first row. */
  private readonly ranges: MergeRange[];
  private next = 0;
  /** Merges that the current row lies in, or may (started, not yet ended). */
  private open: { m: MergeRange; top: CellValue }[] = [];
  private readonly cols: number[];

  constructor(merges: readonly MergeRange[], columns: ColumnMapping[]) {
    this.cols = columns.filter((c) => TEAM_FIELDS.has(c.field)).map((c) => c.index);
    this.ranges = merges.filter((m) => m.lastRow > m.firstRow && this.cols.some((c) => c >= m.firstCol && c <= m.lastCol)).sort((a, b) => a.firstRow - b.firstRow);
  }

  /** The row with its team cells filled (a copy when anything changed). */
  apply(row: SourceRow): SourceRow {
    if (this.ranges.length === 0) return row;
    const r = row.row;
    if (this.open.length && this.open.some((o) => o.m.lastRow < r)) this.open = this.open.filter((o) => o.m.lastRow >= r);
    while (this.next < this.ranges.length) {
      const m = this.ranges[this.next];
      if (m === undefined || m.firstRow > r) break;
      this.next++;
      // A merge whose first row was not read (above the header, or empty) fills nothing.
      if (m.firstRow === r) this.open.push({ m, top: row.cells[m.firstCol] ?? null });
    }
    let cells = row.cells;
    for (const { m, top } of this.open) {
      if (r === m.firstRow || top === null) continue;
      for (const c of this.cols) {
        if (c < m.firstCol || c > m.lastCol || cellText(cells[c] ?? null) !== '') continue;
        if (cells === row.cells) cells = [...row.cells];
        while (cells.length <= c) cells.push(null);
        cells[c] = top;
      }
    }
    return cells === row.cells ? row : { row: row.row, cells };
  }
}
