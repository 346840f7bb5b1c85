/**
 * The summary workbook (SPEC § The monthly workbook), written with the exceljs
 * streaming writer, one sheet after the other: `Tổng hợp`, `Danh sách tổ`,
 * `Thành viên`, `Biến động`, `Kiểm tra`, and the hidden `_data` sheet that
 * `report consolidate` reads back. The same writer lays out the city-level
 * consolidated workbook (office column, no member lists).
 *
 * Imports exceljs: load lazily.
 */
import { writeDataSheet } from '../data-sheet.js';
import { streamWorkbook } from '../xlsx.js';
import { writeChangesSheet } from './changes-sheet.js';
import { writeChecksSheet } from './checks-sheet.js';
import { summaryContext } from './context.js';
import type { FigureLayout, SummaryInput, SummaryResult } from './input.js';
import { writeMembersSheet } from './members-sheet.js';
import { writeSummarySheet } from './summary-sheet.js';
import { writeTeamsSheet } from './teams-sheet.js';

export async function writeSummaryWorkbook(file: string, input: SummaryInput): Promise<SummaryResult> {
  const x = summaryContext(streamWorkbook(file, input.now), input);
  const { l } = x;
  const layout: FigureLayout = {};
  const sheets = [l.sheets[0], l.sheets[1]];
  const summary = writeSummarySheet(x);
  layout.summary = summary.layout;
  layout.teams = await writeTeamsSheet(x);
  let changes = 0;
  if (!x.city) {
    layout.members = await writeMembersSheet(x);
    changes = await writeChangesSheet(x);
    sheets.push(l.sheets[2], l.sheets[3]);
  }
  writeChecksSheet(x);
  sheets.push(l.sheets[4]);
  writeDataSheet(x.wb, input, summary.totals, layout);
  await x.wb.commit();
  return { totals: summary.totals, members: layout.members?.count ?? 0, changes, sheets };
}
