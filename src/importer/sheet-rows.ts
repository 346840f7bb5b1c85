/**
 * The rows of one sheet under its header, through the layout rules
 * (layout.ts): each row is a member, or skipped with its reason; a section row
 * or a sheet named like a khu phố gives the khu phố of the members below;
 * merged team cells are filled down. A row nobody can classify safely stops
 * the import with a question (PendingQuestion) or an error naming the flag.
 */
import path from 'node:path';
import { InputError } from '../errors.js';
import { msg } from '../text/i18n.js';
import { isColumnNumberRow, isFooterRow, type ColumnMapping, type HeaderResult, type SavedMap } from './header.js';
import type { FileSummary, LayoutAnswers, LayoutQuestion } from './import-types.js';
import { carriesPerson, isHeaderRepeat, MergeFill, neighbourhoodIn, sectionOf, SKIP_REASONS, unclearHeading, type SkipReason } from './layout.js';
import type { OpenedTable } from '../readers/index.js';
import type { SourceRow, TablePosition } from '../readers/types.js';
import { recordMapper } from './record.js';
import { cellText, parseRole } from './values.js';
import type { RosterRecord } from '../roster/row.js';
import type { RosterWriter } from './write.js';

/** A sheet ready to be read: its file, table and header. */
export interface SheetToRead {
  file: string;
  sha256: string;
  table: OpenedTable;
  header: HeaderResult;
  /** The first rows look merged down (ward or khu phố blank under a filled one). */
  mergedHead?: boolean;
  /** A filled roster template completes each record (src/importer/template-marker.ts). */
  restore?: (rec: RosterRecord | null, row: SourceRow) => RosterRecord | null;
}

export interface SheetOptions {
  map?: SavedMap;
  answers: LayoutAnswers;
  /** A terminal can answer layout questions: an unclear row raises PendingQuestion rather than an error. */
  canAsk: boolean;
  /** Rows read so far, and how far the current sheet has been read. */
  onProgress?: (rows: number, at?: { file: string } & TablePosition) => void;
}

/** Sheets up to this size (inflated XML) are always scanned for merged cells. */
const MERGE_SCAN_BYTES = 32 * 1024 * 1024;

/** A section row nobody has decided about yet: asked on a terminal, then the import starts again. */
export class PendingQuestion extends Error {
  constructor(readonly q: LayoutQuestion & { kind: 'section' }) {
    super('layout question');
  }
}

export function undecidedSectionError(q: LayoutQuestion & { kind: 'section' }): InputError {
  const where = q.sheet ? { vi: ` trang "${q.sheet}"`, en: ` sheet "${q.sheet}"` } : { vi: '', en: '' };
  return new InputError(
    msg(
      `${path.basename(q.file)}${where.vi} dòng ${q.row}: "${q.text}" đứng một mình dưới tiêu đề; không rõ đó là tên khu phố/ấp của các dòng bên dưới hay chỉ là một dòng tiêu đề.`,
      `${path.basename(q.file)}${where.en} row ${q.row}: "${q.text}" stands alone under the header; it is unclear whether it names the khu phố of the rows below or is only a heading.`,
    ),
    msg(
      'Chạy trên cửa sổ lệnh tương tác để trả lời và lưu bằng --save-map, hoặc ghi câu trả lời vào MAP.json ("sections") rồi dùng --map.',
      'Run in an interactive terminal to answer and keep it with --save-map, or write the answer into MAP.json ("sections") and use --map.',
    ),
    q.file,
  );
}

export function noSkips(): Record<SkipReason, number> {
  return Object.fromEntries(SKIP_REASONS.map((r) => [r, 0])) as Record<SkipReason, number>;
}

/** A role alone on its row ("TỔ TRƯỞNG" above a signature): the footer, not a member or a heading. */
function isSignatureTitle(row: SourceRow): boolean {
  const cells = row.cells.filter((c) => cellText(c) !== '');
  return cells.length === 1 && typeof cells[0] === 'string' && parseRole(cells[0]) !== null;
}

