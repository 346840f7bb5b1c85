/**
 * Streaming XLSX reader: yauzl (zip) + saxes (XML), UTF-8 decoded with a
 * streaming TextDecoder so a character split across inflate chunks is never
 * damaged (the exceljs streaming reader loses such characters: exceljs
 * issues #2063, #2084, #2316).
 *
 * Shared strings (with rich-text runs, without phonetic runs), inline strings,
 * numbers, booleans, formula results (cached values; errors as their text),
 * dates (cells whose style has a date number format, 1900 or 1904 system),
 * hidden sheets. Zip bombs are bounded: inflated size per entry and the length
 * of one cell are capped.
 */
import yauzl from 'yauzl';
import { SaxesParser } from 'saxes';
import { InputError } from '../errors.js';
import { msg } from '../text/i18n.js';
import { excelSerialToDate } from './excel-date.js';
import type { CellValue, SourceRow } from './types.js';
import { columnIndex } from '../text/columns.js';

export const LIMITS = {
  /** Inflated size of one worksheet. */
  sheetBytes: 2 * 1024 ** 3,
  /** Inflated size of sharedStrings.xml. */
  sharedStringsBytes: 200 * 1024 ** 2,
  /** Inflated size of the small parts (workbook, styles, rels). */
  smallPartBytes: 50 * 1024 ** 2,
  /** Characters of one cell, or of any run of XML between two tags. */
  cellChars: 1024 * 1024,
  /**
   * A part larger than this that inflates more than `bombRatio` times is a zip
   * bomb, refused before a byte is inflated. Real sheets compress 5–20 times;
   * deflate tops out near 1,000.
   */
  bombBytes: 64 * 1024 ** 2,
  bombRatio: 100,
};

/** The last column Excel has (XFD): a cell reference beyond it is damage, not data. */
const MAX_COLUMN = 16383;

export interface SheetInfo {
  name: string;
  hidden: boolean;
  /** Path of the worksheet inside the archive. */
  path: string;
}

export interface Workbook {
  file: string;
  sheets: SheetInfo[];
  date1904: boolean;
  sharedStrings: string[];
  /** Per cell style index: is it a date format? */
  dateStyles: boolean[];
  /** The archive holds a VBA project (an .xlsm, perhaps renamed): never run, only noted. */
  hasMacros: boolean;
  /** Links to other workbooks: never followed; their cells' cached values are read. */
  externalLinks: number;
  /** Whether the archive has a shared-strings part at all. */
  hasSharedStrings: boolean;
}

function corrupt(file: string, detail: string): InputError {
  return new InputError(
    msg(`${file}: tệp .xlsx bị hỏng hoặc không đầy đủ (${detail}).`, `${file}: the .xlsx file is damaged or incomplete (${detail}).`),
    msg('Mở tệp bằng Excel hoặc LibreOffice, lưu lại rồi nhập lại.', 'Open the file in Excel or LibreOffice, save it again, then import it again.'),
    file,
  );
}

function tooBig(file: string, what: string): InputError {
  return new InputError(
    msg(`${file}: ${what} quá lớn; có thể là tệp độc hại (zip bomb).`, `${file}: ${what} is too large; the file may be hostile (a zip bomb).`),
    msg('Kiểm tra lại tệp; danh sách thành viên không lớn đến vậy.', 'Check the file; a roster is never that large.'),
    file,
  );
}

function openZip(file: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true, autoClose: false, validateEntrySizes: true, strictFileNames: false }, (err, zf) => {
      if (err || !zf) reject(corrupt(file, err ? err.message : 'zip'));
      else resolve(zf);
    });
  });
}

async function listEntries(file: string, zf: yauzl.ZipFile): Promise<Map<string, yauzl.Entry>> {
  return new Promise((resolve, reject) => {
    const map = new Map<string, yauzl.Entry>();
    zf.on('entry', (e: yauzl.Entry) => {
      map.set(e.fileName.replace(/^\/+/, ''), e);
      zf.readEntry();
    });
    zf.on('end', () => resolve(map));
    zf.on('error', (err: Error) => reject(corrupt(file, err.message)));
    zf.readEntry();
  });
}

