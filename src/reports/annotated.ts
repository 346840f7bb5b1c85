/**
 * The annotated workbook (`validate --format xlsx`): for each source file of
 * the period, its rows as the clerk sent them, at the same row and column
 * addresses, with offending cells filled red (error) or amber (warning) and a
 * note giving the finding; plus a `Lỗi` sheet listing every finding with a
 * link to its cell. A clerk fixes the file in Excel and imports it again.
 *
 * The rows are read again from the file the import recorded (imports.file_path)
 * when it is still there with the same SHA-256; otherwise they are rebuilt
 * from what the database kept (source_rows, columns_json) and the workbook
 * says so. Every cell follows the one masking rule (src/privacy/mask.ts)
 * unless includePii (the full copy a khu phố head can fix in place); a row of
 * a purged person is never copied. Written owner-only.
 *
 * Imports exceljs: load lazily.
 */
import { isDiskFull } from '../safety/atomic.js';
import { label } from '../text/labels.js';
import fs from 'node:fs';
import path from 'node:path';
import type ExcelJS from 'exceljs';
import { openTable } from '../readers/index.js';
import type { CellValue } from '../readers/types.js';
import type { Finding, Report, Severity } from '../rules/types.js';
import { FIELDS } from '../roster/fields.js';
import type { DB } from '../store/db.js';
import type { Lang } from '../text/i18n.js';
import { assertNotInput, writeAtomically, sha256File } from './output.js';
import { maskText, maskValue } from '../privacy/mask.js';
import { InputError } from '../errors.js';
import { msg } from '../text/i18n.js';
import { PURGED_NAME } from '../privacy/purge.js';
import { cellRef, setCell, sheetName } from './safe-cell.js';
import { TemplateValidationCopies } from './template/annotate.js';
import { colLetter, FILL, FONT, parseA1, streamWorkbook, THIN, useInternalHyperlinks, breathe } from './xlsx.js';

export interface AnnotatedOptions {
  db: DB;
  report: Report;
  out: string;
  lang: Lang;
  /** Directory relative file paths in `imports` are resolved against (default: process.cwd()). */
  cwd?: string;
  /** Clock for the workbook's dates (default: now). */
  now?: () => Date;
  /** The full copy, IDs, phones and e-mail unmasked (--include-pii). */
  includePii?: boolean;
  /** Fault injection for tests (ROSTER_FAULT), see src/safety/atomic.ts. */
  fault?: string;
}

export interface AnnotatedResult {
  /** One line per source file that could not be copied from disk as imported. */
  notes: string[];
  sheets: string[];
  findings: number;
}

interface ImportRow {
  id: number;
  period: string;
  file_name: string;
  file_path: string | null;
  file_sha256: string;
  sheet: string | null;
  encoding: string | null;
  header_row: number | null;
  columns_json: string;
}

interface ColumnMap {
  field: string;
  /** 1-based column in the source sheet. */
  col: number;
  header: string;
}

const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

const T = {
  errorsSheet: { vi: 'Lỗi', en: 'Errors' },
  sev: {
    vi: { error: 'Lỗi', warning: 'Cảnh báo', info: 'Thông tin' },
    en: { error: 'Error', warning: 'Warning', info: 'Info' },
  },
  head: {
    vi: ['STT', 'Mức độ', 'Quy tắc', 'Tệp', 'Trang tính', 'Dòng', 'Cột', 'Ô', 'Giá trị', 'Nội dung', 'Gợi ý'],
    en: ['#', 'Severity', 'Rule', 'File', 'Sheet', 'Row', 'Column', 'Cell', 'Value', 'Finding', 'Suggestion'],
  },
};

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

const SOURCE_COLUMNS = new Set<string>(FIELDS);

function sourceColumn(field: string): string | undefined {
  const s = snake(field);
  const c = FIELD_ALIASES[s] ?? FIELD_ALIASES[s.replace(/_/g, '')] ?? s;
  return SOURCE_COLUMNS.has(c) ? c : undefined;
}

