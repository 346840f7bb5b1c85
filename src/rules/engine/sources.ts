/** Where a finding points: the import's file, sheet and mapped columns, for `source` and messages. */
import type { Field } from '../../roster/fields.js';
import type { DB } from '../../store/db.js';
import { columnLetter } from '../../text/columns.js';
import { msg, type Msg } from '../../text/i18n.js';
import type { SourceRef } from '../types.js';

interface ImportInfo {
  file: string;
  sheet?: string;
  columns: Map<string, { header: string; column: string }>;
}

interface RowPlace {
  import_id: number;
  row_number: number;
}

export interface Sources {
  /** "file.xlsx row 12" for messages that point at another row. */
  where(loc: RowPlace): Msg;
  /** File, sheet, row and (for a field) column and cell of a row. */
  source(loc: RowPlace, field?: Field): SourceRef | undefined;
}

function parseColumns(json: string): Map<string, { header: string; column: string }> {
  const columns = new Map<string, { header: string; column: string }>();
  try {
    const cols = JSON.parse(json) as { field?: string; header?: string; column?: string; index?: number }[];
    for (const c of Array.isArray(cols) ? cols : []) {
      if (!c || typeof c.field !== 'string' || columns.has(c.field)) continue;
      const letter = c.column ?? (typeof c.index === 'number' ? columnLetter(c.index) : '');
      columns.set(c.field, { header: c.header ?? c.field, column: letter });
    }
  } catch {
    // a damaged mapping only costs the column names in findings
  }
  return columns;
}

function loadImports(db: DB, period: string): Map<number, ImportInfo> {
  const out = new Map<number, ImportInfo>();
  const rows = db.prepare('SELECT id, file_name, sheet, columns_json FROM imports WHERE period = ?').all(period) as {
    id: number;
    file_name: string;
    sheet: string | null;
    columns_json: string;
  }[];
  for (const r of rows) out.set(r.id, { file: r.file_name, sheet: r.sheet ?? undefined, columns: parseColumns(r.columns_json) });
  return out;
}

export function loadSources(db: DB, period: string): Sources {
  const imports = loadImports(db, period);
  return {
    where(loc) {
      const f = imports.get(loc.import_id)?.file ?? '?';
      return msg(`${f} dòng ${loc.row_number}`, `${f} row ${loc.row_number}`);
    },
    source(loc, field) {
      const imp = imports.get(loc.import_id);
      if (!imp) return undefined;
      const s: SourceRef = { file: imp.file };
      if (imp.sheet !== undefined) s.sheet = imp.sheet;
      s.row = loc.row_number;
      const col = field ? imp.columns.get(field) : undefined;
      if (col) {
        s.column = col.header;
        if (col.column) s.cell = `${col.column}${loc.row_number}`;
      }
      return s;
    },
  };
}