function entryStream(file: string, zf: yauzl.ZipFile, e: yauzl.Entry): Promise<NodeJS.ReadableStream> {
  return new Promise((resolve, reject) => {
    zf.openReadStream(e, (err, s) => {
      if (err || !s) reject(corrupt(file, err ? err.message : e.fileName));
      else resolve(s);
    });
  });
}

/**
 * Streams one zip entry through saxes, decoding UTF-8 across chunk
 * boundaries. `each` runs after every chunk (to hand out rows); returning
 * false stops reading.
 */
async function* saxEntry(
  file: string,
  zf: yauzl.ZipFile,
  e: yauzl.Entry,
  cap: number,
  what: string,
  setup: (p: SaxesParser) => void,
): AsyncGenerator<void> {
  if (e.uncompressedSize > cap) throw tooBig(file, what);
  if (e.uncompressedSize > LIMITS.bombBytes && e.uncompressedSize > LIMITS.bombRatio * Math.max(1, e.compressedSize)) throw tooBig(file, what);
  const stream = await entryStream(file, zf, e);
  const parser = new SaxesParser({ position: false });
  let failure: Error | undefined;
  parser.on('error', (err) => {
    failure ??= err;
  });
  setup(parser);
  const dec = new TextDecoder('utf-8');
  let total = 0;
  let sinceTag = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      total += chunk.length;
      if (total > cap) throw tooBig(file, what);
      const text = dec.decode(chunk, { stream: true });
      const at = Math.max(text.lastIndexOf('<'), text.lastIndexOf('>'));
      sinceTag = at === -1 ? sinceTag + text.length : text.length - at - 1;
      if (sinceTag > LIMITS.cellChars) {
        throw new InputError(
          msg(`${file}: một ô dài quá ${LIMITS.cellChars / 1024 / 1024} MB (${what}).`, `${file}: a cell is longer than ${LIMITS.cellChars / 1024 / 1024} MB (${what}).`),
          msg('Kiểm tra lại tệp; ô trong danh sách thành viên không dài như vậy.', 'Check the file; roster cells are never that long.'),
          file,
        );
      }
      try {
        parser.write(text);
      } catch (err) {
        failure ??= err as Error;
      }
      if (failure) throw failure instanceof InputError ? failure : corrupt(file, `${what}: ${failure.message.split('\n')[0]}`);
      yield;
    }
    try {
      parser.write(dec.decode());
      parser.close();
    } catch (err) {
      failure ??= err as Error;
    }
    if (failure) throw failure instanceof InputError ? failure : corrupt(file, `${what}: ${failure.message.split('\n')[0]}`);
    yield;
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw corrupt(file, `${what}: ${(err as Error).message}`);
  } finally {
    (stream as unknown as { destroy?: () => void }).destroy?.();
  }
}

async function drain(g: AsyncGenerator<void>): Promise<void> {
  for await (const _ of g) void _;
}

export const BUILTIN_DATE_FORMATS = new Set([14, 15, 16, 17, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 50, 51, 52, 53, 54, 55, 56, 57, 58]);

/** Does a number format code show a date? ("dd/mm/yyyy", "[$-42A]d mmmm yyyy", not "0.00" nor "h:mm"). */
export function isDateFormat(code: string): boolean {
  const bare = code
    .replace(/"[^"]*"/g, '')
    .replace(/\\./g, '')
    .replace(/\[[^\]]*\]/g, '')
    .split(';')[0];
  if (/[dy]/i.test(bare)) return true;
  return /m/i.test(bare) && !/[hs]/i.test(bare) && !/[0#?]/.test(bare);
}

function resolveTarget(target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  const parts = ('xl/' + target).split('/');
  const out: string[] = [];
  for (const p of parts) {
    if (p === '..') out.pop();
    else if (p !== '.' && p !== '') out.push(p);
  }
  return out.join('/');
}

