/**
 * The import path: for each file, find the header and the column mapping, then
 * stream the rows through the value parsers into the RosterWriter, all files in
 * one transaction. Every roster sheet of a workbook is read. Idempotent on
 * (file bytes, sheet, period); --dry-run rolls back.
 */
import path from 'node:path';
import { InputError, present } from '../errors.js';
import { faultPoint } from '../safety/fault.js';
import type { DB } from '../store/db.js';
import { msg, type Msg } from '../text/i18n.js';
import type { UnitResolver } from '../units/types.js';
import { FIELD_LABELS, type Field } from '../roster/fields.js';
import { detectHeader, type HeaderResult, type SavedMap } from './header.js';
import { looksMergedDown, SKIP_LABELS, SKIP_REASONS, type SkipReason } from './layout.js';
import { openFile, sha256File, type OpenedTable } from '../readers/index.js';
import { openRosterTable } from './roster-sheet.js';
import type { SourceRow, TablePosition } from '../readers/types.js';
import { importSheet, noSkips, PendingQuestion, undecidedSectionError, type SheetToRead } from './sheet-rows.js';
import { recogniseTemplate } from './template-marker.js';
import { RosterWriter } from './write.js';
import { changesBefore, importChanges, type ImportChanges } from '../month/import-changes.js';

export interface ImportOptions {
  files: string[];
  period: string;
  mode: 'sync' | 'append';
  dryRun: boolean;
  /** Sheets to read (--sheet, repeatable); default every roster-shaped sheet. */
  sheets?: string[];
  headerRow?: number;
  map?: SavedMap;
  encoding?: string;
  now: () => Date;
  resolver: UnitResolver;
  /**
   * Called when required columns are missing. Returns a mapping to use (an
   * interactive choice), or null to give up with an error naming the columns.
   */
  askMapping?: (file: string, header: HeaderResult, sheet: string | undefined, sample: SourceRow[]) => Promise<SavedMap | null>;
  /**
   * Called when a layout is ambiguous (a sheet that may or may not be a
   * roster, a row that may head a khu phố). Returns the answer, or null to
   * give up with an error naming the flag that decides.
   */
  askLayout?: (q: LayoutQuestion) => Promise<boolean | null>;
  /** Rows read so far, and how far the current file has been read. */
  onProgress?: (rows: number, at?: { file: string } & TablePosition) => void;
  onNote?: (m: Msg) => void;
  /** SQLite page cache during the import, in KiB (default IMPORT_CACHE_KIB); 0 keeps SQLite's default. */
  cacheKib?: number;
}

export type { FileSummary, LayoutAnswers, LayoutQuestion, SkippedRow } from './import-types.js';
import type { FileSummary, LayoutAnswers, LayoutQuestion, SkippedRow } from './import-types.js';

/** A sheet that was not imported. */
export interface SkippedSheet {
  file: string;
  sheet: string;
  /** hidden; not-a-roster (no roster header); answered (the clerk or the map said skip); empty (a roster header and no member under it). */
  reason: 'hidden' | 'not-a-roster' | 'answered' | 'empty';
  /** Rows under the header of an empty sheet, not imported. */
  skippedRows?: SkippedRow[];
}

export interface ImportSummary {
  period: string;
  mode: 'sync' | 'append';
  dryRun: boolean;
  files: FileSummary[];
  sheetsSkipped: SkippedSheet[];
  answers: LayoutAnswers;
  rows: number;
  added: number;
  updated: number;
  /** People this import makes "left" (src/month/changes.ts). */
  left: number;
  /** The period's joined / moved / left so far and the people not yet listed (provisional). */
  changes?: ImportChanges;
}

const HEAD_ROWS = 40;

/**
 * SQLite page cache during an import, in KiB: 32 MB took the CPU time of a
 * 1,000,000-row import from 34.5 s to 28.3 s (64 MB: no better, 40 MB more
 * memory). ImportOptions.cacheKib (the CLI's ROSTER_IMPORT_CACHE_KIB) overrides it.
 */
export const IMPORT_CACHE_KIB = 32768;

/** Headers listed in the missing-columns message; the rest are counted (a sheet may have thousands). */
export const LISTED_HEADERS = 30;

