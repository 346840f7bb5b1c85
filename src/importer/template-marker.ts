/**
 * Recognising a filled roster template (`roster template`): its hidden marker
 * sheet names the data sheets, their header row and the field of every
 * column, so the import guesses nothing. A prefilled row carries its member
 * id in a hidden column: a CCCD or phone that comes back still masked keeps
 * the stored number, and the row updates that member (a corrected name or
 * birth date is the same person, not a new one who joined while the old one
 * left). Rows of a per-khu-phố sheet without a ward or khu phố belong to the
 * sheet's team.
 *
 * Called from one place in import.ts; everything else is the ordinary path.
 */
import path from 'node:path';
import type yauzl from 'yauzl';
import { InputError } from '../errors.js';
import { maskDigits, maskEmail } from '../privacy/mask.js';
import { MARKER_SHEET, TEMPLATE_FORMAT, TEMPLATE_VERSION, type TemplateField, type TemplateMarker, type TemplateSheet } from '../reports/template/layout.js';
import type { DB } from '../store/db.js';
import { fold } from '../text/fold.js';
import { msg } from '../text/i18n.js';
import { columnIndex, columnLetter } from '../text/columns.js';
import { FIELDS, missingRequired, type Field } from '../roster/fields.js';
import { detectHeader, type ColumnMapping, type HeaderResult } from './header.js';
import { openTable } from '../readers/index.js';
import { openWorkbook } from '../readers/xlsx/index.js';
import type { CellValue, SourceRow } from '../readers/types.js';
import { hasZipSignature, readHead } from '../readers/files.js';
import { openZip } from '../readers/xlsx/container.js';
import { cellText } from './values.js';
import type { RosterRecord } from '../roster/row.js';

/** One data sheet of a filled template that has member rows. */
export interface TemplatePart {
  sheet: string;
  header: HeaderResult;
  notes: string[];
  /** The record of a row, completed from the template (member id, masked values, the sheet's team). */
  restore(rec: RosterRecord | null, row: SourceRow): RosterRecord | null;
}

/** Whether the archive's workbook part lists the marker sheet: one small part read, not the whole workbook. */
async function hasMarkerSheet(file: string): Promise<boolean> {
  const magic = await readHead(file, 8).catch(() => null);
  if (!magic || !hasZipSignature(magic)) return false;
  let zf: yauzl.ZipFile;
  try {
    zf = await openZip(file);
  } catch {
    return false;
  }
  return new Promise((resolve) => {
    let done = false;
    const finish = (v: boolean) => {
      if (done) return;
      done = true;
      zf.close();
      resolve(v);
    };
    zf.on('error', () => finish(false));
    zf.on('end', () => finish(false));
    zf.on('entry', (e: yauzl.Entry) => {
      if (e.fileName !== 'xl/workbook.xml' || e.uncompressedSize > 4 << 20) return zf.readEntry();
      zf.openReadStream(e, (err2, s) => {
        if (err2 || !s) return finish(false);
        const chunks: Buffer[] = [];
        s.on('data', (c: Buffer) => chunks.push(c));
        s.on('error', () => finish(false));
        s.on('end', () => finish(Buffer.concat(chunks).toString('utf8').includes(`name="${MARKER_SHEET}"`)));
      });
    });
    zf.readEntry();
  });
}

const str = (v: CellValue | undefined) => cellText(v ?? null);

/** The sheet names of a workbook (opening it as the readers do). */
async function sheetNames(file: string): Promise<string[]> {
  return (await openWorkbook(file)).sheets.map((s) => s.name);
}

