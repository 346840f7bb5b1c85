/**
 * Checks that a monthly workbook is as roster wrote it: the digest of the
 * hidden `_data` sheet recomputed, and every visible figure (Tổng hợp, Danh
 * sách tổ) and the member rows (Thành viên) compared with what `_data`
 * records. Shared by `roster verify` and `report consolidate`.
 *
 * Reads with the importer's streaming XLSX reader: no exceljs.
 */
import { InputError } from '../errors.js';
import { openTable } from '../readers/index.js';
import type { CellValue, SourceRow } from '../readers/types.js';
import { COUNT_KEYS, type Counts } from './monthly-data.js';
import { readDataSheet, TEAM_FIGURES, DATA_SHEET, type MonthlyExport } from './data-sheet.js';
import { canon, RowHasher } from './digest.js';
import { columnLetter } from '../text/columns.js';

export interface CellDifference {
  /** A figure cell, the hidden sheet's digest, the member rows, or a sheet that is gone. */
  kind: 'cell' | 'hidden' | 'rows' | 'sheet';
  sheet: string;
  /** A1 address of a figure cell; '' otherwise. */
  cell: string;
  found: string;
  expected: string;
  /** The ward (and khu phố) the figure belongs to, when it belongs to one. */
  ward?: string;
}

export type VerifyStatus = 'untouched' | 'edited' | 'unverifiable';

export interface VerifyResult {
  file: string;
  status: VerifyStatus;
  data: MonthlyExport;
  differences: CellDifference[];
}

/** How many differing cells a result lists; the rest are counted. */
export const LISTED_DIFFERENCES = 200;

/** A visible sheet's rows, streamed; null when the sheet is gone (deleted or renamed). */
async function sheetRows(file: string, sheet: string): Promise<AsyncIterable<SourceRow[]> | null> {
  try {
    return (await openTable(file, { sheet })).batches;
  } catch (e) {
    if (e instanceof InputError && /no sheet named/.test(e.msg.en)) return null;
    throw e;
  }
}

/** The wanted rows of a visible sheet, or null when the sheet is gone. */
async function rowsOf(file: string, sheet: string, wanted: (row: number) => boolean): Promise<Map<number, CellValue[]> | null> {
  const batches = await sheetRows(file, sheet);
  if (!batches) return null;
  const out = new Map<number, CellValue[]>();
  for await (const batch of batches) for (const r of batch) if (wanted(r.row)) out.set(r.row, r.cells);
  return out;
}

function same(found: CellValue | undefined, expected: number): boolean {
  if (typeof found !== 'number') return false;
  return Math.abs(found - expected) <= 1e-9 * Math.max(1, Math.abs(expected));
}

function rate(c: Counts): number {
  return c.members > 0 ? c.onetouch / c.members : 0;
}