/** A cell no header row holds but a person's row does: a date, an e-mail, an ID or a phone number. */
const PERSON_VALUE = /\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}|@|(?:\d[\s.]*){9,}/;

/**
 * What the missing-columns message says about the row taken as the header. When
 * a cell of it holds a date, an ID, a phone or an e-mail, it is a person's row
 * (a roster without a header), so only its column letters are listed: the name
 * beside that date of birth must not end up in a message the clerk forwards.
 */
function foundHeaders(header: HeaderResult): { vi: string; en: string } {
  const cells = header.headers.slice(0, LISTED_HEADERS);
  const more = header.headers.length - LISTED_HEADERS;
  const tail = (lang: 'vi' | 'en') => (more > 0 ? `; … ${lang === 'vi' ? `và ${more} cột khác` : `and ${more} more`}` : '');
  if (header.headers.some((h) => PERSON_VALUE.test(h.header))) {
    const letters = cells.map((h) => h.column).join(', ');
    return {
      vi: `Dòng ${header.headerRow} có lẽ là dữ liệu, không phải tiêu đề (không in ra); các cột có chữ: ${letters}${tail('vi')}`,
      en: `row ${header.headerRow} is probably data, not a header (not printed); columns with text: ${letters}${tail('en')}`,
    };
  }
  const listed = cells.map((h) => `${h.column}: ${h.header}`).join('; ') || '—';
  return {
    vi: `Các tiêu đề tìm thấy (dòng ${header.headerRow}): ${listed}${tail('vi')}`,
    en: `Headers found (row ${header.headerRow}): ${listed}${tail('en')}`,
  };
}

function missingColumnsError(file: string, header: HeaderResult, sheet?: string): InputError {
  const names = (lang: 'vi' | 'en') => header.missing.map((f: Field) => FIELD_LABELS[f][lang]).join(', ');
  const found = foundHeaders(header);
  return new InputError(
    msg(
      `${path.basename(file)}${sheet ? ` (trang tính "${sheet}")` : ''}: thiếu cột bắt buộc ${names('vi')}. ${found.vi}.`,
      `${path.basename(file)}${sheet ? ` (sheet "${sheet}")` : ''}: required columns missing: ${names('en')}. ${found.en}.`,
    ),
    msg(
      'Đổi tên tiêu đề cột trong tệp, chỉ dòng tiêu đề bằng --header-row, hoặc dùng --map MAP.json (chạy trên cửa sổ lệnh tương tác để chọn cột và lưu bằng --save-map).',
      'Rename the column headers in the file, give the header row with --header-row, or use --map MAP.json (run in an interactive terminal to choose the columns and save them with --save-map).',
    ),
    file,
  );
}

/**
 * A file with no member row under its header is refused: in sync mode it
 * would mark everybody of the ward as left, and in any mode it records an
 * import of nothing. Usually the wrong file, sheet or header row.
 */
function noMemberRowsError(file: string, sheet: string | undefined, headerRow: number, skipped: Record<SkipReason, number>): InputError {
  const name = path.basename(file);
  const where = sheet ? { vi: ` (trang tính "${sheet}")`, en: ` (sheet "${sheet}")` } : { vi: '', en: '' };
  const seen = SKIP_REASONS.reduce((n, r) => n + skipped[r], 0);
  const what = seen ? { vi: `; chỉ có ${skippedText(skipped, 'vi')}`, en: `; only ${skippedText(skipped, 'en')}` } : { vi: '', en: '' };
  return new InputError(
    msg(
      `${name}${where.vi}: không có dòng thành viên nào dưới dòng tiêu đề (dòng ${headerRow})${what.vi}. Không có gì được ghi.`,
      `${name}${where.en}: no member rows found under the header (row ${headerRow})${what.en}. Nothing was written.`,
    ),
    msg(
      'Kiểm tra đúng tệp và trang tính (--sheet), hoặc chỉ dòng tiêu đề bằng --header-row. Một tệp rỗng ở chế độ đồng bộ (--mode sync) sẽ ghi nhận mọi người của phường là đã rời, nên bị từ chối.',
      'Check that this is the right file and sheet (--sheet), or give the header row with --header-row. An empty roster in sync mode would mark everybody in the ward as left, so it is refused.',
    ),
    file,
  );
}