async function readMarker(file: string): Promise<TemplateMarker | null> {
  const table = await openTable(file, { sheet: MARKER_SHEET });
  if (table.format !== 'xlsx' || table.sheet !== MARKER_SHEET) return null;
  const m: TemplateMarker = { version: 0, office: '', period: '', generated: '', tool: '', sheets: [], columns: [], wards: new Map() };
  let first = true;
  for await (const { cells: c } of table.rows) {
    if (first) {
      first = false;
      if (str(c[0]) !== TEMPLATE_FORMAT) return null;
      m.version = Number(c[1]);
      m.office = str(c[2]);
      m.period = str(c[3]);
      m.generated = str(c[4]);
      m.tool = str(c[5]);
      if (!(m.version >= 1) || m.version > TEMPLATE_VERSION) {
        throw new InputError(
          msg(
            `${path.basename(file)}: biểu mẫu của phiên bản roster mới hơn (phiên bản ${str(c[1])}).`,
            `${path.basename(file)}: a template of a newer roster (version ${str(c[1])}).`,
          ),
          msg('Cập nhật roster lên bản mới nhất.', 'Update roster to the latest version.'),
          file,
        );
      }
      continue;
    }
    const kind = str(c[0]);
    if (kind === 'sheet') {
      m.sheets.push({ name: str(c[1]), headerRow: Number(c[2]), firstRow: Number(c[3]), wardCode: str(c[4]), wardName: str(c[5]), neighbourhood: str(c[6]) });
    } else if (kind === 'column') {
      m.columns.push({ field: str(c[2]) as TemplateField, index: columnIndex(str(c[1])), header: str(c[3]) });
    } else if (kind === 'ward') {
      m.wards.set(fold(str(c[2])), str(c[1]));
    }
  }
  return first ? null : m;
}

/** The marker of a roster template, or null when the file is not one. */
export async function readTemplateMarker(file: string): Promise<TemplateMarker | null> {
  return (await hasMarkerSheet(file)) ? readMarker(file) : null;
}

/** The header as the marker gives it, when the sheet's header row still reads so; else null. */
function markerHeader(m: TemplateMarker, s: TemplateSheet, head: SourceRow | undefined): HeaderResult | null {
  if (!head) return null;
  const columns: ColumnMapping[] = [];
  for (const c of m.columns) {
    if (fold(str(head.cells[c.index])) !== fold(c.header)) return null;
    if ((FIELDS as readonly string[]).includes(c.field)) columns.push({ field: c.field as Field, index: c.index, header: c.header, column: columnLetter(c.index) });
  }
  const headers = columns.map((c) => ({ index: c.index, header: c.header, column: c.column }));
  return { headerRow: s.headerRow, columns, headers, unmapped: [], missing: missingRequired(columns.map((c) => c.field)), layout: { duplicates: [] } };
}

interface Stored {
  person_id: string | null;
  phone: string | null;
  email: string | null;
  full_name: string;
}

/** Completes a row of a template sheet; `used` keeps a member id to the first row that carries it. */
function restorer(db: DB, m: TemplateMarker, s: TemplateSheet, header: HeaderResult, idCol: number | undefined, used: Set<number>): TemplatePart['restore'] {
  const at = (f: Field) => header.columns.find((c) => c.field === f)?.index;
  const [idIx, phoneIx, emailIx] = [at('person_id'), at('phone'), at('email')];
  const memberQ = db.prepare('SELECT person_id, phone, email, full_name FROM members WHERE id = ? AND purged_at IS NULL');
  const raw = (row: SourceRow, ix: number | undefined) => (ix === undefined ? '' : str(row.cells[ix]));
  const dropRepairs = (rec: RosterRecord, field: string) => (rec.repairs = rec.repairs.filter((t) => !t.startsWith(`${field}:`)));
  return (rec, row) => {
    if (!rec) return null;
    if (!rec.ward && s.wardName) rec.ward = s.wardName;
    // A blank khu phố on a khu phố's own sheet is that khu phố.
    if (!rec.neighbourhood && s.neighbourhood && fold(rec.ward ?? '') === fold(s.wardName)) rec.neighbourhood = s.neighbourhood;
    if (rec.ward && !rec.ward_code) rec.ward_code = m.wards.get(fold(rec.ward)) ?? null;
    const id = idCol === undefined ? NaN : Number(row.cells[idCol]);
    if (!Number.isSafeInteger(id) || used.has(id)) return rec;
    const st = memberQ.get(id) as Stored | undefined;
    if (!st) return rec;
    const masked = (ix: number | undefined, stored: string | null, mask: (s: string) => string) => {
      const t = raw(row, ix);
      return stored !== null && t.includes('*') && t === mask(stored);
    };
    if (masked(idIx, st.person_id, maskDigits)) {
      rec.person_id = st.person_id;
      dropRepairs(rec, 'person_id');
    }
    if (masked(phoneIx, st.phone, maskDigits)) {
      rec.phone = st.phone;
      dropRepairs(rec, 'phone');
    }
    if (masked(emailIx, st.email, (e) => maskEmail(e, false))) rec.email = st.email;
    // The same person: the stored ID came back (or neither has one), or only the ID was corrected under the same name.
    const sameId = (rec.person_id ?? null) === (st.person_id ?? null);
    if (sameId || fold(rec.full_name ?? '') === fold(st.full_name)) {
      rec.member_id = id;
      used.add(id);
    }
    return rec;
  };
}

