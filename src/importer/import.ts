/**
 * The import path: for each file, find the header and the column mapping, then
 * stream the rows through the value parsers into the RosterWriter, all files in
 * one transaction. Idempotent on (file bytes, period); --dry-run rolls back.
 */
import path from 'node:path';
import { InputError } from '../errors.js';
import type { DB } from '../store/db.js';
import { msg, type Msg } from '../text/i18n.js';
import type { UnitResolver } from '../units/types.js';
import { FIELD_LABELS, type Field } from './fields.js';
import { detectHeader, isFooterRow, type ColumnMapping, type HeaderResult, type SavedMap } from './header.js';
import { openTable, sha256File } from './readers/index.js';
import type { SourceRow } from './readers/types.js';
import { recordMapper } from './record.js';
import { recogniseTemplate, type TemplatePart } from './template-marker.js';
import { RosterWriter, type RosterRecord } from './write.js';

export interface ImportOptions {
  files: string[];
  period: string;
  mode: 'sync' | 'append';
  dryRun: boolean;
  sheet?: string;
  headerRow?: number;
  map?: SavedMap;
  encoding?: string;
  now: () => Date;
  resolver: UnitResolver;
  /**
   * Called when required columns are missing. Returns a mapping to use (an
   * interactive choice), or null to give up with an error naming the columns.
   */
  askMapping?: (file: string, header: HeaderResult) => Promise<SavedMap | null>;
  onProgress?: (rows: number) => void;
  onNote?: (m: Msg) => void;
}

export interface FileSummary {
  file: string;
  sheet?: string;
  encoding?: string;
  headerRow?: number;
  sha256: string;
  status: 'imported' | 'unchanged';
  /** The earlier import the same bytes came in with, when unchanged. */
  previousImportId?: number;
  rows: number;
  skipped: { blank: number; footer: number };
  notes: string[];
  /** The column mapping used (what --save-map writes). */
  columns: ColumnMapping[];
}

export interface ImportSummary {
  period: string;
  mode: 'sync' | 'append';
  dryRun: boolean;
  files: FileSummary[];
  rows: number;
  added: number;
  updated: number;
  left: number;
}

const HEAD_ROWS = 40;

/**
 * SQLite page cache during an import, in KiB: 32 MB took the CPU time of a
 * 1,000,000-row import from 34.5 s to 28.3 s (64 MB: no better, 40 MB more
 * memory). ROSTER_IMPORT_CACHE_KIB overrides it (bench/import-profile.mjs);
 * 0 keeps SQLite's default.
 */
const IMPORT_CACHE_KIB = (() => {
  const env = process.env.ROSTER_IMPORT_CACHE_KIB;
  const v = env === undefined || env.trim() === '' ? NaN : Number(env);
  return Number.isFinite(v) && v >= 0 ? Math.floor(v) : 32768;
})();

interface Prepared {
  file: string;
  sha256: string;
  header: HeaderResult;
  previousImportId?: number;
  /** A sheet of a filled roster template: sheet and columns from its marker. */
  template?: TemplatePart;
}

/** Headers listed in the missing-columns message; the rest are counted (a sheet may have thousands). */
export const LISTED_HEADERS = 30;

function missingColumnsError(file: string, header: HeaderResult): InputError {
  const names = (lang: 'vi' | 'en') => header.missing.map((f: Field) => FIELD_LABELS[f][lang]).join(', ');
  const listed = header.headers.slice(0, LISTED_HEADERS).map((h) => `${h.column}: ${h.header}`).join('; ') || '—';
  const more = header.headers.length - LISTED_HEADERS;
  const found = (lang: 'vi' | 'en') => (more > 0 ? `${listed}; … ${lang === 'vi' ? `và ${more} cột khác` : `and ${more} more`}` : listed);
  return new InputError(
    msg(
      `${path.basename(file)}: thiếu cột bắt buộc ${names('vi')}. Các tiêu đề tìm thấy (dòng ${header.headerRow}): ${found('vi')}.`,
      `${path.basename(file)}: required columns missing: ${names('en')}. Headers found (row ${header.headerRow}): ${found('en')}.`,
    ),
    msg(
      'Đổi tên tiêu đề cột trong tệp, chỉ dòng tiêu đề bằng --header-row, hoặc dùng --map MAP.json (chạy trên cửa sổ lệnh tương tác để chọn cột và lưu bằng --save-map).',
      'Rename the column headers in the file, give the header row with --header-row, or use --map MAP.json (run in an interactive terminal to choose the columns and save them with --save-map).',
    ),
    file,
  );
}