function skippedText(skipped: Record<SkipReason, number>, lang: 'vi' | 'en'): string {
  const parts = SKIP_REASONS.filter((r) => skipped[r] > 0).map((r) => `${skipped[r]} ${lang === 'vi' ? 'dòng' : 'rows'}: ${SKIP_LABELS[r][lang]}`);
  return parts.join(', ') || (lang === 'vi' ? 'không có dòng nào' : 'no rows');
}

/** One sheet of one file (a text file is one sheet), ready to be read. */
interface Prepared extends SheetToRead {
  previousImportId?: number;
  /** Found among several sheets rather than named or alone: an empty one is skipped, not refused. */
  discovered: boolean;
}

function undecidedSheetError(file: string, sheet: string, header: HeaderResult): InputError {
  const found = header.columns.map((c) => c.header).join(', ');
  const missing = (lang: 'vi' | 'en') => header.missing.map((f) => FIELD_LABELS[f][lang]).join(', ');
  return new InputError(
    msg(
      `${path.basename(file)}: trang tính "${sheet}" có thể là danh sách (cột ${found}) nhưng thiếu ${missing('vi')}; không rõ có nên nhập hay không.`,
      `${path.basename(file)}: sheet "${sheet}" may be a roster (columns ${found}) but lacks ${missing('en')}; it is unclear whether to import it.`,
    ),
    msg(
      'Chỉ rõ các trang cần nhập bằng --sheet (có thể lặp lại), hoặc chạy trên cửa sổ lệnh tương tác để trả lời và lưu câu trả lời bằng --save-map.',
      'Name the sheets to import with --sheet (repeatable), or run in an interactive terminal to answer and keep the answer with --save-map.',
    ),
    file,
  );
}

/** Sheets without a name column or with fewer than three roster columns hold no members. */
function looksLikeRoster(header: HeaderResult): 'roster' | 'not' | 'unclear' {
  if (header.missing.length === 0) return 'roster';
  if (!header.columns.some((c) => c.field === 'full_name') || header.columns.length < 3) return 'not';
  return 'unclear';
}

async function readHead(table: OpenedTable): Promise<SourceRow[]> {
  const head: SourceRow[] = [];
  for await (const r of table.rows) {
    head.push(r);
    if (head.length >= HEAD_ROWS) break;
  }
  return head;
}

/** The first rows of a file (the sheet named, or the one most like a roster): for the title block and the period. */
export async function readFileHead(file: string, o: { sheet?: string; map?: SavedMap; encoding?: string }): Promise<{ head: SourceRow[]; sheet?: string }> {
  const table = await openRosterTable(file, { sheet: o.sheet ?? o.map?.sheet, encoding: o.encoding });
  return { head: await readHead(table), sheet: table.sheet };
}

interface RunState {
  answers: LayoutAnswers;
  /** Column mappings chosen on a terminal, per file and sheet, kept across a restart. */
  mappings: Map<string, SavedMap>;
  sheetsSkipped: SkippedSheet[];
}

interface SheetHead {
  table: OpenedTable;
  header: HeaderResult;
  head: SourceRow[];
}

/**
 * The sheets of a workbook to import, when none was named: every roster
 * sheet. A sheet with a name column that lacks required ones is asked about
 * (or decided by the map), unless it is the only candidate: then it is the
 * roster and the mapping questions follow. No candidate at all: the sheet
 * most like a roster, through the mapping questions.
 */
