/**
 * One copied source sheet: the rows as the clerk sent them, at their own row
 * and column addresses, read again from the file (unchanged since the
 * import) or rebuilt from what the database kept; marked cells filled and
 * noted. Every cell follows the one masking rule unless includePii; a row of
 * a purged person is never copied.
 */
import { InputError } from '../../errors.js';
import { openTable } from '../../readers/index.js';
import type { CellValue } from '../../readers/types.js';
import { maskValue } from '../../privacy/mask.js';
import { PURGED_NAME } from '../../privacy/purge.js';
import type { DB } from '../../store/db.js';
import { msg, type Lang } from '../../text/i18n.js';
import { isDiskFull } from '../../safety/atomic.js';
import { setCell } from '../safe-cell.js';
import type { TemplateValidationCopies } from '../template/annotate.js';
import { breathe, FILL, type StreamSheet, type StreamWorkbook } from '../xlsx.js';
import { display, sourceColumn } from './columns.js';
import { styleHeaderCell } from './findings-sheet.js';
import { purgedRows, type SourceImport } from './imports.js';
import { MAX_NOTES, type CellMarks } from './marks.js';

interface CopyOptions {
  db: DB;
  lang: Lang;
  includePii: boolean;
  templates: TemplateValidationCopies;
}

/** The streaming writer sets column widths before the first row: taken from the headers. */
function columnWidths(ws: StreamSheet, s: SourceImport): number {
  const width = Math.max(0, ...s.cols.map((c) => c.col));
  for (let k = 1; k <= Math.max(width, 1); k++) {
    const h = s.cols.find((c) => c.col === k);
    ws.getColumn(k).width = h ? Math.min(40, Math.max(12, h.header.length + 4, /name|ten/i.test(h.field) ? 26 : 0)) : 12;
  }
  return width;
}

/** Writes one source row: masked cells, fills and notes of its marked cells. */
function rowWriter(ws: StreamSheet, purged: Set<number>, marks: CellMarks, includePii: boolean): (rowNo: number, raw: CellValue[], header: boolean) => void {
  let noted = 0;
  return (rowNo, raw, header) => {
    const row = ws.getRow(rowNo);
    // A purged person is never shown; everything else follows the one masking rule.
    const cells = purged.has(rowNo) ? [PURGED_NAME] : raw;
    const width = Math.max(cells.length, marks.lastColumn(rowNo));
    for (let k = 1; k <= width; k++) {
      const v = purged.has(rowNo) ? (cells[k - 1] ?? null) : (maskValue(cells[k - 1] ?? null, includePii) as CellValue);
      const c = row.getCell(k);
      setCell(c, v);
      if (v instanceof Date) c.numFmt = 'dd/mm/yyyy';
      if (header) styleHeaderCell(c);
      const severity = marks.severity(rowNo, k);
      if (!severity) continue;
      c.fill = FILL[severity];
      // Notes wait in memory until the sheet is done (exceljs): the first MAX_NOTES marked cells get one.
      const notes = noted++ < MAX_NOTES ? marks.note(rowNo, k) : undefined;
      if (notes) c.note = notes.join('\n\n');
    }
    row.commit();
  };
}

async function copyFromFile(ws: StreamSheet, s: SourceImport, file: string, write: ReturnType<typeof rowWriter>, o: CopyOptions): Promise<void> {
  try {
    // Before the first row: the column formats go out with it.
    await o.templates.apply(ws, file, s.imp.sheet);
    const table = await openTable(file, { sheet: s.imp.sheet ?? undefined, encoding: s.imp.encoding ?? undefined });
    let k = 0;
    for await (const sr of table.rows) {
      write(sr.row, sr.cells, sr.row === s.imp.header_row);
      if ((++k & 1023) === 0) await breathe(ws);
    }
  } catch (e) {
    // A failed write (a full disk) is not a problem of the roster file.
    if (isDiskFull(e)) throw e;
    const name = s.imp.file_name;
    throw new InputError(
      msg(`Không đọc lại được ${name}: ${(e as Error).message ?? e}`, `Could not read ${name} again: ${(e as Error).message ?? e}`),
      msg(
        'Sổ tay lỗi chưa được ghi. Chuyển tệp đi chỗ khác để dựng lại các dòng từ cơ sở dữ liệu.',
        'The annotated workbook was not written. Move the file away to rebuild its rows from the database.',
      ),
    );
  }
}

/** Rebuilt from the database: header at its row, each row at its number, each value at its column. */
async function copyFromDatabase(ws: StreamSheet, s: SourceImport, width: number, write: ReturnType<typeof rowWriter>, o: CopyOptions): Promise<void> {
  const mapped = s.cols.map((c) => ({ ...c, source: sourceColumn(c.field) }));
  if (s.imp.header_row) {
    const h: CellValue[] = new Array(width).fill(null);
    for (const c of s.cols) h[c.col - 1] = c.header;
    write(s.imp.header_row, h, true);
  }
  const stmt = o.db.prepare('SELECT * FROM source_rows WHERE import_id = ? ORDER BY row_number');
  let k = 0;
  for (const sr of stmt.iterate(s.imp.id) as Iterable<Record<string, unknown>>) {
    const cells: CellValue[] = new Array(width).fill(null);
    for (const c of mapped) if (c.source) cells[c.col - 1] = display(c.source, sr[c.source], o.lang);
    write(sr.row_number as number, cells, false);
    if ((++k & 1023) === 0) await breathe(ws);
  }
}

export async function writeCopySheet(wb: StreamWorkbook, s: SourceImport, marks: CellMarks, o: CopyOptions): Promise<void> {
  const ws = wb.addWorksheet(s.sheet, { views: s.imp.header_row ? [{ state: 'frozen', ySplit: s.imp.header_row }] : undefined });
  const width = columnWidths(ws, s);
  const write = rowWriter(ws, purgedRows(o.db, s.imp.id), marks, o.includePii);
  if (s.file) await copyFromFile(ws, s, s.file, write, o);
  else await copyFromDatabase(ws, s, width, write, o);
  ws.commit();
}