async function readHead(file: string, o: ImportOptions): Promise<{ head: SourceRow[]; sheet?: string; notes: string[] }> {
  const table = await openTable(file, { sheet: o.sheet ?? o.map?.sheet, encoding: o.encoding });
  const head: SourceRow[] = [];
  for await (const r of table.rows) {
    head.push(r);
    if (head.length >= HEAD_ROWS) break;
  }
  return { head, sheet: table.sheet, notes: table.notes };
}

/** First pass, before any write: hashes, header detection, mapping questions. */
async function prepare(db: DB, o: ImportOptions): Promise<Prepared[]> {
  const seen = db.prepare('SELECT id FROM imports WHERE file_sha256 = ? AND period = ? ORDER BY id DESC LIMIT 1');
  const out: Prepared[] = [];
  for (const file of o.files) {
    const sha256 = await sha256File(file);
    const prev = seen.get(sha256, o.period) as { id: number } | undefined;
    const template = await recogniseTemplate(db, file, o.sheet);
    if (template) {
      for (const t of template) out.push({ file, sha256, header: t.header, previousImportId: prev?.id, template: t });
      continue;
    }
    const { head } = await readHead(file, o);
    let header = detectHeader(head, { headerRow: o.headerRow ?? o.map?.headerRow, map: o.map });
    if (header.missing.length > 0 && !prev) {
      const answer = o.askMapping ? await o.askMapping(file, header) : null;
      if (answer) header = detectHeader(head, { headerRow: answer.headerRow ?? header.headerRow, map: answer });
      if (header.missing.length > 0) throw missingColumnsError(file, header);
    }
    out.push({ file, sha256, header, previousImportId: prev?.id });
  }
  return out;
}

/**
 * A file with no member row under its header is refused: in sync mode it
 * would mark everybody of the ward as left, and in any mode it records an
 * import of nothing. Usually the wrong file, sheet or header row.
 */
function noMemberRowsError(file: string, sheet: string | undefined, headerRow: number, skipped: { blank: number; footer: number }): InputError {
  const name = path.basename(file);
  const where = sheet ? { vi: ` (trang tính "${sheet}")`, en: ` (sheet "${sheet}")` } : { vi: '', en: '' };
  const seen = skipped.blank + skipped.footer;
  const what = seen
    ? { vi: `; chỉ có ${skipped.blank} dòng trống và ${skipped.footer} dòng cuối trang (tổng cộng, chữ ký)`, en: `; only ${skipped.blank} blank and ${skipped.footer} footer rows (totals, signatures)` }
    : { vi: '', en: '' };
  return new InputError(
    msg(
      `${name}${where.vi}: không có dòng thành viên nào dưới dòng tiêu đề (dòng ${headerRow})${what.vi}. Không có gì được ghi.`,
      `${name}${where.en}: no member rows found under the header (row ${headerRow})${what.en}. Nothing was written.`,
    ),
    msg(
      'Kiểm tra đúng tệp và trang tính (--sheet), hoặc chỉ dòng tiêu đề bằng --header-row. Một tệp rỗng ở chế độ sync sẽ ghi nhận mọi người của phường là đã rời, nên bị từ chối.',
      'Check that this is the right file and sheet (--sheet), or give the header row with --header-row. An empty roster in sync mode would mark everybody in the ward as left, so it is refused.',
    ),
    file,
  );
}

class DryRunRollback extends Error {}

