/** An import's column map (columns_json) and stored values shown as a clerk would type them. */
import type { CellValue } from '../../readers/types.js';
import { FIELDS } from '../../roster/fields.js';
import type { Lang } from '../../text/i18n.js';
import { label } from '../../text/labels.js';
import { parseA1 } from '../xlsx.js';

export interface ColumnMap {
  field: string;
  /** 1-based column in the source sheet. */
  col: number;
  header: string;
}

/** Column map of an import: columns_json entries `{field, index, header, column}`. */
export function parseColumns(json: string): ColumnMap[] {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    return [];
  }
  if (!Array.isArray(raw)) return [];
  const out: ColumnMap[] = [];
  for (const c of raw as Record<string, unknown>[]) {
    if (!c || typeof c !== 'object' || typeof c.field !== 'string') continue;
    let col: number | undefined;
    if (typeof c.column === 'string' && /^[A-Za-z]{1,3}$/.test(c.column)) col = parseA1(`${c.column}1`)?.col;
    if (col === undefined && typeof c.index === 'number') col = c.index + 1;
    if (col === undefined && typeof c.column === 'number') col = c.column;
    if (col === undefined) continue;
    out.push({ field: c.field, col, header: typeof c.header === 'string' ? c.header : c.field });
  }
  return out;
}

function snake(s: string): string {
  return s.replace(/[A-Z]/g, (m) => '_' + m.toLowerCase());
}

const FIELD_ALIASES: Record<string, string> = {
  name: 'full_name',
  fullname: 'full_name',
  id: 'person_id',
  cccd: 'person_id',
  joined: 'joined_on',
  left: 'left_on',
  ward_name: 'ward',
  organization: 'organisation',
  note: 'notes',
};

/** The stored columns a source column can be rebuilt from: the roster's fields. */
const STORED = new Set<string>(FIELDS);

/** The stored column a mapped field was kept in, if any. */
export function sourceColumn(field: string): string | undefined {
  const s = snake(field);
  const c = FIELD_ALIASES[s] ?? FIELD_ALIASES[s.replace(/_/g, '')] ?? s;
  return STORED.has(c) ? c : undefined;
}

function dmy(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : iso;
}

/** A stored value shown as a clerk would type it. */
export function display(column: string, v: unknown, lang: Lang): CellValue {
  if (v === null || v === undefined) return null;
  const s = String(v);
  switch (column) {
    case 'dob':
    case 'joined_on':
    case 'left_on':
      return dmy(s);
    case 'gender':
      return label('gender', s, lang);
    case 'role':
      return label('role', s, lang);
    case 'onetouch':
      return v === 1 || v === 0 ? label('yesNo', v, lang) : s;
    default:
      return s;
  }
}
