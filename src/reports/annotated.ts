/**
 * The annotated workbook (`validate --format xlsx`), in src/reports/annotated/:
 * `write.ts` puts it together; `findings-sheet.ts` the `Lỗi` sheet,
 * `copy-sheet.ts` each source file's copy, `marks.ts` the marked cells,
 * `imports.ts` the files of the period, `columns.ts` their column maps.
 * Imports exceljs: load lazily.
 */
import type { Report } from '../rules/types.js';
import { streamOf, type FindingsStream } from '../findings/stream.js';
import { writeAnnotatedWorkbook as write, type AnnotatedOptions, type AnnotatedResult } from './annotated/write.js';

export type { AnnotatedResult } from './annotated/write.js';

/** Writes the annotated workbook of a report held in memory or streamed. */
export function writeAnnotatedWorkbook(opts: Omit<AnnotatedOptions, 'report'> & { report: Report | FindingsStream }): Promise<AnnotatedResult> {
  return write({ ...opts, report: streamOf(opts.report) });
}
