/**
 * Streaming XLSX reader: yauzl (zip) + a scanner of plain XML (`scan.ts`,
 * saxes wherever the scanner is unsure), UTF-8 decoded with a
 * streaming TextDecoder so a character split across inflate chunks is never
 * damaged (the exceljs streaming reader loses such characters: exceljs
 * issues #2063, #2084, #2316).
 *
 * The container and its limits (`container.ts`), the parts every sheet needs
 * (`parts.ts`, put together by `workbook.ts`), a sheet's rows (`sheet.ts`,
 * a state machine over the XML events) and its merged ranges (`merges.ts`).
 * Hidden sheets are listed; zip bombs are bounded: inflated size per entry and
 * the length of one cell are capped.
 */
export { LIMITS } from './container.js';
export { BUILTIN_DATE_FORMATS, isDateFormat } from '../date-formats.js';
export { openWorkbook, type SheetInfo, type Workbook } from './workbook.js';
export { sheetBatches } from './sheet.js';
export { sheetMerges, type MergeRange } from './merges.js';