function hasRole(rec: RosterRecord | null): boolean {
  return rec !== null && (rec.role === 'leader' || rec.role === 'deputy' || rec.role === 'member');
}

/** The columns an import records (columns_json): the mapping, then the layout's columns and the duplicates, each marked. */
function storedColumns(h: HeaderResult): (ColumnMapping & { kind?: string })[] {
  const l = h.layout;
  return [
    ...h.columns,
    ...(l.nameParts ?? []).map((c) => ({ field: c.field, index: c.index, header: c.header, column: c.column, kind: `name-${c.part}` })),
    ...(l.dobByGender
      ? [
          { ...l.dobByGender.male, kind: 'dob-male' },
          { ...l.dobByGender.female, kind: 'dob-female' },
        ]
      : []),
    ...(l.genderMarks
      ? [
          { ...l.genderMarks.male, kind: 'gender-male' },
          { ...l.genderMarks.female, kind: 'gender-female' },
        ]
      : []),
    ...l.duplicates.map((c) => ({ ...c, kind: 'duplicate' })),
  ];
}

/** The summary of a sheet before its rows are read. */
function newFileSummary(p: SheetToRead): FileSummary {
  const { table, header } = p;
  return {
    file: p.file,
    sheet: table.sheet,
    encoding: table.encoding,
    headerRow: header.headerRow,
    sha256: p.sha256,
    status: 'imported',
    rows: 0,
    skipped: noSkips(),
    skippedRows: [],
    notes: [...table.notes],
    columns: header.columns,
    layout: header.layout,
  };
}

/** What the rows read so far say about the rows that follow. */
interface SheetWalk {
  /** The khu phố the next members belong to (from a column, the sheet name or a section row). */
  neighbourhood: string | null;
  /** Below a footer: not members unless a row carries a role. */
  inFooter: boolean;
  /** A heading nobody has answered for: a question as soon as a member row follows it. */
  undecided: { row: number; text: string } | null;
}

/**
 * Tells why a row that carries no person is not a member (column numbers,
 * repeated header, khu phố section row, footer, heading, blank), or null for a
 * member, keeping the walk's state (khu phố, footer, open heading) up to date.
 */
function rowClassifier(p: SheetToRead, o: SheetOptions, fs: FileSummary) {
  const { table, header } = p;
  const hasNeighbourhood = header.columns.some((c) => c.field === 'neighbourhood');
  const fromSheet = !hasNeighbourhood && table.sheet ? neighbourhoodIn(table.sheet) : null;
  const walk: SheetWalk = { neighbourhood: fromSheet, inFooter: false, undecided: null };
  if (fromSheet) fs.neighbourhoodFrom = 'sheet-name';
  // A row whose role cell holds a real role is never a footer (isFooterRow
  // says so first): with one role column, the record tells it already.
  const oneRoleColumn = header.columns.filter((c) => c.field === 'role').length === 1;
  const classify = (row: SourceRow, rec: RosterRecord | null): SkipReason | null => {
    if (isColumnNumberRow(row)) return 'column-numbers';
    if (isHeaderRepeat(row, header)) return 'header-repeat';
    const section = sectionOf(row);
    if (section) {
      walk.undecided = null;
      if (!hasNeighbourhood) {
        walk.neighbourhood = section;
        fs.neighbourhoodFrom = 'sections';
      }
      walk.inFooter = false;
      return 'section';
    }
    const roled = hasRole(rec);
    if (!(roled && oneRoleColumn) && (isFooterRow(row, header.columns) || (walk.inFooter && !roled))) {
      // Totals, "Người lập biểu", signatures: not members, nor is what stands
      // below them unless it carries a role (a member row after a subtotal).
      walk.inFooter = true;
      return 'footer';
    }
    if (isSignatureTitle(row)) {
      walk.inFooter = true;
      return 'footer';
    }
    const heading = unclearHeading(row, header.columns);
    if (heading) {
      // With a khu phố column a heading changes nothing; without one it matters
      // only if members follow it (a title among the signatures does not).
      const said = hasNeighbourhood ? 'skip' : (o.answers.sections[heading] ?? o.map?.sections?.[heading]);
      if (said === undefined) walk.undecided = { row: row.row, text: heading };
      if (said !== 'neighbourhood') return 'heading';
      walk.neighbourhood =
        neighbourhoodIn(heading) ??
        cellText(heading)
          .replace(/^\s*(?:[IVXLC]+|\d{1,3})\s*[.)\-–:]\s*/i, '')
          .replace(/[\s:]+$/, '');
      fs.neighbourhoodFrom = 'sections';
      walk.undecided = null;
      return 'section';
    }
    return rec ? null : 'blank';
  };
  return { walk, classify };
}