export async function verifyWorkbook(file: string): Promise<VerifyResult> {
  const data = await readDataSheet(file);
  const differences: CellDifference[] = [];
  if (!data.digest) return { file, status: 'unverifiable', data, differences };
  if (data.digest.stored !== data.digest.computed) {
    differences.push({ kind: 'hidden', sheet: DATA_SHEET, cell: '', found: data.digest.computed.slice(0, 64), expected: data.digest.stored });
  }
  const gone = (sheet: string) => differences.push({ kind: 'sheet', sheet, cell: '', found: '', expected: '' });
  // `col` is missing when the layout read from the file lists fewer columns than figures: the figure is not found (in column A).
  const check = (sheet: string, row: CellValue[] | undefined, r: number, col: number | undefined, expected: number, ward?: string) => {
    const v = col === undefined ? undefined : row?.[col - 1];
    if (!same(v, expected)) differences.push({ kind: 'cell', sheet, cell: `${columnLetter((col ?? 0) - 1)}${r}`, found: canon(v ?? null), expected: canon(expected), ward });
  };
  const { summary, teams, members } = data.layout;
  if (summary) {
    const last = summary.first + data.wards.length - 1;
    const rows = await rowsOf(file, summary.sheet, (r) => (r >= summary.first && r <= last) || r === summary.total);
    if (!rows) gone(summary.sheet);
    else
      data.wards.forEach((w, i) => {
        const r = summary.first + i;
        // The office only in a consolidated workbook, where wards come from several.
        const ward = [w.office !== data.office ? w.office : '', w.name || w.code].filter(Boolean).join(': ') || undefined;
        COUNT_KEYS.forEach((k, j) => {
          check(summary.sheet, rows.get(r), r, summary.cols[j], w.counts[k], ward);
        });
        check(summary.sheet, rows.get(r), r, summary.rate, rate(w.counts), ward);
      });
    if (rows) {
      COUNT_KEYS.forEach((k, j) => {
        check(summary.sheet, rows.get(summary.total), summary.total, summary.cols[j], data.totals[k]);
      });
      check(summary.sheet, rows.get(summary.total), summary.total, summary.rate, rate(data.totals));
    }
  }
  if (teams) {
    const last = teams.first + data.teams.length - 1;
    const rows = await rowsOf(file, teams.sheet, (r) => r >= teams.first && r <= last);
    if (!rows) gone(teams.sheet);
    else
      data.teams.forEach((t, i) => {
        const r = teams.first + i;
        const ward = [t.wardName || t.wardCode, t.neighbourhood].filter(Boolean).join(', ') || undefined;
        TEAM_FIGURES.forEach((k, j) => {
          check(teams.sheet, rows.get(r), r, teams.cols[j], t[k], ward);
        });
      });
  }
  if (members) {
    const hash = new RowHasher();
    // Streamed: a national workbook has hundreds of thousands of member rows.
    const batches = await sheetRows(file, members.sheet);
    if (!batches) gone(members.sheet);
    else {
      for await (const batch of batches) for (const r of batch) if (r.row >= members.first) hash.add(r.cells);
      if (hash.count !== members.count || hash.hex() !== members.sha256) {
        differences.push({ kind: 'rows', sheet: members.sheet, cell: '', found: `${hash.count}`, expected: `${members.count}` });
      }
    }
  }
  return { file, status: differences.length > 0 ? 'edited' : 'untouched', data, differences };
}

/** One line per difference, in the user's language ('Tổng hợp'!F10: 30, roster wrote 25). */
export function differenceLines(res: VerifyResult, lang: 'vi' | 'en'): string[] {
  const vi = lang === 'vi';
  const shown = res.differences.slice(0, LISTED_DIFFERENCES).map((d) => {
    switch (d.kind) {
      case 'hidden':
        return vi ? `trang ẩn ${DATA_SHEET}: nội dung không còn khớp mã kiểm tra (SHA-256)` : `hidden sheet ${DATA_SHEET}: its contents no longer match the digest (SHA-256)`;
      case 'sheet':
        return vi ? `trang '${d.sheet}' không còn trong tệp (đã xóa hoặc đổi tên)` : `sheet '${d.sheet}' is no longer in the file (deleted or renamed)`;
      case 'rows':
        return vi
          ? `'${d.sheet}': các dòng thành viên đã bị sửa (${d.found} dòng, roster đã ghi ${d.expected} dòng)`
          : `'${d.sheet}': the member rows were changed (${d.found} rows, roster wrote ${d.expected})`;
      default: {
        const ward = d.ward ? ` [${d.ward}]` : '';
        const found = d.found || (vi ? '(trống)' : '(blank)');
        return vi ? `'${d.sheet}'!${d.cell}${ward}: ${found} (roster đã ghi ${d.expected})` : `'${d.sheet}'!${d.cell}${ward}: ${found} (roster wrote ${d.expected})`;
      }
    }
  });
  const more = res.differences.length - shown.length;
  if (more > 0) shown.push(lang === 'vi' ? `… và ${more} ô khác` : `… and ${more} more cells`);
  return shown;
}
