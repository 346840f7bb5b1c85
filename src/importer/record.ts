/**
 * One spreadsheet row → one RosterRecord, through the column mapping and the
 * value parsers. Unparseable values are kept as written (validation reports
 * them); repairs are noted as tokens.
 */
import type { ColumnMapping } from './header.js';
import type { CellValue, SourceRow } from './readers/types.js';
import { cellText, parseDate, parseGender, parsePersonId, parsePhone, parseRole, parseYesNo, type Parsed } from './values.js';
import type { RosterRecord } from './write.js';

function orNull(s: string): string | null {
  return s === '' ? null : s;
}

function keep(field: string, p: Parsed<string>, repairs: string[]): string | null {
  if (p.repair) repairs.push(`${field}:${p.repair}`);
  return p.value ?? orNull(p.raw);
}

/**
 * Memoises a parser of a low-cardinality column (role, gender, ward, …): a
 * roster repeats the same few values on every row. Bounded, so a column that
 * turns out to be all distinct values costs nothing extra.
 */
function memo<T>(fn: (v: CellValue) => T, max = 4096): (v: CellValue) => T {
  const cache = new Map<CellValue, T>();
  return (v) => {
    if (v instanceof Date) return fn(v);
    let r = cache.get(v);
    if (r === undefined && !cache.has(v)) {
      r = fn(v);
      if (cache.size < max) cache.set(v, r);
    }
    return r as T;
  };
}

const textOrNull = (v: CellValue) => orNull(cellText(v));

/** A compiled mapping: the cell index of each field, -1 when absent. */
export interface RecordMapper {
  toRecord(row: SourceRow): RosterRecord | null;
}

export function recordMapper(columns: ColumnMapping[]): RecordMapper {
  const at: Record<string, number> = {};
  for (const c of columns) at[c.field] = c.index;
  const idx = (f: string) => (f in at ? at[f] : -1);
  const i = {
    full_name: idx('full_name'),
    dob: idx('dob'),
    gender: idx('gender'),
    person_id: idx('person_id'),
    phone: idx('phone'),
    email: idx('email'),
    role: idx('role'),
    organisation: idx('organisation'),
    neighbourhood: idx('neighbourhood'),
    ward: idx('ward'),
    ward_code: idx('ward_code'),
    district: idx('district'),
    joined_on: idx('joined_on'),
    left_on: idx('left_on'),
    onetouch: idx('onetouch'),
    notes: idx('notes'),
  };
  const mapped = Object.values(i).filter((n) => n >= 0);
  const gender = memo((v) => parseGender(v) ?? textOrNull(v));
  const role = memo((v) => parseRole(v) ?? textOrNull(v));
  const yesNo = memo(parseYesNo);
  const ward = memo(textOrNull);
  const district = memo(textOrNull);
  const neighbourhood = memo(textOrNull);
  const organisation = memo(textOrNull);
  const wardCode = memo((v) => {
    const t = textOrNull(v);
    return t && /^\d{1,4}$/.test(t) ? t.padStart(5, '0') : t;
  });
  return {
    toRecord(row: SourceRow): RosterRecord | null {
      const cells = row.cells;
      const cell = (n: number): CellValue => (n >= 0 && n < cells.length ? cells[n] : null);
      let any = false;
      for (const n of mapped) {
        const v = cell(n);
        if (v !== null && v !== '' && !(typeof v === 'string' && v.trim() === '')) {
          any = true;
          break;
        }
      }
      if (!any) return null;
      const repairs: string[] = [];
      const text = (n: number) => orNull(cellText(cell(n)));
      const yes = yesNo(cell(i.onetouch));
      return {
        row: row.row,
        full_name: text(i.full_name),
        dob: i.dob >= 0 ? keep('dob', parseDate(cell(i.dob)), repairs) : null,
        gender: gender(cell(i.gender)),
        person_id: i.person_id >= 0 ? keep('person_id', parsePersonId(cell(i.person_id)), repairs) : null,
        phone: i.phone >= 0 ? keep('phone', parsePhone(cell(i.phone)), repairs) : null,
        email: text(i.email),
        role: role(cell(i.role)),
        organisation: organisation(cell(i.organisation)),
        neighbourhood: neighbourhood(cell(i.neighbourhood)),
        ward: ward(cell(i.ward)),
        ward_code: wardCode(cell(i.ward_code)),
        district: district(cell(i.district)),
        joined_on: i.joined_on >= 0 ? keep('joined_on', parseDate(cell(i.joined_on)), repairs) : null,
        left_on: i.left_on >= 0 ? keep('left_on', parseDate(cell(i.left_on)), repairs) : null,
        onetouch: yes === null ? null : yes ? 1 : 0,
        notes: text(i.notes),
        repairs,
      };
    },
  };
}