async function chooseSheets(file: string, heads: SheetHead[], o: ImportOptions, st: RunState): Promise<Omit<Prepared, 'file' | 'sha256'>[]> {
  const kinds = heads.map((h) => {
    const said = st.answers.sheets[h.table.sheet ?? ''] ?? o.map?.sheets?.[h.table.sheet ?? ''];
    return said === 'roster' ? 'roster' : said === 'skip' ? 'skip' : looksLikeRoster(h.header);
  });
  const rosters = kinds.filter((k) => k === 'roster').length;
  const unclear = kinds.filter((k) => k === 'unclear').length;
  const found: Omit<Prepared, 'file' | 'sha256'>[] = [];
  const skip = (h: SheetHead, reason: SkippedSheet['reason']) => st.sheetsSkipped.push({ file, sheet: h.table.sheet ?? '', reason });
  if (rosters === 0 && unclear <= 1) {
    const only = present(
      unclear === 1 ? heads[kinds.indexOf('unclear')] : heads.reduce((a, b) => (b.header.columns.length > a.header.columns.length ? b : a)),
      `${file}: the sheet most like a roster`,
    );
    only.table.notes.push(
      msg(
        `đã chọn trang tính "${only.table.sheet}": không trang nào có đủ cột bắt buộc; trang này có nhiều tiêu đề cột danh sách nhất (${only.header.columns.length})`,
        `sheet "${only.table.sheet}" chosen: no sheet has every required column; it has the most roster column headers (${only.header.columns.length})`,
      ),
    );
    heads.forEach((h, i) => {
      if (h !== only) skip(h, kinds[i] === 'skip' ? 'answered' : 'not-a-roster');
    });
    return [{ table: only.table, header: only.header, discovered: false }];
  }
  for (const [i, h] of heads.entries()) {
    const sheet = h.table.sheet ?? '';
    let kind = kinds[i];
    if (kind === 'unclear') {
      const yes = o.askLayout ? await o.askLayout({ kind: 'sheet', file, sheet, header: h.header }) : null;
      if (yes === null) throw undecidedSheetError(file, sheet, h.header);
      st.answers.sheets[sheet] = yes ? 'roster' : 'skip';
      kind = yes ? 'roster' : 'skip';
    }
    if (kind === 'roster') found.push({ table: h.table, header: h.header, discovered: true });
    else skip(h, kind === 'skip' ? 'answered' : 'not-a-roster');
  }
  return found;
}

/** First pass, before any write: hashes, sheets, header detection, mapping and layout questions. */
async function prepare(db: DB, o: ImportOptions, st: RunState): Promise<Prepared[]> {
  const seen = db.prepare("SELECT id FROM imports WHERE file_sha256 = ? AND period = ? AND coalesce(sheet, '') = ? ORDER BY id DESC LIMIT 1");
  const out: Prepared[] = [];
  const named = o.sheets && o.sheets.length > 0 ? o.sheets : o.map?.sheet ? [o.map.sheet] : undefined;
  for (const file of o.files) {
    const sha256 = sha256File(file);
    // A filled roster template: its sheets, headers and columns come from its marker.
    const template = await recogniseTemplate(db, file, named);
    if (template) {
      const opened = await openFile(file, { sheets: template.map((t) => t.sheet) });
      template.forEach((t, i) => {
        const table = present(opened.tables[i], `${file}: the template's sheet "${t.sheet}"`);
        table.notes.push(...t.notes);
        const prev = seen.get(sha256, o.period, table.sheet ?? '') as { id: number } | undefined;
        out.push({ file, sha256, table, header: t.header, restore: t.restore, discovered: true, previousImportId: prev?.id });
      });
      continue;
    }
    const opened = await openFile(file, { sheets: named, encoding: o.encoding });
    for (const h of opened.hidden) st.sheetsSkipped.push({ file, sheet: h, reason: 'hidden' });
    const several = opened.tables.length > 1 && !named;
    const heads: SheetHead[] = [];
    for (const table of opened.tables) {
      table.notes.push(...opened.notes);
      const head = await readHead(table);
      const header = detectHeader(head, { headerRow: o.headerRow ?? o.map?.headerRow, map: o.map });
      heads.push({ table, header, head });
    }
    const found = several ? await chooseSheets(file, heads, o, st) : heads.map((h) => ({ table: h.table, header: h.header, discovered: false }));
    for (const p of found.map((f): Prepared => ({ file, sha256, ...f }))) {
      const head = heads.find((h) => h.table === p.table)?.head ?? [];
      const prev = seen.get(sha256, o.period, p.table.sheet ?? '') as { id: number } | undefined;
      p.previousImportId = prev?.id;
      if (p.header.missing.length > 0 && !prev) {
        const key = `${file}\u0001${p.table.sheet ?? ''}`;
        let answer = st.mappings.get(key) ?? null;
        if (!answer && o.askMapping)
          answer = await o.askMapping(
            file,
            p.header,
            p.table.sheet,
            head.filter((r) => r.row > p.header.headerRow),
          );
        if (answer) {
          st.mappings.set(key, answer);
          p.header = detectHeader(head, { headerRow: answer.headerRow ?? p.header.headerRow, map: answer });
        }
        if (p.header.missing.length > 0) throw missingColumnsError(file, p.header, p.table.sheet);
      }
      p.mergedHead = looksMergedDown(head, p.header);
      out.push(p);
    }
  }
  return out;
}