/** Opens the archive and reads what every sheet needs: sheet list, date system, styles, shared strings. */
export async function openWorkbook(file: string): Promise<Workbook> {
  const zf = await openZip(file);
  try {
    const entries = await listEntries(file, zf);
    const wbEntry = entries.get('xl/workbook.xml');
    if (!wbEntry) throw corrupt(file, 'xl/workbook.xml missing');
    const sheetsRaw: { name: string; state: string; rid: string }[] = [];
    let date1904 = false;
    await drain(
      saxEntry(file, zf, wbEntry, LIMITS.smallPartBytes, 'workbook.xml', (p) => {
        p.on('opentag', (n) => {
          const a = n.attributes as Record<string, string>;
          if (n.name === 'sheet') sheetsRaw.push({ name: a.name ?? '', state: a.state ?? 'visible', rid: a['r:id'] ?? '' });
          else if (n.name === 'workbookPr') date1904 = a.date1904 === '1' || a.date1904 === 'true';
        });
      }),
    );
    const rels = new Map<string, string>();
    const relEntry = entries.get('xl/_rels/workbook.xml.rels');
    if (relEntry) {
      await drain(
        saxEntry(file, zf, relEntry, LIMITS.smallPartBytes, 'workbook.xml.rels', (p) => {
          p.on('opentag', (n) => {
            const a = n.attributes as Record<string, string>;
            if (n.name === 'Relationship' && a.Id && a.Target) rels.set(a.Id, resolveTarget(a.Target));
          });
        }),
      );
    }
    const sheets: SheetInfo[] = sheetsRaw.map((s, i) => ({
      name: s.name,
      hidden: s.state !== 'visible',
      path: rels.get(s.rid) ?? `xl/worksheets/sheet${i + 1}.xml`,
    }));

    const dateStyles: boolean[] = [];
    const stEntry = entries.get('xl/styles.xml');
    if (stEntry) {
      const custom = new Map<number, string>();
      const xfFmt: number[] = [];
      let inCellXfs = false;
      await drain(
        saxEntry(file, zf, stEntry, LIMITS.smallPartBytes, 'styles.xml', (p) => {
          p.on('opentag', (n) => {
            const a = n.attributes as Record<string, string>;
            if (n.name === 'numFmt') custom.set(Number(a.numFmtId), a.formatCode ?? '');
            else if (n.name === 'cellXfs') inCellXfs = true;
            else if (n.name === 'xf' && inCellXfs) xfFmt.push(Number(a.numFmtId ?? 0));
          });
          p.on('closetag', (n) => {
            if (n.name === 'cellXfs') inCellXfs = false;
          });
        }),
      );
      for (const id of xfFmt) {
        const code = custom.get(id);
        dateStyles.push(code !== undefined ? isDateFormat(code) : BUILTIN_DATE_FORMATS.has(id));
      }
    }

    const sharedStrings: string[] = [];
    const ssPath = [...entries.keys()].find((k) => k.toLowerCase() === 'xl/sharedstrings.xml');
    if (ssPath) {
      const e = entries.get(ssPath) as yauzl.Entry;
      let cur: string[] = [];
      let inT = false;
      let inPhonetic = 0;
      await drain(
        saxEntry(file, zf, e, LIMITS.sharedStringsBytes, 'sharedStrings.xml', (p) => {
          p.on('opentag', (n) => {
            switch (n.name) {
              case 'si':
                cur = [];
                break;
              case 't':
                inT = inPhonetic === 0;
                break;
              case 'rPh':
                inPhonetic++;
                break;
            }
          });
          p.on('text', (t) => {
            if (inT) cur.push(t);
          });
          p.on('closetag', (n) => {
            switch (n.name) {
              case 't':
                inT = false;
                break;
              case 'rPh':
                inPhonetic--;
                break;
              case 'si':
                sharedStrings.push(cur.join('').normalize('NFC'));
                break;
            }
          });
        }),
      );
    }
    const names = [...entries.keys()].map((k) => k.toLowerCase());
    const hasMacros = names.some((k) => k.endsWith('vbaproject.bin'));
    const externalLinks = names.filter((k) => /^xl\/externallinks\/[^/]+\.xml$/.test(k)).length;
    return { file, sheets, date1904, sharedStrings, dateStyles, hasMacros, externalLinks, hasSharedStrings: ssPath !== undefined };
  } finally {
    zf.close();
  }
}


