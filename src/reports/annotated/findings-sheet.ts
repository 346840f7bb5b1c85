/**
 * The findings sheet (`Lỗi`): every finding, errors first, then warnings,
 * then notes, each in the report's order, with a link to its cell. Printed
 * A4 landscape, fit to width, the header row repeated on every page; rows as
 * tall as their wrapped text, so no line is printed over another.
 */
import type ExcelJS from 'exceljs';
import { present } from '../../errors.js';
import { maskValue } from '../../privacy/mask.js';
import type { Finding, Severity } from '../../rules/types.js';
import type { FindingsStream } from '../../findings/stream.js';
import type { Lang } from '../../text/i18n.js';
import { cellRef, setCell } from '../safe-cell.js';
import { breathe, FILL, FONT, THIN, useInternalHyperlinks, type StreamWorkbook } from '../xlsx.js';
import { T, suggestionText } from './text.js';

/** Findings-sheet rows linked to their cells (exceljs keeps every link in memory until the sheet is done). */
export const MAX_LINKS = 10_000;

const WIDTHS = [6, 11, 24, 24, 14, 7, 18, 8, 24, 60, 30];
/** Columns whose text wraps: Value, Finding, Suggestion. */
const WRAPPED_FROM = 8;

/** Where a finding points in the copies: sheet name and A1 address. */
export type Locate = (f: Finding) => { sheet: string; addr: string } | undefined;

export function styleHeaderCell(c: ExcelJS.Cell): void {
  c.font = { name: FONT, bold: true, size: 11 };
  c.fill = FILL.header;
  c.border = THIN;
  c.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
}

/**
 * Points for a findings row whose wrapped cells (Value, Finding, Suggestion)
 * hold `vals`: lines of about one character per width unit at 11 pt (less a
 * margin), 15 points a line.
 */
export function rowHeight(vals: unknown[], widths: number[]): number {
  let lines = 1;
  for (let k = WRAPPED_FROM; k < vals.length; k++) {
    const text = vals[k] === null || vals[k] === undefined ? '' : String(vals[k]);
    const per = Math.max(1, Math.floor(present(widths[k], 'the width of a findings column') * 0.9));
    const n = text.split('\n').reduce((a, l) => a + Math.max(1, Math.ceil([...l].length / per)), 0);
    lines = Math.max(lines, n);
  }
  return Math.min(409, 15 * lines + 2);
}

function headerRow(ws: ExcelJS.Worksheet, lang: Lang): void {
  ws.columns = WIDTHS.map((w) => ({ width: w }));
  const hr = ws.getRow(1);
  hr.height = 32;
  T.head[lang].forEach((h, k) => {
    styleHeaderCell(Object.assign(hr.getCell(k + 1), { value: h }));
  });
  hr.commit();
}

function findingRow(ws: ExcelJS.Worksheet, r: number, f: Finding, lang: Lang, includePii: boolean, at: ReturnType<Locate>): void {
  const row = ws.getRow(r);
  const s = f.source;
  const vals = [r - 1, T.sev[lang][f.severity], f.rule, s?.file ?? '', s?.sheet ?? '', s?.row ?? null, s?.column ?? '', null, f.value ?? '', f.message, suggestionText(f)];
  vals.forEach((v, j) => {
    const c = row.getCell(j + 1);
    setCell(c, maskValue(v, includePii) as string | number | null);
    c.font = { name: FONT, size: 11 };
    c.border = THIN;
    c.alignment = { vertical: 'top', wrapText: j >= WRAPPED_FROM };
  });
  // Wrapped text needs a row tall enough for it: LibreOffice prints a fixed height as it is.
  row.height = rowHeight(vals, WIDTHS);
  if (at) {
    const c = row.getCell(8);
    if (r - 1 <= MAX_LINKS) {
      c.value = { text: at.addr, hyperlink: cellRef(at.sheet, at.addr) };
      c.font = { name: FONT, size: 11, color: { argb: 'FF0563C1' }, underline: true };
    } else c.value = at.addr;
  }
  row.getCell(2).fill = FILL[f.severity];
  row.commit();
}

function noteRows(ws: ExcelJS.Worksheet, r: number, notes: string[]): void {
  for (const note of notes) {
    const c = ws.getRow(++r).getCell(1);
    c.value = note;
    c.font = { name: FONT, italic: true, size: 11 };
    ws.getRow(r).commit();
  }
}

export async function writeFindingsSheet(
  wb: StreamWorkbook,
  name: string,
  p: { report: FindingsStream; lang: Lang; includePii: boolean; locate: Locate; notes: string[] },
): Promise<void> {
  const { report, lang } = p;
  const ws = wb.addWorksheet(name, {
    views: [{ state: 'frozen', ySplit: 1 }],
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '1:1' },
  });
  useInternalHyperlinks(ws);
  headerRow(ws, lang);
  let r = 2;
  for (const sev of ['error', 'warning', 'info'] as Severity[]) {
    if (report.counts[sev] === 0) continue;
    for (const f of report.findings()) {
      if (f.severity !== sev) continue;
      findingRow(ws, r, f, lang, p.includePii, p.locate(f));
      if ((++r & 1023) === 0) await breathe(ws);
    }
  }
  if (report.size === 0) {
    const c = ws.getRow(2).getCell(1);
    c.value = lang === 'vi' ? 'Không có phát hiện nào.' : 'No findings.';
    c.font = { name: FONT, size: 11 };
    ws.getRow(2).commit();
    r++;
  }
  noteRows(ws, r, p.notes);
  ws.commit();
}