class DryRunRollback extends Error {}

/** Imports the files: every roster sheet of each, in one transaction. Layout questions answered on a terminal start it again. */
export async function importRosters(db: DB, o: ImportOptions): Promise<ImportSummary> {
  const answers: LayoutAnswers = { sheets: {}, sections: {} };
  const mappings = new Map<string, SavedMap>();
  for (;;) {
    try {
      return await importOnce(db, o, { answers, mappings, sheetsSkipped: [] });
    } catch (e) {
      if (!(e instanceof PendingQuestion)) throw e;
      const yes = o.askLayout ? await o.askLayout(e.q) : null;
      if (yes === null) throw undecidedSectionError(e.q);
      answers.sections[e.q.text] = yes ? 'neighbourhood' : 'skip';
    }
  }
}

async function importOnce(db: DB, o: ImportOptions, st: RunState): Promise<ImportSummary> {
  const prepared = await prepare(db, o, st);
  const summary: ImportSummary = {
    period: o.period,
    mode: o.mode,
    dryRun: o.dryRun,
    files: [],
    sheetsSkipped: st.sheetsSkipped,
    answers: st.answers,
    rows: 0,
    added: 0,
    updated: 0,
    left: 0,
  };
  const todo = prepared.filter((p) => p.previousImportId === undefined);
  for (const p of prepared) {
    if (p.previousImportId !== undefined) {
      summary.files.push({
        file: p.file,
        sheet: p.table.sheet,
        sha256: p.sha256,
        status: 'unchanged',
        previousImportId: p.previousImportId,
        rows: 0,
        skipped: noSkips(),
        skippedRows: [],
        notes: [],
        columns: p.header.columns,
        headerRow: p.header.headerRow,
      });
    }
  }
  if (todo.length === 0) return summary;

  // A larger page cache for the load: the members' key index takes random
  // inserts, and pages evicted mid-transaction are spilled and read back.
  // Connection-local, no effect on durability; restored afterwards.
  const cacheSize = db.pragma('cache_size', { simple: true }) as number;
  const cacheKib = o.cacheKib ?? IMPORT_CACHE_KIB;
  db.pragma(`cache_size = ${cacheKib === 0 ? cacheSize : -cacheKib}`);
  db.exec('BEGIN IMMEDIATE');
  try {
    const before = changesBefore(db, o.period);
    const writer = new RosterWriter(db, o.resolver, { period: o.period, mode: o.mode, now: o.now });
    const progress = { total: 0 };
    for (const p of todo) {
      const fs = await importSheet(p, { map: o.map, answers: st.answers, canAsk: o.askLayout !== undefined, onProgress: o.onProgress }, writer, progress);
      if (fs.rows === 0) {
        // Inside the transaction: the whole invocation rolls back.
        if (!p.discovered) throw noMemberRowsError(p.file, p.table.sheet, p.header.headerRow, fs.skipped);
        st.sheetsSkipped.push({ file: p.file, sheet: p.table.sheet ?? '', reason: 'empty', skippedRows: fs.skippedRows });
        continue;
      }
      summary.files.push(fs);
    }
    if (summary.files.every((f) => f.status === 'unchanged')) {
      const p = present(todo[0], 'the first sheet to import'); // todo is not empty here
      throw noMemberRowsError(p.file, p.table.sheet, p.header.headerRow, noSkips());
    }
    const counts = writer.finish();
    summary.rows = counts.rows;
    summary.added = counts.added;
    summary.updated = counts.updated;
    summary.changes = importChanges(db, o.period, before);
    summary.left = summary.changes.leaving.length;
    o.onProgress?.(progress.total);
    faultPoint('import.after-rows');
    if (o.dryRun) throw new DryRunRollback();
    db.exec('COMMIT');
  } catch (e) {
    if (db.inTransaction) db.exec('ROLLBACK');
    if (!(e instanceof DryRunRollback)) throw e;
  } finally {
    db.pragma(`cache_size = ${cacheSize}`);
  }
  return summary;
}
