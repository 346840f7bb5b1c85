/**
 * The annotated workbook (`validate --format xlsx`): the findings sheet
 * first (what the clerk opens the file for), then for each source file of the
 * period a copy of its rows with offending cells filled red (error) or amber
 * (warning) and a note giving the finding. Findings stream from their sorter:
 * one pass marks the cells (a byte per cell), one pass per severity writes the
 * findings sheet; nothing holds every finding. Written owner-only, atomically.
 */
import path from 'node:path';
import type { FindingsStream } from '../../findings/stream.js';
import { maskText } from '../../privacy/mask.js';
import type { Finding } from '../../rules/types.js';
import type { DB } from '../../store/db.js';
import type { Lang } from '../../text/i18n.js';
import { assertNotInput, writeAtomically } from '../output.js';
import { sheetName } from '../safe-cell.js';
import { TemplateValidationCopies } from '../template/annotate.js';
import { colLetter, streamWorkbook } from '../xlsx.js';
import { writeCopySheet } from './copy-sheet.js';
import { MAX_LINKS, writeFindingsSheet, type Locate } from './findings-sheet.js';
import { fileNote, importFinder, periodImports, sourceImports, type SourceImport } from './imports.js';
import { CellMarks, MAX_NOTES } from './marks.js';
import { findingColumn, findingRow, noteText, T } from './text.js';

export interface AnnotatedOptions {
  db: DB;
  report: FindingsStream;
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

/** Where a finding points: its import, row and column (column 1 when none is known). */
function locator(sources: SourceImport[]): (f: Finding) => { s: SourceImport; row: number; col: number } | undefined {
  const importOf = importFinder(sources);
  return (f) => {
    const s = importOf(f);
    const row = findingRow(f);
    if (!s || !row) return undefined;
    return { s, row, col: findingColumn(f, s.cols) ?? 1 };
  };
}

/** One pass over the findings: the marked cells of every copy. */
function markCells(report: FindingsStream, sources: SourceImport[], locate: ReturnType<typeof locator>, lang: Lang, includePii: boolean): Map<number, CellMarks> {
  const marks = new Map(sources.map((s) => [s.imp.id, new CellMarks(Math.max(0, ...s.cols.map((c) => c.col)), MAX_NOTES)]));
  for (const f of report.findings()) {
    const at = locate(f);
    if (at) marks.get(at.s.imp.id)?.mark(at.row, at.col, f.severity, () => maskText(noteText(f, lang), includePii));
  }
  return marks;
}

function manyFindingsNote(n: number, lang: Lang): string[] {
  if (n <= MAX_LINKS) return [];
  return [
    lang === 'vi'
      ? `Có ${n} phát hiện: ${MAX_LINKS} dòng đầu có liên kết đến ô; mỗi trang tính có ghi chú cho ${MAX_NOTES} ô đầu (các ô còn lại vẫn được tô màu).`
      : `${n} findings: the first ${MAX_LINKS} rows link to their cells; each sheet has notes on its first ${MAX_NOTES} cells (the rest are still filled).`,
  ];
}

export async function writeAnnotatedWorkbook(opts: AnnotatedOptions): Promise<AnnotatedResult> {
  const { db, report, lang } = opts;
  const includePii = Boolean(opts.includePii);
  const cwd = opts.cwd ?? process.cwd();
  const out = path.resolve(cwd, opts.out);
  // Never over a roster the clerk sent (exit 2).
  assertNotInput(db, out, { cwd, dbFile: db.name });
  const now = (opts.now ?? (() => new Date()))();
  const taken = new Set<string>();
  const errorsName = sheetName(T.errorsSheet[lang], taken);
  // Which files can be copied from disk, decided before writing: the findings sheet is finished (and
  // streamed out) before the copies start, so that nothing waits in memory.
  const sources = sourceImports(periodImports(db, report.period), taken, cwd, lang);
  const notes = [...manyFindingsNote(report.size, lang), ...sources.filter((s) => s.why).map((s) => fileNote(s, lang))];
  const locate = locator(sources);
  const marks = markCells(report, sources, locate, lang, includePii);
  const link: Locate = (f) => {
    const at = locate(f);
    return at && { sheet: at.s.sheet, addr: `${colLetter(at.col)}${at.row}` };
  };
  return writeAtomically(
    out,
    async (tmp) => {
      const wb = streamWorkbook(tmp, now);
      await writeFindingsSheet(wb, errorsName, { report, lang, includePii, locate: link, notes });
      // A filled roster template keeps its validations, so it can be fixed in place and sent back.
      const templates = new TemplateValidationCopies(lang);
      for (const s of sources) await writeCopySheet(wb, s, marks.get(s.imp.id) as CellMarks, { db, lang, includePii, templates });
      templates.finish(wb);
      await wb.commit();
      return { notes, sheets: [errorsName, ...sources.map((s) => s.sheet)], findings: report.size };
    },
    { fault: opts.fault },
  );
}
