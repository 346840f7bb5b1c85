/**
 * The rows of one worksheet, streamed: a state machine over the XML events of
 * `<row>`, `<c>` (reference, type, style), `<v>` / inline `<t>` and
 * `<dimension>`. Shared strings, inline strings, numbers, booleans, formula
 * results (cached values; errors as their text) and dates (cells whose style
 * has a date number format, 1900 or 1904 system).
 */
import type { SaxesParser } from 'saxes';
import type yauzl from 'yauzl';
import { columnIndex } from '../../text/columns.js';
import { excelSerialToDate } from '../excel-date.js';
import type { CellValue, SourceRow } from '../types.js';
import { corrupt, LIMITS, listEntries, openZip, saxEntry, xmlEntry } from './container.js';
import { SCAN, Unsure, XmlScanner, type XmlEvents } from './scan.js';
import type { SheetInfo, Workbook } from './workbook.js';

/** The last column Excel has (XFD): a cell reference beyond it is damage, not data. */
const MAX_COLUMN = 16383;

/** The last row of a `<dimension ref="A1:N2001"/>` (2001), or undefined. */
function dimensionRows(ref: string | undefined): number | undefined {
  const m = /(\d+)$/.exec(ref ?? '');
  const n = m ? Number(m[1]) : NaN;
  return Number.isSafeInteger(n) && n > 0 ? n : undefined;
}

/** Where the sheet's rows are read: the row and the cell being read, and the rows completed since the last batch. */
class SheetRowsState implements XmlEvents {
  out: SourceRow[] = [];
  private rowNum = 0;
  private cells: CellValue[] = [];
  private any = false;
  private col = -1;
  private type = '';
  private style = 0;
  private value = '';
  private inValue = false;
  /** Inside a phonetic run (`<rPh>`, furigana): its text is a reading aid, not the value (as in shared strings). */
  private phonetic = 0;
  private inRow = false;

  constructor(
    private readonly wb: Workbook,
    private readonly sheet: SheetInfo,
    private readonly onDimension?: (rows: number) => void,
  ) {}

  /** Listens to saxes' events. */
  attach(p: SaxesParser): void {
    p.on('opentag', (n) => this.open(n.name, n.attributes as Record<string, string>));
    p.on('text', (t) => this.text(t));
    p.on('closetag', (n) => this.close(n.name));
  }

  open(name: string, attributes: Record<string, string>): void {
    if (name === 'c') this.openCell(attributes);
    else if (name === 'v' || (name === 't' && this.type === 'inlineStr' && this.phonetic === 0)) this.inValue = true;
    else if (name === 'row') this.openRow(attributes);
    else if (name === 'rPh') {
      this.phonetic++;
      this.inValue = false;
    } else if (name === 'dimension' && this.onDimension) {
      const rows = dimensionRows(attributes.ref);
      if (rows !== undefined) this.onDimension(rows);
    }
  }

  text(t: string): void {
    if (this.inValue) this.value += t;
  }

  private openCell(a: Record<string, string>): void {
    this.col = a.r ? columnIndex(a.r) : this.col + 1;
    if (this.col < 0) this.col = 0;
    if (this.col > MAX_COLUMN) throw corrupt(this.wb.file, `${this.sheet.name}: cell ${String(a.r ?? this.col).slice(0, 20)} lies beyond the last column XFD`);
    this.type = a.t ?? 'n';
    this.style = a.s ? Number(a.s) : 0;
    this.value = '';
    this.phonetic = 0;
  }

  private openRow(a: Record<string, string>): void {
    const r = a.r ? Number(a.r) : NaN;
    this.rowNum = Number.isSafeInteger(r) && r > 0 ? r : this.rowNum + 1;
    this.cells = [];
    this.any = false;
    this.col = -1;
    this.inRow = true;
  }

  close(name: string): void {
    if (name === 'v' || name === 't') this.inValue = false;
    else if (name === 'rPh') this.phonetic = Math.max(0, this.phonetic - 1);
    else if (name === 'c') {
      if (this.inRow) this.finishCell();
    } else if (name === 'row') {
      this.inRow = false;
      if (this.any) this.out.push({ row: this.rowNum, cells: this.cells });
    }
  }