function hasRows(rows: SourceRow[], header: HeaderResult): boolean {
  const mapped = header.columns.map((c) => c.index);
  return rows.some((r) => r.row > header.headerRow && mapped.some((i) => str(r.cells[i]) !== ''));
}

/**
 * The data sheets of a filled template with member rows, or null when the
 * file is not a roster template. `sheet` (--sheet) restricts to one sheet.
 */
export async function recogniseTemplate(db: DB, file: string, named?: string[]): Promise<TemplatePart[] | null> {
  const m = await readTemplateMarker(file);
  if (!m) return null;
  const used = new Set<number>();
  const parts: TemplatePart[] = [];
  const wanted = (s: TemplateSheet) => !named || named.length === 0 || named.some((n) => n === s.name || fold(n) === fold(s.name));
  const sheets = m.sheets.filter(wanted);
  const sheet = named && named.length > 0 ? named.join('", "') : undefined;
  const present = new Set((await sheetNames(file)).map((n) => n));
  const missing = sheets.filter((s) => !present.has(s.name)).map((s) => `"${s.name}"`);
  if (missing.length > 0) {
    // A renamed sheet would otherwise be skipped with its members, and sync would mark them as left.
    throw new InputError(
      msg(
        `${path.basename(file)}: biểu mẫu roster thiếu trang ${missing.join(', ')} (đã đổi tên hoặc xóa). Không có gì được ghi.`,
        `${path.basename(file)}: the roster template lacks sheet ${missing.join(', ')} (renamed or deleted). Nothing was written.`,
      ),
      msg('Đặt lại đúng tên trang như trong biểu mẫu rồi nhập lại.', 'Give the sheets back their names from the template, then import again.'),
      file,
    );
  }
  for (const s of sheets) {
    const table = await openTable(file, { sheet: s.name });
    // The header and the first rows below it: enough to tell an untouched sheet from a filled one.
    const rows: SourceRow[] = [];
    for await (const r of table.rows) {
      rows.push(r);
      if (r.row > s.headerRow + 200) break;
    }
    const notes = [`roster template v${m.version} of "${m.office}" for ${m.period}: sheet "${s.name}", header row ${s.headerRow}, columns from the template`];
    const headRow = rows.find((r) => r.row === s.headerRow);
    let header = markerHeader(m, s, headRow);
    if (!header) {
      // The head inserted, moved or renamed a column: find the header as for any roster.
      header = detectHeader(rows, { headerRow: s.headerRow });
      notes[0] = `roster template v${m.version}: sheet "${s.name}" has changed columns; its header was read as in any roster`;
    }
    if (!hasRows(rows, header)) continue;
    // The member id column by its header, wherever the head's edits moved it.
    const idHeader = fold(m.columns.find((c) => c.field === 'member_id')?.header ?? '');
    const idCol = idHeader ? headRow?.cells.findIndex((c) => fold(str(c)) === idHeader) : undefined;
    parts.push({ sheet: s.name, header, notes, restore: restorer(db, m, s, header, idCol !== undefined && idCol >= 0 ? idCol : undefined, used) });
  }
  if (parts.length === 0) {
    throw new InputError(
      msg(
        `${path.basename(file)}: biểu mẫu roster chưa có dòng thành viên nào${sheet ? ` trong trang "${sheet}"` : ''}. Không có gì được ghi.`,
        `${path.basename(file)}: the roster template has no member rows${sheet ? ` on sheet "${sheet}"` : ''}. Nothing was written.`,
      ),
      msg(`Các trang danh sách: ${m.sheets.map((s) => `"${s.name}"`).join(', ')}.`, `Roster sheets: ${m.sheets.map((s) => `"${s.name}"`).join(', ')}.`),
      file,
    );
  }
  return parts;
}