/**
 * Rows of one sheet, in batches (one per inflated chunk). Rows without any
 * value are not yielded. Row numbers are the sheet's own.
 */
/** The last row of a `<dimension ref="A1:N2001"/>` (2001), or undefined. */
function dimensionRows(ref: string | undefined): number | undefined {
  const m = /(\d+)$/.exec(ref ?? '');
  const n = m ? Number(m[1]) : NaN;
  return Number.isSafeInteger(n) && n > 0 ? n : undefined;
}

/** `onDimension` receives the sheet's last row as its dimension states it (progress with a total). */
export async function* sheetBatches(wb: Workbook, sheet: SheetInfo, onDimension?: (rows: number) => void): AsyncGenerator<SourceRow[]> {
  const file = wb.file;
  const zf = await openZip(file);
  try {
    const entries = await listEntries(file, zf);
    const e = entries.get(sheet.path);
    if (!e) throw corrupt(file, `${sheet.path} missing`);
    const { sharedStrings: ss, dateStyles, date1904 } = wb;
    const missingString = (index: string) =>
      corrupt(
        file,
        wb.hasSharedStrings
          ? `${sheet.name}: a cell refers to shared string ${index.slice(0, 20)}, the table has ${ss.length}`
          : `${sheet.name}: the shared-strings table (xl/sharedStrings.xml) is missing`,
      );
    let out: SourceRow[] = [];
    let rowNum = 0;
    let cells: CellValue[] = [];
    let any = false;
    let col = -1;
    let type = '';
    let style = 0;
    let text = '';
    let inValue = false;
    let inRow = false;
    const finishCell = () => {
      let v: CellValue = null;
      switch (type) {
        case 's': {
          if (text === '') break;
          const s = ss[Number(text)];
          if (s === undefined) throw missingString(text);
          v = s === '' ? null : s;
          break;
        }
        case 'inlineStr':
        case 'str':
          v = text === '' ? null : text.normalize('NFC');
          break;
        case 'b':
          v = text === '' ? null : text === '1' || text === 'true';
          break;
        case 'e':
          v = text === '' ? null : text;
          break;
        case 'd': {
          const d = new Date(text.length === 10 ? text + 'T00:00:00Z' : text);
          v = Number.isNaN(d.getTime()) ? (text || null) : d;
          break;
        }
        default: {
          if (text === '') break;
          const n = Number(text);
          if (Number.isNaN(n)) v = text;
          else if (dateStyles[style]) v = excelSerialToDate(n, date1904) ?? n;
          else v = n;
        }
      }
      if (v !== null) {
        while (cells.length < col) cells.push(null);
        cells[col] = v;
        any = true;
      }
    };
    const chunks = saxEntry(file, zf, e, LIMITS.sheetBytes, sheet.name, (p) => {
      p.on('opentag', (n) => {
        const name = n.name;
        if (name === 'c') {
          const a = n.attributes as Record<string, string>;
          col = a.r ? columnIndex(a.r) : col + 1;
          if (col < 0) col = 0;
          if (col > MAX_COLUMN) throw corrupt(file, `${sheet.name}: cell ${String(a.r ?? col).slice(0, 20)} lies beyond the last column XFD`);
          type = a.t ?? 'n';
          style = a.s ? Number(a.s) : 0;
          text = '';
        } else if (name === 'v' || (name === 't' && type === 'inlineStr')) {
          inValue = true;
        } else if (name === 'row') {
          const a = n.attributes as Record<string, string>;
          const r = a.r ? Number(a.r) : NaN;
          rowNum = Number.isSafeInteger(r) && r > 0 ? r : rowNum + 1;
          cells = [];
          any = false;
          col = -1;
          inRow = true;
        } else if (name === 'rPh') {
          inValue = false;
        } else if (name === 'dimension' && onDimension) {
          const rows = dimensionRows((n.attributes as Record<string, string>).ref);
          if (rows !== undefined) onDimension(rows);
        }
      });
      p.on('text', (t) => {
        if (inValue) text += t;
      });
      p.on('closetag', (n) => {
        const name = n.name;
        if (name === 'v' || name === 't') inValue = false;
        else if (name === 'c') {
          if (inRow) finishCell();
        } else if (name === 'row') {
          inRow = false;
          if (any) out.push({ row: rowNum, cells });
        }
      });
    });
    for await (const _ of chunks) {
      void _;
      if (out.length) {
        const batch = out;
        out = [];
        yield batch;
      }
    }
  } finally {
    zf.close();
  }
}

