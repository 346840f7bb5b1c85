/**
 * The annotated workbook goes back the same way: when a source file was a
 * filled roster template, its copy in `validate --format xlsx` keeps the
 * template's validations (dropdowns, digit checks, dates, prompts and alerts)
 * and text-formatted CCCD and phone cells, so a khu phố head can fix it in
 * place. The dropdown lists are copied from the template's lists sheet into
 * one hidden lists sheet of the annotated workbook, a block of columns per
 * template file.
 *
 * Type-only exceljs import: the caller's workbook does the writing.
 */
import type ExcelJS from 'exceljs';
import { openTable } from '../../readers/index.js';
import { readTemplateMarker } from '../../importer/template-marker.js';
import { cellText } from '../../importer/values.js';
import type { Lang } from '../../text/i18n.js';
import { periodEnd } from '../../text/period.js';
import { setCell } from '../safe-cell.js';
import { colLetter } from '../xlsx.js';
import { BLANK_ROWS, LISTS_SHEET, TEMPLATE_COLUMNS } from './layout.js';
import { columnValidation, type ListRefs } from './validations.js';

/** Rows below the first member row that keep the validations in the copy. */
const COPY_ROWS = BLANK_ROWS * 3;
const LIST_COLUMNS = 5;

type Sheet = Pick<ExcelJS.Worksheet, 'getColumn'>;

export class TemplateValidationCopies {
  /** Lists of each template file, in the order their blocks lie on the lists sheet. */
  private readonly blocks: { file: string; lists: string[][] }[] = [];

  constructor(private readonly lang: Lang) {}

  /** The lists of `file` and the number of their block on the lists sheet. */
  private async block(file: string): Promise<{ index: number; lists: string[][] }> {
    const known = this.blocks.findIndex((b) => b.file === file);
    const found = this.blocks[known];
    if (found) return { index: known, lists: found.lists };
    const lists: string[][] = Array.from({ length: LIST_COLUMNS }, () => []);
    const table = await openTable(file, { sheet: LISTS_SHEET });
    for await (const r of table.rows) {
      if (r.row === 1) continue;
      lists.forEach((list, k) => {
        const t = cellText(r.cells[k] ?? null);
        if (t) list.push(t);
      });
    }
    this.blocks.push({ file, lists });
    return { index: this.blocks.length - 1, lists };
  }

  /**
   * Adds the template's validations to `ws`, the copy of `sheet` of `file`,
   * when the file is a roster template and the sheet one of its data sheets.
   * Call before the first row is written (the column formats go out with it). Returns whether it did.
   */
  async apply(ws: Sheet, file: string, sheet: string | null): Promise<boolean> {
    const m = await readTemplateMarker(file);
    const s = m?.sheets.find((x) => x.name === sheet);
    if (!m || !s) return false;
    const { index: b, lists } = await this.block(file);
    const ref = (k: number) => {
      const c = colLetter(b * LIST_COLUMNS + k + 1);
      const list = lists[k];
      return list?.length ? `'${LISTS_SHEET}'!$${c}$2:$${c}$${list.length + 1}` : undefined;
    };
    const refs: ListRefs = { neighbourhood: ref(0), ward: ref(1), role: ref(2) ?? '', gender: ref(3) ?? '', yesNo: ref(4) ?? '' };
    const dvs = (ws as unknown as { dataValidations: { add(range: string, dv: ExcelJS.DataValidation): void } }).dataValidations;
    const last = s.firstRow + COPY_ROWS - 1;
    for (const c of m.columns) {
      const col = TEMPLATE_COLUMNS.find((t) => t.field === c.field);
      if (col?.numFmt === '@') ws.getColumn(c.index + 1).numFmt = '@';
      const L = colLetter(c.index + 1);
      const dv = columnValidation(c.field, `${L}${s.firstRow}`, refs, this.lang, periodEnd(m.period));
      if (dv && (dv.type !== 'list' || dv.formulae[0])) dvs.add(`${L}${s.firstRow}:${L}${last}`, dv);
    }
    return true;
  }

  /** The hidden lists sheet, when any template was copied. Call after the copies were added. */
  finish(wb: { addWorksheet(name: string, o?: Partial<ExcelJS.AddWorksheetOptions>): ExcelJS.Worksheet }): void {
    if (this.blocks.length === 0) return;
    const ws = wb.addWorksheet(LISTS_SHEET, { state: 'hidden' });
    const height = Math.max(...this.blocks.flatMap((b) => b.lists.map((l) => l.length)));
    for (let r = 0; r <= height; r++) {
      const row = ws.getRow(r + 1);
      this.blocks.forEach((b, i) => {
        b.lists.forEach((l, k) => {
          setCell(row.getCell(i * LIST_COLUMNS + k + 1), r === 0 ? null : l[r - 1]);
        });
      });
      row.commit();
    }
    ws.commit();
  }
}