function hasRole(rec: RosterRecord | null): boolean {
  return rec !== null && (rec.role === 'leader' || rec.role === 'deputy' || rec.role === 'member');
}

export async function importRosters(db: DB, o: ImportOptions): Promise<ImportSummary> {
  const prepared = await prepare(db, o);
  const summary: ImportSummary = { period: o.period, mode: o.mode, dryRun: o.dryRun, files: [], rows: 0, added: 0, updated: 0, left: 0 };
  const todo = prepared.filter((p) => p.previousImportId === undefined);
  for (const p of prepared) {
    if (p.previousImportId !== undefined) {
      summary.files.push({ file: p.file, sha256: p.sha256, status: 'unchanged', previousImportId: p.previousImportId, rows: 0, skipped: { blank: 0, footer: 0 }, notes: [], columns: p.header.columns, headerRow: p.header.headerRow });
    }
  }
  if (todo.length === 0) return summary;

  // A larger page cache for the load: the members' key index takes random
  // inserts, and pages evicted mid-transaction are spilled and read back.
  // Connection-local, no effect on durability; restored afterwards.
  const cacheSize = db.pragma('cache_size', { simple: true }) as number;
  db.pragma(`cache_size = ${IMPORT_CACHE_KIB === 0 ? cacheSize : -IMPORT_CACHE_KIB}`);
  db.exec('BEGIN IMMEDIATE');
  try {
    const writer = new RosterWriter(db, o.resolver, { period: o.period, mode: o.mode, now: o.now });
    let total = 0;
    for (const p of todo) {
      const table = await openTable(p.file, { sheet: p.template?.sheet ?? o.sheet ?? o.map?.sheet, encoding: o.encoding });
      const fs: FileSummary = {
        file: p.file,
        sheet: table.sheet,
        encoding: table.encoding,
        headerRow: p.header.headerRow,
        sha256: p.sha256,
        status: 'imported',
        rows: 0,
        skipped: { blank: 0, footer: 0 },
        notes: [...(p.template?.notes ?? table.notes)],
        columns: p.header.columns,
      };
      writer.beginFile({
        fileName: path.basename(p.file),
        filePath: path.resolve(p.file),
        sha256: p.sha256,
        sheet: table.sheet,
        encoding: table.encoding,
        headerRow: p.header.headerRow,
        columns: p.header.columns,
      });
      const mapper = recordMapper(p.header.columns);
      // A row whose role cell holds a real role is never a footer (isFooterRow
      // says so first): with one role column, the record tells it already.
      const oneRoleColumn = p.header.columns.filter((c) => c.field === 'role').length === 1;
      const headerRow = p.header.headerRow;
      let inFooter = false;
      for await (const batch of table.batches) {
        for (const row of batch) {
          if (row.row <= headerRow) continue;
          const rec = p.template ? p.template.restore(mapper.toRecord(row), row) : mapper.toRecord(row);
          const roled = hasRole(rec);
          if (!(roled && oneRoleColumn) && (isFooterRow(row, p.header.columns) || (inFooter && !roled))) {
            // Totals, "Người lập biểu", signatures: not members, nor is what stands
            // below them unless it carries a role (a member row after a subtotal).
            if (rec) fs.skipped.footer++;
            inFooter = true;
            continue;
          }
          if (!rec) {
            fs.skipped.blank++;
            continue;
          }
          writer.add(rec);
          fs.rows++;
          total++;
          if (o.onProgress && (total & 4095) === 0) o.onProgress(total);
        }
      }
      // Inside the transaction: the whole invocation rolls back.
      if (fs.rows === 0) throw noMemberRowsError(p.file, table.sheet, headerRow, fs.skipped);
      writer.endFile(fs.skipped.blank + fs.skipped.footer);
      summary.files.push(fs);
    }
    const counts = writer.finish();
    summary.rows = counts.rows;
    summary.added = counts.added;
    summary.updated = counts.updated;
    summary.left = counts.left;
    o.onProgress?.(total);
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
