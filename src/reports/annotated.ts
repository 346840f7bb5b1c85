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
 * says so. The copy holds the clerk's own data unmasked (it is their file to
 * fix) and is written owner-only.
 *
 * Imports exceljs: load lazily.
 */
import fs from 'node:fs';
import path from 'node:path';
import type ExcelJS from 'exceljs';
import { openTable } from '../importer/readers/index.js';
import type { CellValue } from '../importer/readers/types.js';
import type { Finding, Report, Severity } from '../rules/types.js';
import type { DB } from '../store/db.js';
import type { Lang } from '../text/i18n.js';
import { assertNotInput, writeAtomically, sha256File } from './output.js';
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

const SOURCE_COLUMNS = new Set([
  'full_name', 'dob', 'gender', 'person_id', 'phone', 'email', 'role', 'organisation',
  'neighbourhood', 'ward', 'ward_code', 'district', 'joined_on', 'left_on', 'onetouch', 'notes',
]);

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
      return s === 'male' ? (lang === 'vi' ? 'Nam' : 'Male') : s === 'female' ? (lang === 'vi' ? 'Nữ' : 'Female') : s;
    case 'role':
      return s === 'leader'
        ? lang === 'vi' ? 'Tổ trưởng' : 'Leader'
        : s === 'deputy'
          ? lang === 'vi' ? 'Tổ phó' : 'Deputy'
          : s === 'member'
            ? lang === 'vi' ? 'Thành viên' : 'Member'
            : s;
    case 'onetouch':
      return v === 1 ? (lang === 'vi' ? 'Có' : 'Yes') : v === 0 ? (lang === 'vi' ? 'Không' : 'No') : s;
    default:
      return s;
  }
}


interface CellMark {
  severity: Severity;
  lines: string[];
}

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

function styleHeaderCell(c: ExcelJS.Cell): void {
  c.font = { name: FONT, bold: true, size: 11 };
  c.fill = FILL.header;
  c.border = THIN;
  c.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
}

