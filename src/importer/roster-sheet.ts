/**
 * Which sheet of a workbook is the roster, when none is named and several are
 * visible: the one with the most roster column headers in its first rows.
 */
import { present } from '../errors.js';
import { msg } from '../text/i18n.js';
import { openTable, type OpenedTable, type OpenTableOptions, type SheetChooser, type SourceRow } from '../readers/index.js';
import { detectHeader } from './header.js';

/** Rows read from the top of each sheet to rank it. */
const RANK_ROWS = 40;

async function firstRows(table: OpenedTable, n: number): Promise<SourceRow[]> {
  const rows: SourceRow[] = [];
  for await (const b of table.batches) {
    for (const r of b) {
      rows.push(r);
      if (rows.length >= n) return rows; // (leaving the loop closes the reader)
    }
  }
  return rows;
}

/** Ranks the visible sheets by their roster column headers; the first of the best wins. */
export const chooseRosterSheet: SheetChooser = async (candidates) => {
  let chosen = 0;
  let bestScore = -1;
  for (const [i, candidate] of candidates.entries()) {
    const score = detectHeader(await firstRows(candidate.table(), RANK_ROWS)).columns.length;
    if (score > bestScore) {
      bestScore = score;
      chosen = i;
    }
  }
  const others = candidates.filter((_, i) => i !== chosen).map((s) => `"${s.name}"`);
  const name = present(candidates[chosen], 'the sheet chosen among the candidates').name;
  const note = msg(
    `đã chọn trang tính "${name}": có nhiều tiêu đề cột danh sách nhất (${bestScore}); các trang khác: ${others.join(', ')}; dùng --sheet để chọn trang khác`,
    `sheet "${name}" chosen: it has the most roster column headers (${bestScore}); other sheets: ${others.join(', ')}; use --sheet to choose another`,
  );
  return { chosen, note };
};

/** Opens a roster file: the sheet named, else the only visible one, else the one most like a roster. */
export function openRosterTable(file: string, opts: OpenTableOptions = {}): Promise<OpenedTable> {
  return openTable(file, opts, chooseRosterSheet);
}
