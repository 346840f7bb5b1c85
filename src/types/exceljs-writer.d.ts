/**
 * The modules of exceljs that the streaming writer needs, imported by path
 * (src/reports/xlsx.ts) instead of through the package's entry.
 */
declare module 'exceljs/lib/stream/xlsx/workbook-writer.js' {
  import type ExcelJS from 'exceljs';
  const WorkbookWriter: typeof ExcelJS.stream.xlsx.WorkbookWriter;
  export default WorkbookWriter;
}

declare module 'exceljs/lib/doc/enums.js' {
  import type { ValueType } from 'exceljs';
  const enums: { ValueType: typeof ValueType };
  export default enums;
}

declare module 'exceljs/lib/utils/utils.js' {
  const utils: { xmlEncode(s: string): string; dateToExcel(d: Date, date1904?: boolean): number };
  export default utils;
}
