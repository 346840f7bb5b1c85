/**
 * The imports of the period as the annotated workbook copies them: one per
 * file and sheet (the same bytes imported twice are one file), the sheet name
 * of each copy, whether the file can still be read from disk, and which
 * import a finding points at.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Finding } from '../../rules/types.js';
import type { DB } from '../../store/db.js';
import type { Lang } from '../../text/i18n.js';
import { sha256File } from '../../readers/digest.js';
import { sheetName } from '../safe-cell.js';
import { parseColumns, type ColumnMap } from './columns.js';

export interface ImportRow {
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

/** An import with what the workbook needs of it. */
export interface SourceImport {
  imp: ImportRow;
  cols: ColumnMap[];
  sheet: string;
  /** The file on disk, unchanged since the import; else why not. */
  file?: string;
  why: string;
}

export function periodImports(db: DB, period: string | null): ImportRow[] {
  const all = (
    period
      ? db
          .prepare(
            `SELECT * FROM imports i WHERE i.period = ?
             AND (NOT EXISTS (SELECT 1 FROM source_rows s WHERE s.import_id = i.id)
                  OR EXISTS (SELECT 1 FROM source_rows s WHERE s.import_id = i.id AND s.superseded_by IS NULL))
           ORDER BY i.id`,
          )
          .all(period)
      : db.prepare('SELECT * FROM imports ORDER BY id').all()
  ) as ImportRow[];
  const byKey = new Map<string, ImportRow>();
  for (const i of all) byKey.set(`${i.file_sha256}|${i.sheet ?? ''}`, i);
  return [...byKey.values()];
}

export function base(p: string): string {
  return path.basename(p.replace(/\\/g, '/'));
}

function onDisk(imp: ImportRow, cwd: string, lang: Lang): { file?: string; why: string } {
  const file = imp.file_path ? path.resolve(cwd, imp.file_path) : undefined;
  let why = '';
  if (!file || !fs.existsSync(file)) why = lang === 'vi' ? 'không còn tệp' : 'the file is gone';
  else if (sha256File(file) !== imp.file_sha256) why = lang === 'vi' ? 'tệp đã bị sửa sau khi nhập' : 'the file changed after it was imported';
  return { file: why ? undefined : file, why };
}

/** Each import with its copy's sheet name (unique, after `taken`) and its file on disk. */
export function sourceImports(imports: ImportRow[], taken: Set<string>, cwd: string, lang: Lang): SourceImport[] {
  return imports.map((imp) => {
    const stem = base(imp.file_name).replace(/\.[^.]+$/, '');
    const twoSheets = imp.sheet && imports.filter((j) => j.file_name === imp.file_name).length > 1;
    const sheet = sheetName(twoSheets ? `${stem} - ${imp.sheet}` : stem, taken);
    return { imp, cols: parseColumns(imp.columns_json), sheet, ...onDisk(imp, cwd, lang) };
  });
}

export function fileNote(s: SourceImport, lang: Lang): string {
  return lang === 'vi' ? `${s.imp.file_name}: ${s.why}; các dòng được dựng lại từ cơ sở dữ liệu.` : `${s.imp.file_name}: ${s.why}; rows were rebuilt from the database.`;
}

/** Which import a finding's source names (by path as given, or by base name); remembered per file and sheet. */
export function importFinder(sources: SourceImport[]): (f: Finding) => SourceImport | undefined {
  const seen = new Map<string, SourceImport | undefined>();
  const find = (file: string, sheet: string | undefined): SourceImport | undefined => {
    const exact = sources.filter((s) => s.imp.file_path === file || s.imp.file_name === file);
    const pool = exact.length > 0 ? exact : sources.filter((s) => base(s.imp.file_path ?? s.imp.file_name) === base(file));
    if (pool.length <= 1) return pool[0];
    const bySheet = pool.filter((s) => !sheet || s.imp.sheet === sheet);
    const from = bySheet.length > 0 ? bySheet : pool;
    return from[from.length - 1];
  };
  return (f) => {
    const file = f.source?.file;
    if (!file) return undefined;
    const key = `${file}\u0001${f.source?.sheet ?? ''}`;
    if (!seen.has(key)) seen.set(key, find(file, f.source?.sheet));
    return seen.get(key);
  };
}

/** Row numbers of an import whose person was erased on request. */
export function purgedRows(db: DB, importId: number): Set<number> {
  const rows = db.prepare('SELECT s.row_number AS n FROM source_rows s JOIN members m ON m.id = s.member_id WHERE s.import_id = ? AND m.purged_at IS NOT NULL').all(importId) as {
    n: number;
  }[];
  return new Set(rows.map((r) => r.n));
}