export async function writeAnnotatedWorkbook(opts: AnnotatedOptions): Promise<AnnotatedResult> {
  const { db, report, lang } = opts;
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

  // Findings by import, row and column.
  const marks = new Map<number, Map<number, Map<number, CellMark>>>();
  const located = new Map<Finding, { imp: ImportRow; row: number; col: number } | undefined>();
  const colsOf = new Map<number, ColumnMap[]>(imports.map((i) => [i.id, parseColumns(i.columns_json)]));
  for (const f of report.findings) {
    const imp = importFor(f, imports);
    const row = f.source?.row ?? (f.source?.cell ? parseA1(f.source.cell)?.row : undefined);
    if (!imp || !row) {
      located.set(f, undefined);
      continue;
    }
    const col = findingColumn(f, colsOf.get(imp.id) ?? []) ?? 1;
    located.set(f, { imp, row, col });
    let rows = marks.get(imp.id);
    if (!rows) marks.set(imp.id, (rows = new Map()));
    let cells = rows.get(row);
    if (!cells) rows.set(row, (cells = new Map()));
    const m = cells.get(col);
    const line = noteText(f, lang);
    if (!m) cells.set(col, { severity: f.severity, lines: [line] });
    else {
      if (SEVERITY_RANK[f.severity] < SEVERITY_RANK[m.severity]) m.severity = f.severity;
      m.lines.push(line);
    }
  }

  const taken = new Set<string>();
  const errorsName = sheetName(T.errorsSheet[lang], taken);
  const sheetOf = new Map<number, string>();
  for (const i of imports) {
    const stem = base(i.file_name).replace(/\.[^.]+$/, '');
    sheetOf.set(i.id, sheetName(i.sheet && imports.filter((j) => j.file_name === i.file_name).length > 1 ? `${stem} - ${i.sheet}` : stem, taken));
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
    T.head[lang].forEach((h, k) => {
      const c = hr.getCell(k + 1);
      c.value = h;
      styleHeaderCell(c);
    });
    hr.commit();
    const ordered = report.findings
      .map((f, k) => ({ f, k }))
      .sort((a, b) => SEVERITY_RANK[a.f.severity] - SEVERITY_RANK[b.f.severity] || a.k - b.k);
    let r = 2;
    for (const { f } of ordered) {
      const loc = located.get(f);
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
      vals.forEach((v, k) => {
        const c = row.getCell(k + 1);
        setCell(c, v as string | number | null);
        c.font = { name: FONT, size: 11 };
        c.border = THIN;
        c.alignment = { vertical: 'top', wrapText: k >= 8 };
      });
      if (loc) {
        const addr = `${colLetter(loc.col)}${loc.row}`;
        const c = row.getCell(8);
        c.value = { text: addr, hyperlink: cellRef(sheetOf.get(loc.imp.id) as string, addr) };
        c.font = { name: FONT, size: 11, color: { argb: 'FF0563C1' }, underline: true };
      }
      row.getCell(2).fill = FILL[f.severity];
      row.commit();
      r++;
      if ((r & 1023) === 0) await breathe(errWs);
    }
    if (report.findings.length === 0) {
      const c = errWs.getRow(2).getCell(1);
      c.value = lang === 'vi' ? 'Không có phát hiện nào.' : 'No findings.';
      c.font = { name: FONT, size: 11 };
      errWs.getRow(2).commit();
      r++;
    }
    for (const n of notes) {
      const c = errWs.getRow(++r).getCell(1);
      c.value = n;
      c.font = { name: FONT, italic: true, size: 11 };
      errWs.getRow(r).commit();
    }
    const fileNotesStart = r + 1;
    r = fileNotesStart;
    const fileNotes: string[] = [];
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
      const writeRow = (n: number, cells: CellValue[], header: boolean) => {
        const row = ws.getRow(n);
        const m = rowMarks.get(n);
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
            c.note = mark.lines.join('\n\n');
          }
        }
        row.commit();
      };

      const file = imp.file_path ? path.resolve(cwd, imp.file_path) : undefined;
      let copied = false;
      let why = '';
      if (!file || !fs.existsSync(file)) why = lang === 'vi' ? 'không còn tệp' : 'the file is gone';
      else if (sha256File(file) !== imp.file_sha256) why = lang === 'vi' ? 'tệp đã bị sửa sau khi nhập' : 'the file changed after it was imported';
      if (!why && file) {
        try {
          // Before the first row: the column formats go out with it.
          await templates.apply(ws, file, imp.sheet);
          const table = await openTable(file, { sheet: imp.sheet ?? undefined, encoding: imp.encoding ?? undefined });
          for await (const sr of table.rows) writeRow(sr.row, sr.cells, sr.row === imp.header_row);
          copied = true;
        } catch (e) {
          why = (lang === 'vi' ? 'không đọc lại được tệp: ' : 'could not read the file again: ') + String((e as Error).message ?? e);
        }
      }
      if (!copied) {
        // Rebuild from the database: header at its row, each row at its number, each value at its column.
        if (why) fileNotes.push(lang === 'vi' ? `${imp.file_name}: ${why}; các dòng được dựng lại từ cơ sở dữ liệu.` : `${imp.file_name}: ${why}; rows were rebuilt from the database.`);
        const width = width0;
        const mapped = cols.map((c) => ({ ...c, source: sourceColumn(c.field) }));
        if (imp.header_row) {
          const h: CellValue[] = new Array(width).fill(null);
          for (const c of cols) h[c.col - 1] = c.header;
          writeRow(imp.header_row, h, true);
        }
        const stmt = db.prepare('SELECT * FROM source_rows WHERE import_id = ? ORDER BY row_number');
        for (const sr of stmt.iterate(imp.id) as Iterable<Record<string, unknown>>) {
          const cells: CellValue[] = new Array(width).fill(null);
          for (const c of mapped) if (c.source) cells[c.col - 1] = display(c.source, sr[c.source], lang);
          writeRow(sr.row_number as number, cells, false);
          if (((sr.row_number as number) & 1023) === 0) await breathe(ws);
        }
      }
      ws.commit();
    }
    templates.finish(wb);
    for (const n of fileNotes) {
      const c = errWs.getRow(r).getCell(1);
      c.value = n;
      c.font = { name: FONT, italic: true, size: 11 };
      errWs.getRow(r).commit();
      r++;
    }
    errWs.commit();
    await wb.commit();
    return { notes: [...notes, ...fileNotes], sheets: [errorsName, ...imports.map((i) => sheetOf.get(i.id) as string)], findings: report.findings.length };
  });
}