/** A merged range of cells: 1-based rows, 0-based columns (as SourceRow cells). */
export interface MergeRange {
  firstRow: number;
  lastRow: number;
  firstCol: number;
  lastCol: number;
}

const MERGE_CELL = /<(?:[A-Za-z_][\w.-]*:)?mergeCell\s[^>]*?ref="\$?([A-Za-z]{1,3})\$?(\d{1,7}):\$?([A-Za-z]{1,3})\$?(\d{1,7})"/g;

/**
 * The merged ranges of a sheet (`<mergeCell ref="A5:A9"/>`). They stand after
 * the rows in the sheet's XML, so they are read in a pass of their own, a
 * plain scan of the inflated bytes (no XML parse), before the rows are: about
 * a sixth of the time the rows take. `skipAbove`: null, without reading, for
 * a sheet larger than that (inflated bytes).
 */
export async function sheetMerges(wb: Workbook, sheet: SheetInfo, opts: { skipAbove?: number } = {}): Promise<MergeRange[] | null> {
  const file = wb.file;
  const zf = await openZip(file);
  try {
    const entries = await listEntries(file, zf);
    const e = entries.get(sheet.path);
    if (!e) throw corrupt(file, `${sheet.path} missing`);
    if (opts.skipAbove !== undefined && e.uncompressedSize > opts.skipAbove) return null;
    if (e.uncompressedSize > LIMITS.sheetBytes) throw tooBig(file, sheet.name);
    if (e.uncompressedSize > LIMITS.bombBytes && e.uncompressedSize > LIMITS.bombRatio * Math.max(1, e.compressedSize)) throw tooBig(file, sheet.name);
    const stream = await entryStream(file, zf, e);
    const out: MergeRange[] = [];
    let tail = '';
    let total = 0;
    try {
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        total += chunk.length;
        if (total > LIMITS.sheetBytes) throw tooBig(file, sheet.name);
        // Most chunks hold rows only: skip them without decoding.
        if (chunk.indexOf('mergeCell') === -1 && !(tail + chunk.subarray(0, 256).toString('latin1')).includes('mergeCell')) {
          tail = chunk.subarray(Math.max(0, chunk.length - 200)).toString('latin1');
          continue;
        }
        const text = tail + chunk.toString('latin1');
        let cut = 0;
        MERGE_CELL.lastIndex = 0;
        for (let m = MERGE_CELL.exec(text); m; m = MERGE_CELL.exec(text)) {
          const [a, b] = [columnIndex(m[1]), columnIndex(m[3])];
          const [r1, r2] = [Number(m[2]), Number(m[4])];
          out.push({ firstRow: Math.min(r1, r2), lastRow: Math.max(r1, r2), firstCol: Math.min(a, b), lastCol: Math.max(a, b) });
          cut = MERGE_CELL.lastIndex;
        }
        // Keep the end of the chunk: a tag may continue in the next one.
        tail = text.slice(Math.max(cut, text.length - 200));
      }
    } catch (err) {
      if (err instanceof InputError) throw err;
      throw corrupt(file, `${sheet.name}: ${(err as Error).message}`);
    } finally {
      (stream as unknown as { destroy?: () => void }).destroy?.();
    }
    return out;
  } finally {
    zf.close();
  }
}
