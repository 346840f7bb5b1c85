/**
 * The furniture of every sheet of the summary workbook: the font, one styled
 * cell, a sheet with its widths, print set-up and frozen heads, the header
 * row, the administrative heading and the title block.
 *
 * Imports exceljs types only; the writer itself comes from ../xlsx.ts.
 */
import type ExcelJS from 'exceljs';
import { setCell, type SafeValue } from '../safe-cell.js';
import { a4Landscape, FILL, FONT, THIN, type StreamSheet, type StreamWorkbook } from '../xlsx.js';
import type { Labels } from './labels.js';

export type Align = Partial<ExcelJS.Alignment>;

export interface CellStyle {
  font?: Partial<ExcelJS.Font>;
  align?: Align;
  fill?: ExcelJS.Fill;
  border?: boolean;
  numFmt?: string;
}

export const CENTER: Align = { horizontal: 'center', vertical: 'middle', wrapText: true };

/** Red, as the sheets write what needs the clerk's attention. */
export const RED = { argb: 'FFC00000' };

export function font(o: Partial<ExcelJS.Font> = {}): Partial<ExcelJS.Font> {
  return { name: FONT, size: 12, ...o };
}

/** Writes one value with its style (the font at least) into row `r`, column `c`. */
export function put(ws: StreamSheet, r: number, c: number, v: SafeValue, style: CellStyle = {}): ExcelJS.Cell {
  const cell = ws.getRow(r).getCell(c);
  setCell(cell, v);
  cell.font = style.font ?? font();
  if (style.align) cell.alignment = style.align;
  if (style.fill) cell.fill = style.fill;
  if (style.border) cell.border = THIN;
  if (style.numFmt) cell.numFmt = style.numFmt;
  return cell;
}

/** A bold header cell on the header fill, centred unless told otherwise. */
export function headCell(ws: StreamSheet, r: number, c: number, text: string | null, centred = true): void {
  put(ws, r, c, text, { font: font({ bold: true, size: 11 }), align: centred ? CENTER : undefined, fill: FILL.header, border: true });
}

function headerFooter(l: Labels, draft: boolean): Partial<ExcelJS.HeaderFooter> {
  return {
    oddHeader: draft ? `&C&"Times New Roman,Bold"&14&KFF0000${l.draft}` : undefined,
    oddFooter: l.page,
  };
}

export interface SheetSpec {
  name: string;
  widths: number[];
  /** Last row of the frozen heads. */
  headerEnd: number;
  /** First row printed on every page (default: headerEnd). */
  titleFrom?: number;
  /** Frozen columns. */
  xSplit?: number;
}

/** A sheet with widths, frozen header rows and the print set-up (DRAFT in the page header of a draft). */
export function addSheet(wb: StreamWorkbook, spec: SheetSpec, draft: boolean, l: Labels): StreamSheet {
  const { headerEnd, xSplit = 0, titleFrom = headerEnd } = spec;
  const ws = wb.addWorksheet(spec.name, {
    views: [{ state: 'frozen', xSplit, ySplit: headerEnd, zoomScale: 100 }],
    pageSetup: a4Landscape(`${titleFrom}:${headerEnd}`, { left: 0.5, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 }),
    headerFooter: headerFooter(l, draft),
  });
  ws.columns = spec.widths.map((w) => ({ width: w }));
  return ws;
}

export function headerRow(ws: StreamSheet, r: number, heads: string[]): void {
  heads.forEach((h, k) => {
    headCell(ws, r, k + 1, h);
  });
  ws.getRow(r).height = 36;
}

/** Office name left, national motto right, as on every Vietnamese administrative document. */
export function adminHeader(ws: StreamSheet, ncols: number, office: string, l: Labels, now: Date): void {
  const split = Math.max(3, Math.floor(ncols * 0.4));
  ws.mergeCells(1, 1, 1, split);
  ws.mergeCells(2, 1, 2, split);
  ws.mergeCells(1, split + 1, 1, ncols);
  ws.mergeCells(2, split + 1, 2, ncols);
  ws.mergeCells(3, split + 1, 3, ncols);
  put(ws, 1, 1, office.toUpperCase(), { font: font({ bold: true }), align: CENTER });
  put(ws, 2, 1, '———', { align: CENTER });
  put(ws, 1, split + 1, l.republic, { font: font({ bold: true }), align: CENTER });
  put(ws, 2, split + 1, l.motto, { font: font({ bold: true, underline: true }), align: CENTER });
  put(ws, 3, split + 1, l.place(now), { font: font({ italic: true }), align: CENTER });
  ws.getRow(1).height = 20;
}

/** The title block of a list sheet: office, title, and the DRAFT line of a draft. */
export function sheetTitle(ws: StreamSheet, ncols: number, office: string, title: string, draft: boolean, l: Labels): void {
  ws.mergeCells(1, 1, 1, Math.min(ncols, 4));
  put(ws, 1, 1, office.toUpperCase(), { font: font({ bold: true, size: 11 }) });
  ws.mergeCells(2, 1, 2, ncols);
  put(ws, 2, 1, title, { font: font({ bold: true, size: 13 }), align: CENTER });
  ws.getRow(2).height = 22;
  if (draft) {
    ws.mergeCells(3, 1, 3, ncols);
    put(ws, 3, 1, l.draftNote, { font: font({ bold: true, color: RED }), align: CENTER });
  }
}