  private finishCell(): void {
    const v = this.cellValue();
    if (v !== null) {
      while (this.cells.length < this.col) this.cells.push(null);
      this.cells[this.col] = v;
      this.any = true;
    }
  }

  /** The value of the cell just closed, by its type attribute and style. */
  private cellValue(): CellValue {
    const text = this.value;
    switch (this.type) {
      case 's':
        return text === '' ? null : this.sharedString(text);
      case 'inlineStr':
      case 'str':
        return text === '' ? null : text.normalize('NFC');
      case 'b':
        return text === '' ? null : text === '1' || text === 'true';
      case 'e':
        return text === '' ? null : text;
      case 'd': {
        const d = new Date(text.length === 10 ? `${text}T00:00:00Z` : text);
        return Number.isNaN(d.getTime()) ? text || null : d;
      }
      default: {
        if (text === '') return null;
        const n = Number(text);
        if (Number.isNaN(n)) return text;
        return this.wb.dateStyles[this.style] ? (excelSerialToDate(n, this.wb.date1904) ?? n) : n;
      }
    }
  }

  private sharedString(index: string): CellValue {
    const s = this.wb.sharedStrings[Number(index)];
    if (s === undefined) {
      const detail = this.wb.hasSharedStrings
        ? `${this.sheet.name}: a cell refers to shared string ${index.slice(0, 20)}, the table has ${this.wb.sharedStrings.length}`
        : `${this.sheet.name}: the shared-strings table (xl/sharedStrings.xml) is missing`;
      throw corrupt(this.wb.file, detail);
    }
    return s === '' ? null : s;
  }
}

/** The rows of a sheet entry as `read` parses it, in batches (one per inflated chunk). */
async function* rowBatches(
  wb: Workbook,
  sheet: SheetInfo,
  zf: yauzl.ZipFile,
  e: yauzl.Entry,
  read: 'scan' | 'saxes',
  onDimension?: (rows: number) => void,
): AsyncGenerator<SourceRow[]> {
  const state = new SheetRowsState(wb, sheet, onDimension);
  const chunks =
    read === 'scan'
      ? xmlEntry(wb.file, zf, e, LIMITS.sheetBytes, sheet.name, new XmlScanner(state))
      : saxEntry(wb.file, zf, e, LIMITS.sheetBytes, sheet.name, (p) => state.attach(p));
  for await (const _ of chunks) {
    void _;
    if (state.out.length) {
      const batch = state.out;
      state.out = [];
      yield batch;
    }
  }
}

/**
 * Rows of one sheet, in batches (one per inflated chunk). Rows without any
 * value are not yielded. Row numbers are the sheet's own. `onDimension`
 * receives the sheet's last row as its dimension states it (progress with a
 * total).
 *
 * The scanner reads the sheet; where it is unsure of the XML, saxes reads
 * the sheet again from the start, and hands out the rows after those given
 * already (the two agree on every row before).
 */
export async function* sheetBatches(wb: Workbook, sheet: SheetInfo, onDimension?: (rows: number) => void): AsyncGenerator<SourceRow[]> {
  const file = wb.file;
  const zf = await openZip(file);
  try {
    const entries = await listEntries(file, zf);
    const e = entries.get(sheet.path);
    if (!e) throw corrupt(file, `${sheet.path} missing`);
    let given = 0;
    if (SCAN.on) {
      try {
        for await (const batch of rowBatches(wb, sheet, zf, e, 'scan', onDimension)) {
          given += batch.length;
          yield batch;
        }
        return;
      } catch (err) {
        if (!(err instanceof Unsure)) throw err;
      }
    }
    for await (const batch of rowBatches(wb, sheet, zf, e, 'saxes', onDimension)) {
      const fresh = given === 0 ? batch : batch.slice(given);
      given = Math.max(0, given - batch.length);
      if (fresh.length) yield fresh;
    }
  } finally {
    zf.close();
  }
}
