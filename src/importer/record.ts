/**
 * One spreadsheet row → one RosterRecord, through the column mapping and the
 * value parsers. Unparseable values are kept as written (validation reports
 * them); repairs are noted as tokens.
 */
import type { ColumnLayout, ColumnMapping } from './header.js';
import type { CellValue, SourceRow } from '../readers/types.js';
import { cellText, parseDate, parseGender, parsePersonId, parsePhone, parseRole, parseYesNo, splitPhones, type Parsed } from './values.js';
import type { RosterRecord } from '../roster/row.js';
import { FIELDS, type Field } from '../roster/fields.js';

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
  /**
   * The record of a row, or null when no mapped cell holds a value.
   * `neighbourhood` (from a section row or the sheet name) is used when the
   * roster has no khu phố column.
   */
  toRecord(row: SourceRow, neighbourhood?: string | null): RosterRecord | null;
  /** Whether any mapped cell of the row holds a value. */
  hasValue(row: SourceRow): boolean;
}

/** An "x" (or any mark that is not a "no") under "Nam" or "Nữ". */
function marked(v: CellValue): boolean {
  const t = cellText(v);
  return t !== '' && parseYesNo(v) !== false;
}

/** The cells of the layout's columns. */
function layoutIndexes(layout: ColumnLayout): number[] {
  const out: number[] = [];
  for (const p of layout.nameParts ?? []) out.push(p.index);
  for (const pair of [layout.dobByGender, layout.genderMarks]) if (pair) out.push(pair.male.index, pair.female.index);
  return out;
}

/** The cell index of each field a record reads: the first column mapped to it, -1 when none is. */
type FieldIndexes = Record<Field, number>;

function fieldIndexes(columns: ColumnMapping[]): FieldIndexes {
  const at: Record<string, number> = {};
  for (const c of columns) if (!(c.field in at)) at[c.field] = c.index;
  return Object.fromEntries(FIELDS.map((f) => [f, f in at ? at[f] : -1])) as FieldIndexes;
}

/**
 * The date-of-birth cell and the gender of a row: from their own columns, or
 * from a date under "Nam" or "Nữ", or from a mark under one of them.
 */
function dobAndGender(cell: (n: number) => CellValue, i: FieldIndexes, layout: ColumnLayout, gender: (v: CellValue) => string | null): { dobCell: CellValue; sex: string | null } {
  const byGender = layout.dobByGender;
  const marks = layout.genderMarks;
  let dobCell = cell(i.dob);
  let sex: string | null = gender(cell(i.gender));
  if (byGender) {
    const m = cell(byGender.male.index);
    const f = cell(byGender.female.index);
    const inMale = cellText(m) !== '';
    const inFemale = cellText(f) !== '';
    dobCell = inMale ? m : f;
    // Both filled: the gender is unclear; the date under "Nam" is kept and the gender left blank.
    if (inMale !== inFemale) sex = inMale ? 'male' : 'female';
  } else if (marks) {
    const m = marked(cell(marks.male.index));
    const f = marked(cell(marks.female.index));
    sex = m && !f ? 'male' : f && !m ? 'female' : null;
  }
  return { dobCell, sex };
}

/** The first phone number of the phone cell; any others go to the notes. */
function phoneAndNotes(cell: (n: number) => CellValue, i: FieldIndexes, notes: string | null, repairs: string[]): { phone: string | null; notes: string | null } {
  if (i.phone < 0) return { phone: null, notes };
  const split = splitPhones(cell(i.phone));
  const phone = keep('phone', parsePhone(split.phone), repairs);
  if (split.others.length) notes = [notes, `Số điện thoại khác: ${split.others.join(', ')}`].filter(Boolean).join('; ');
  return { phone, notes };
}

export function recordMapper(columns: ColumnMapping[], layout: ColumnLayout = { duplicates: [] }): RecordMapper {
  const i = fieldIndexes(columns);
  const mapped = [...Object.values(i).filter((n) => n >= 0), ...layoutIndexes(layout)];
  const parts = layout.nameParts?.map((p) => p.index);
  const byGender = layout.dobByGender;
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
  const hasValue = (row: SourceRow): boolean => {
    const cells = row.cells;
    for (const n of mapped) {
      const v = n < cells.length ? cells[n] : null;
      if (v !== null && v !== undefined && v !== '' && !(typeof v === 'string' && v.trim() === '')) return true;
    }
    return false;
  };
  return {
    hasValue,
    toRecord(row: SourceRow, sectionNeighbourhood?: string | null): RosterRecord | null {
      const cells = row.cells;
      const cell = (n: number): CellValue => (n >= 0 && n < cells.length ? cells[n]! : null);
      if (!hasValue(row)) return null;
      const repairs: string[] = [];
      const text = (n: number) => orNull(cellText(cell(n)));
      const yes = yesNo(cell(i.onetouch));
      const fullName = parts
        ? orNull(
            parts
              .map((n) => cellText(cell(n)))
              .filter((t) => t !== '')
              .join(' '),
          )
        : text(i.full_name);
      const { dobCell, sex } = dobAndGender(cell, i, layout, gender);
      const { phone, notes } = phoneAndNotes(cell, i, text(i.notes), repairs);
      return {
        row: row.row,
        full_name: fullName,
        dob: i.dob >= 0 || byGender ? keep('dob', parseDate(dobCell), repairs) : null,
        gender: sex,
        person_id: i.person_id >= 0 ? keep('person_id', parsePersonId(cell(i.person_id)), repairs) : null,
        phone,
        email: text(i.email),
        role: role(cell(i.role)),
        organisation: organisation(cell(i.organisation)),
        neighbourhood: i.neighbourhood >= 0 ? neighbourhood(cell(i.neighbourhood)) : (sectionNeighbourhood ?? null),
        ward: ward(cell(i.ward)),
        ward_code: wardCode(cell(i.ward_code)),
        district: district(cell(i.district)),
        joined_on: i.joined_on >= 0 ? keep('joined_on', parseDate(cell(i.joined_on)), repairs) : null,
        left_on: i.left_on >= 0 ? keep('left_on', parseDate(cell(i.left_on)), repairs) : null,
        onetouch: yes === null ? null : yes ? 1 : 0,
        notes,
        repairs,
      };
    },
  };
}
