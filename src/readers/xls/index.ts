/**
 * Legacy Excel 97–2003 workbooks (.xls, BIFF8; Excel 5/95 BIFF5 too), read
 * with the same guarantees as .xlsx (../xlsx.ts): exact text (UTF-16 and
 * compressed strings joined across CONTINUE records, code-page strings of
 * BIFF5 through iconv-lite), numbers as numbers, dates by their cell format
 * in the 1900 or 1904 system, cached formula results (never evaluated),
 * merged ranges, every sheet with its state; chart and macro sheets skipped
 * and named. Hostile files are InputErrors (exit 2) in bounded memory:
 * the file is read whole but capped (`XLS_LIMITS.fileBytes`), every length
 * and count is checked against the bytes present before anything is
 * allocated, encrypted files (FILEPASS) are refused.
 *
 * Files:
 * - `cfb.ts`      the Compound File container (takes the Workbook stream out)
 * - `records.ts`  the BIFF record iterator, CONTINUE gathering, RK numbers
 * - `strings.ts`  BIFF8/BIFF5 strings and the shared-string table
 * - `formats.ts`  which cell styles are dates
 * - `workbook.ts` the workbook globals (sheets, date system, styles, SST)
 * - `sheet.ts`    cells in row batches, and merged ranges
 *
 * Use:
 *   const wb = await openXlsWorkbook(file);           // wb.sheets: { name, hidden, state }
 *   for await (const batch of xlsSheetBatches(wb, wb.sheets[0])) …   // SourceRow[]
 *   xlsSheetMerges(wb, sheet)   // { sheet, ranges: [{ firstRow, lastRow, firstCol, lastCol }] }
 *                               // rows 1-based, columns 0-based, inclusive (as the XLSX reader's)
 */
export { hasCompoundSignature } from './cfb.js';
export { openXlsWorkbook, XLS_LIMITS, type XlsSheetInfo, type XlsWorkbook, type SheetState } from './workbook.js';
export { xlsSheetBatches, xlsSheetMerges, type MergeRange, type SheetMerges } from './sheet.js';