/** A member row below a heading nobody has answered for: the question, or the error that names the flag. */
function askAboutOpenHeading(walk: SheetWalk, p: SheetToRead, o: SheetOptions): void {
  const open = walk.undecided;
  if (!open) return;
  const q = { kind: 'section' as const, file: p.file, sheet: p.table.sheet, row: open.row, text: open.text };
  throw o.canAsk ? new PendingQuestion(q) : undecidedSectionError(q);
}

/** The import record of a sheet, written before its first member. */
function beginSheetFile(writer: RosterWriter, p: SheetToRead): void {
  const { table, header } = p;
  writer.beginFile({
    fileName: path.basename(p.file),
    filePath: path.resolve(p.file),
    sha256: p.sha256,
    sheet: table.sheet,
    encoding: table.encoding,
    headerRow: header.headerRow,
    columns: storedColumns(header),
  });
}

/** Rows read = rows stored + rows skipped, or the import stops. */
function checkRowCount(read: number, fs: FileSummary, p: SheetToRead): void {
  if (read !== fs.rows + fs.skippedRows.length) {
    throw new Error(`rows read (${read}) ≠ rows stored (${fs.rows}) + rows skipped (${fs.skippedRows.length}) in ${path.basename(p.file)} ${p.table.sheet ?? ''}`);
  }
}

/**
 * The rows of one sheet under its header: each is a member, or skipped with
 * its reason (column numbers, repeated header, khu phố section row, footer,
 * heading, blank). A row that carries a person is always a member. Rows read
 * = rows stored + rows skipped, checked.
 */
export async function importSheet(p: SheetToRead, o: SheetOptions, writer: RosterWriter, progress: { total: number }): Promise<FileSummary> {
  const { table, header } = p;
  const fs = newFileSummary(p);
  const mapper = recordMapper(header.columns, header.layout);
  // Merged cells are read from any sheet up to 32 MB (a clerk's file); a larger
  // one (a system export) only when its first rows look merged down.
  const merges = await table.merges(p.mergedHead ? {} : { skipAbove: MERGE_SCAN_BYTES });
  const fill = new MergeFill(merges ?? [], header.columns);
  const { walk, classify } = rowClassifier(p, o, fs);
  let begun = false;
  let read = 0;
  for await (const batch of table.batches) {
    for (const row of batch) {
      if (row.row <= header.headerRow) continue;
      read++;
      const made = mapper.toRecord(fill.apply(row), walk.neighbourhood);
      const rec = p.restore ? p.restore(made, row) : made;
      if (!carriesPerson(rec)) {
        // Blank as written: a cell filled from a merge above does not make a row.
        const reason = classify(row, rec === null || !mapper.hasValue(row) ? null : rec);
        if (reason) {
          fs.skipped[reason]++;
          fs.skippedRows.push({ row: row.row, reason });
          continue;
        }
      }
      askAboutOpenHeading(walk, p, o);
      if (!begun) {
        beginSheetFile(writer, p);
        begun = true;
      }
      writer.add(rec as RosterRecord);
      fs.rows++;
      progress.total++;
      if (o.onProgress && (progress.total & 4095) === 0) o.onProgress(progress.total, { file: p.file, ...p.table.position() });
    }
  }
  checkRowCount(read, fs, p);
  if (begun) writer.endFile(fs.skippedRows.length);
  return fs;
}