function dmy(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : iso;
}

/** A stored value shown as a clerk would type it. */
function display(column: string, v: unknown, lang: Lang): CellValue {
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


/** Row numbers of an import whose person was erased on request. */
function purgedRows(db: DB, importId: number): Set<number> {
  const rows = db
    .prepare('SELECT s.row_number AS n FROM source_rows s JOIN members m ON m.id = s.member_id WHERE s.import_id = ? AND m.purged_at IS NOT NULL')
    .all(importId) as { n: number }[];
  return new Set(rows.map((r) => r.n));
}

interface CellMark {
  severity: Severity;
  /** Indexes of the cell's findings in the report. */
  findings: number[];
}

/** Findings-sheet rows linked to their cells (exceljs keeps every link in memory until the sheet is done). */
const MAX_LINKS = 10_000;
/** Cells with a note per copied sheet (notes wait in memory until the sheet is done). */
const MAX_NOTES = 5_000;

function base(p: string): string {
  return path.basename(p.replace(/\\/g, '/'));
}

/** Which import a finding's source names (by path as given, or by base name). */
function importFor(f: Finding, imports: ImportRow[]): ImportRow | undefined {
  const file = f.source?.file;
  if (!file) return undefined;
  const exact = imports.filter((i) => i.file_path === file || i.file_name === file);
  const pool = exact.length > 0 ? exact : imports.filter((i) => base(i.file_path ?? i.file_name) === base(file));
  if (pool.length <= 1) return pool[0];
  const bySheet = pool.filter((i) => !f.source?.sheet || i.sheet === f.source.sheet);
  return (bySheet.length > 0 ? bySheet : pool)[(bySheet.length > 0 ? bySheet : pool).length - 1];
}

/** 1-based column of a finding in its source sheet, from the cell address or the column header. */
function findingColumn(f: Finding, cols: ColumnMap[]): number | undefined {
  const a = f.source?.cell ? parseA1(f.source.cell) : undefined;
  if (a) return a.col;
  const h = f.source?.column;
  if (!h) return undefined;
  const c = cols.find((c) => c.header === h) ?? cols.find((c) => c.field === h);
  return c?.col;
}

function suggestionText(f: Finding): string {
  const s = f.suggestion;
  if (!s) return '';
  const parts: string[] = [];
  if (s.value) parts.push(s.value);
  for (const c of s.candidates ?? []) parts.push(c.code ? `${c.name} (${c.code})` : c.name);
  return parts.join('; ');
}

function noteText(f: Finding, lang: Lang): string {
  const sev = T.sev[lang][f.severity];
  const sug = suggestionText(f);
  const tail = sug ? (lang === 'vi' ? `\nGợi ý: ${sug}` : `\nSuggestion: ${sug}`) : '';
  return `${sev}: ${f.message}${tail}\n[${f.rule}]`;
}

/** Points for a findings row whose wrapped cells (Value, Finding, Suggestion) hold `vals`. */
export function rowHeight(vals: unknown[], widths: number[]): number {
  let lines = 1;
  for (let k = 8; k < vals.length; k++) {
    const text = vals[k] === null || vals[k] === undefined ? '' : String(vals[k]);
    // About one character per width unit at 11 pt, less a margin.
    const per = Math.max(1, Math.floor(widths[k] * 0.9));
    const n = text.split('\n').reduce((a, l) => a + Math.max(1, Math.ceil([...l].length / per)), 0);
    lines = Math.max(lines, n);
  }
  return Math.min(409, 15 * lines + 2);
}

function styleHeaderCell(c: ExcelJS.Cell): void {
  c.font = { name: FONT, bold: true, size: 11 };
  c.fill = FILL.header;
  c.border = THIN;
  c.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
}

export async function writeAnnotatedWorkbook(opts: AnnotatedOptions): Promise<AnnotatedResult> {
  const { db, report, lang } = opts;
  const includePii = Boolean(opts.includePii);
  const cwd = opts.cwd ?? process.cwd();
  const out = path.resolve(cwd, opts.out);
  // Never over a roster the clerk sent (exit 2).
  assertNotInput(db, out, { cwd, dbFile: db.name });
  const now = (opts.now ?? (() => new Date()))();
  const period = report.period;
  const all = (
    period
      ? db.prepare(
          `SELECT * FROM imports i WHERE i.period = ?
             AND (NOT EXISTS (SELECT 1 FROM source_rows s WHERE s.import_id = i.id)
                  OR EXISTS (SELECT 1 FROM source_rows s WHERE s.import_id = i.id AND s.superseded_by IS NULL))
           ORDER BY i.id`,
        ).all(period)
      : db.prepare('SELECT * FROM imports ORDER BY id').all()
  ) as ImportRow[];
  // The same bytes imported twice are one file.
  const byKey = new Map<string, ImportRow>();
  for (const i of all) byKey.set(`${i.file_sha256}|${i.sheet ?? ''}`, i);
  const imports = [...byKey.values()];

  const notes: string[] = [];

  // Where each finding points (import, row, column), in arrays: a big roster has a million findings.
  const n = report.findings.length;
  const locImp = new Int32Array(n).fill(-1);
  const locRow = new Int32Array(n);
  const locCol = new Int32Array(n);
  // Findings by import, row and column: the finding indexes of each marked cell.
  const marks = new Map<number, Map<number, Map<number, CellMark>>>();
  const colsOf = new Map<number, ColumnMap[]>(imports.map((i) => [i.id, parseColumns(i.columns_json)]));
  report.findings.forEach((f, k) => {
    const imp = importFor(f, imports);
    const row = f.source?.row ?? (f.source?.cell ? parseA1(f.source.cell)?.row : undefined);
    if (!imp || !row) return;
    const col = findingColumn(f, colsOf.get(imp.id) ?? []) ?? 1;
    locImp[k] = imp.id;
    locRow[k] = row;
    locCol[k] = col;
    let rows = marks.get(imp.id);
    if (!rows) marks.set(imp.id, (rows = new Map()));
    let cells = rows.get(row);
    if (!cells) rows.set(row, (cells = new Map()));
    const m = cells.get(col);
    if (!m) cells.set(col, { severity: f.severity, findings: [k] });
    else {
      if (SEVERITY_RANK[f.severity] < SEVERITY_RANK[m.severity]) m.severity = f.severity;
      m.findings.push(k);
    }
  });

  const taken = new Set<string>();
  const errorsName = sheetName(T.errorsSheet[lang], taken);
  const sheetOf = new Map<number, string>();
  for (const i of imports) {
    const stem = base(i.file_name).replace(/\.[^.]+$/, '');
    sheetOf.set(i.id, sheetName(i.sheet && imports.filter((j) => j.file_name === i.file_name).length > 1 ? `${stem} - ${i.sheet}` : stem, taken));
  }
  // Which files can be copied from disk, decided before writing: the findings sheet is finished (and
  // streamed out) before the copies start, so that nothing waits in memory.
  const source = new Map<number, { file?: string; why: string }>();
  for (const imp of imports) {
    const file = imp.file_path ? path.resolve(cwd, imp.file_path) : undefined;
    let why = '';
    if (!file || !fs.existsSync(file)) why = lang === 'vi' ? 'không còn tệp' : 'the file is gone';
    else if (sha256File(file) !== imp.file_sha256) why = lang === 'vi' ? 'tệp đã bị sửa sau khi nhập' : 'the file changed after it was imported';
    source.set(imp.id, { file: why ? undefined : file, why });
  }
  const fileNotes = imports
    .filter((i) => source.get(i.id)?.why)
    .map((i) => {
      const why = source.get(i.id)?.why;
      return lang === 'vi' ? `${i.file_name}: ${why}; các dòng được dựng lại từ cơ sở dữ liệu.` : `${i.file_name}: ${why}; rows were rebuilt from the database.`;
    });
  if (n > MAX_LINKS) {
    notes.push(
      lang === 'vi'
        ? `Có ${n} phát hiện: ${MAX_LINKS} dòng đầu có liên kết đến ô; mỗi trang tính có ghi chú cho ${MAX_NOTES} ô đầu (các ô còn lại vẫn được tô màu).`
        : `${n} findings: the first ${MAX_LINKS} rows link to their cells; each sheet has notes on its first ${MAX_NOTES} cells (the rest are still filled).`,
    );
  }

  return writeAtomically(out, async (tmp) => {
    const wb = streamWorkbook(tmp, now);
    // The list of findings first: it is what the clerk opens the file for.
    const errWs = wb.addWorksheet(errorsName, {
      views: [{ state: 'frozen', ySplit: 1 }],
      pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
    });
    useInternalHyperlinks(errWs);
    const widths = [6, 11, 24, 24, 14, 7, 18, 8, 24, 60, 30];
    errWs.columns = widths.map((w) => ({ width: w }));
    const hr = errWs.getRow(1);
    hr.height = 32;
    T.head[lang].forEach((h, k) => {
      const c = hr.getCell(k + 1);
      c.value = h;
      styleHeaderCell(c);
    });
    hr.commit();
    // Errors first, then warnings, then notes; each in the report's order.
    let r = 2;
    for (const sev of ['error', 'warning', 'info'] as Severity[]) {
      for (let k = 0; k < n; k++) {
        const f = report.findings[k];
        if (f.severity !== sev) continue;
        const row = errWs.getRow(r);
        const vals = [
          r - 1,
          T.sev[lang][f.severity],
          f.rule,
          f.source?.file ?? '',
          f.source?.sheet ?? '',
          f.source?.row ?? null,
          f.source?.column ?? '',
          null,
          f.value ?? '',
          f.message,
          suggestionText(f),
        ];
        vals.forEach((v, j) => {
          const c = row.getCell(j + 1);
          setCell(c, maskValue(v, includePii) as string | number | null);
          c.font = { name: FONT, size: 11 };
          c.border = THIN;
          c.alignment = { vertical: 'top', wrapText: j >= 8 };
        });
        // Wrapped text needs a row tall enough for it: LibreOffice prints a fixed height as it is.
        row.height = rowHeight(vals, widths);
        if (locImp[k] >= 0) {
          const addr = `${colLetter(locCol[k])}${locRow[k]}`;
          const c = row.getCell(8);
          if (r - 1 <= MAX_LINKS) {
            c.value = { text: addr, hyperlink: cellRef(sheetOf.get(locImp[k]) as string, addr) };
            c.font = { name: FONT, size: 11, color: { argb: 'FF0563C1' }, underline: true };
          } else c.value = addr;
        }
        row.getCell(2).fill = FILL[f.severity];
        row.commit();
        r++;
        if ((r & 1023) === 0) await breathe(errWs);
      }
    }
    if (n === 0) {
      const c = errWs.getRow(2).getCell(1);
      c.value = lang === 'vi' ? 'Không có phát hiện nào.' : 'No findings.';
      c.font = { name: FONT, size: 11 };
      errWs.getRow(2).commit();
      r++;
    }
    for (const note of [...notes, ...fileNotes]) {
      const c = errWs.getRow(++r).getCell(1);
      c.value = note;
      c.font = { name: FONT, italic: true, size: 11 };
      errWs.getRow(r).commit();
    }
    errWs.commit();
    // A filled roster template keeps its validations, so it can be fixed in place and sent back.
    const templates = new TemplateValidationCopies(lang);

    for (const imp of imports) {
      const ws = wb.addWorksheet(sheetOf.get(imp.id) as string, {
        views: imp.header_row ? [{ state: 'frozen', ySplit: imp.header_row }] : undefined,
      });
      const cols = colsOf.get(imp.id) ?? [];
      const rowMarks = marks.get(imp.id) ?? new Map<number, Map<number, CellMark>>();
      // The streaming writer sets column widths before the first row: take them from the headers.
      const width0 = Math.max(0, ...cols.map((c) => c.col));
      for (let k = 1; k <= Math.max(width0, 1); k++) {
        const h = cols.find((c) => c.col === k);
        ws.getColumn(k).width = h ? Math.min(40, Math.max(12, h.header.length + 4, /name|ten/i.test(h.field) ? 26 : 0)) : 12;
      }
      const purged = purgedRows(db, imp.id);
      let noted = 0;
      const writeRow = (rowNo: number, raw: CellValue[], header: boolean) => {
        const row = ws.getRow(rowNo);
        // A purged person is never shown; everything else follows the one masking rule.
        const cells = purged.has(rowNo) ? [PURGED_NAME] : raw.map((v) => maskValue(v, includePii) as CellValue);
        const m = rowMarks.get(rowNo);
        const width = Math.max(cells.length, m ? Math.max(...m.keys()) : 0);
        for (let k = 1; k <= width; k++) {
          const v = cells[k - 1] ?? null;
          const c = row.getCell(k);
          setCell(c, v);
          if (v instanceof Date) c.numFmt = 'dd/mm/yyyy';
          if (header) styleHeaderCell(c);
          const mark = m?.get(k);
          if (mark) {
            c.fill = FILL[mark.severity];
            // Notes wait in memory until the sheet is done (exceljs): the first MAX_NOTES cells get one.
            if (noted++ < MAX_NOTES) c.note = mark.findings.map((i) => maskText(noteText(report.findings[i], lang), includePii)).join('\n\n');
          }
        }
        row.commit();
      };

      const src = source.get(imp.id);
      if (src?.file) {
        try {
          // Before the first row: the column formats go out with it.
          await templates.apply(ws, src.file, imp.sheet);
          const table = await openTable(src.file, { sheet: imp.sheet ?? undefined, encoding: imp.encoding ?? undefined });
          let k = 0;
          for await (const sr of table.rows) {
            writeRow(sr.row, sr.cells, sr.row === imp.header_row);
            if ((++k & 1023) === 0) await breathe(ws);
          }
        } catch (e) {
          // A failed write (a full disk) is not a problem of the roster file.
          if (isDiskFull(e)) throw e;
          throw new InputError(
            msg(`Không đọc lại được ${imp.file_name}: ${(e as Error).message ?? e}`, `Could not read ${imp.file_name} again: ${(e as Error).message ?? e}`),
            msg('Sổ tay lỗi chưa được ghi. Chuyển tệp đi chỗ khác để dựng lại các dòng từ cơ sở dữ liệu.', 'The annotated workbook was not written. Move the file away to rebuild its rows from the database.'),
          );
        }
      } else {
        // Rebuild from the database: header at its row, each row at its number, each value at its column.
        const mapped = cols.map((c) => ({ ...c, source: sourceColumn(c.field) }));
        if (imp.header_row) {
          const h: CellValue[] = new Array(width0).fill(null);
          for (const c of cols) h[c.col - 1] = c.header;
          writeRow(imp.header_row, h, true);
        }
        const stmt = db.prepare('SELECT * FROM source_rows WHERE import_id = ? ORDER BY row_number');
        let k = 0;
        for (const sr of stmt.iterate(imp.id) as Iterable<Record<string, unknown>>) {
          const cells: CellValue[] = new Array(width0).fill(null);
          for (const c of mapped) if (c.source) cells[c.col - 1] = display(c.source, sr[c.source], lang);
          writeRow(sr.row_number as number, cells, false);
          if ((++k & 1023) === 0) await breathe(ws);
        }
      }
      ws.commit();
    }
    templates.finish(wb);
    await wb.commit();
    return { notes: [...notes, ...fileNotes], sheets: [errorsName, ...imports.map((i) => sheetOf.get(i.id) as string)], findings: n };
  }, { fault: opts.fault });
}
