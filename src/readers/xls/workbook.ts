/**
 * The workbook globals of an .xls: BOF, FILEPASS (encrypted: refused),
 * CODEPAGE, DATEMODE (1904 date system), FORMAT and XF (which cells are
 * dates), BOUNDSHEET (sheet names, states, kinds and offsets) and the SST
 * (shared strings, with CONTINUE). The whole workbook stream is read from
 * the container first (the Compound File gives no way to stream it); the
 * sheets are then read from it row batch by row batch (./sheet.ts).
 */
import fs from 'node:fs';
import { msg } from '../../text/i18n.js';
import { readRootStream } from './cfb.js';
import { damaged, encrypted, notAWorkbook, tooLarge } from './errors.js';
import { dateStyles } from './formats.js';
import { RT, records, withContinues, type BiffRecord } from './records.js';
import { codepageEncoding, readSst, readStringAt, type StringCodec } from './strings.js';

export const XLS_LIMITS = {
  /** Size of an .xls file: it is read whole into memory (an .xls holds at most 65,536 rows). */
  fileBytes: 512 * 1024 ** 2,
  /** Rows handed out per batch. */
  batchRows: 1000,
  /** Cells (counting the empty ones left of a value) per batch, so wide rows make smaller batches. */
  batchCells: 1 << 18,
};

export type SheetState = 'visible' | 'hidden' | 'veryHidden';

export interface XlsSheetInfo {
  name: string;
  hidden: boolean;
  state: SheetState;
  /** Offset of the sheet's BOF record in the workbook stream. */
  offset: number;
}

export interface XlsWorkbook {
  file: string;
  /** 8: Excel 97–2003 (Unicode strings); 5: Excel 5/95 (strings in the code page). */
  biff: 5 | 8;
  /** Worksheets, in workbook order (hidden ones included, flagged). */
  sheets: XlsSheetInfo[];
  /** Chart sheets, macro sheets and VBA modules: never read, only named. */
  skippedSheets: { name: string; kind: 'chart' | 'macro' | 'module' | 'other' }[];
  date1904: boolean;
  codepage?: number;
  codec: StringCodec;
  sharedStrings: string[];
  /** Per XF index: is it a date format? */
  dateStyles: boolean[];
  /** The workbook stream, whole. */
  stream: Buffer;
  /** Shared strings whose characters were cut by a CONTINUE record (and joined again). */
  splitStrings: number;
}

const SHEET_KIND: Partial<Record<number, 'macro' | 'chart' | 'module'>> = { 1: 'macro', 2: 'chart', 6: 'module' };
const STATES: SheetState[] = ['visible', 'hidden', 'veryHidden'];

function biffVersion(file: string, bof: BiffRecord | undefined): 5 | 8 {
  if (!bof || bof.type !== RT.BOF || bof.data.length < 4) throw damaged(file, 'the workbook stream does not start with a BOF record');
  const v = bof.data.readUInt16LE(0);
  if (v === 0x0600) return 8;
  if (v === 0x0500) return 5;
  throw damaged(file, `BIFF version 0x${v.toString(16)} is not Excel 5–2003`);
}

interface Sheet0 {
  name: string;
  state: SheetState;
  kind: number;
  offset: number;
}

/** Opens an .xls and reads its globals. */
export async function openXlsWorkbook(file: string): Promise<XlsWorkbook> {
  const st = await fs.promises.stat(file);
  if (st.size > XLS_LIMITS.fileBytes) throw tooLarge(file, msg('tệp .xls', 'the .xls file'));
  const buf = await fs.promises.readFile(file);
  const found = readRootStream(file, buf, ['Workbook', 'Book'], XLS_LIMITS.fileBytes, () => tooLarge(file, msg('dữ liệu bảng tính (Workbook)', 'the Workbook stream')));
  if (!found) throw notAWorkbook(file);
  return readGlobals(file, found.data);
}

/** What the globals records say, gathered record by record. */
interface Globals {
  codec: StringCodec;
  formats: Map<number, string>;
  xfFormats: number[];
  sheets: Sheet0[];
  date1904: boolean;
  codepage?: number;
  sst: { strings: string[]; splitStrings: number };
}

function globalRecord(file: string, stream: Buffer, g: Globals, r: BiffRecord): void {
  const d = r.data;
  const need = (n: number) => {
    if (d.length < n) throw damaged(file, `record 0x${r.type.toString(16)} at byte ${r.offset} is too short`);
  };
  switch (r.type) {
    case RT.FILEPASS:
      throw encrypted(file);
    case RT.CODEPAGE:
      need(2);
      g.codepage = d.readUInt16LE(0);
      g.codec.encoding = codepageEncoding(g.codepage);
      break;
    case RT.DATEMODE:
      need(2);
      g.date1904 = d.readUInt16LE(0) === 1;
      break;
    case RT.FORMAT:
      need(3);
      g.formats.set(d.readUInt16LE(0), readStringAt(file, d, 2, g.codec.biff === 8 ? 2 : 1, g.codec, 'FORMAT'));
      break;
    case RT.XF:
      need(4);
      g.xfFormats.push(d.readUInt16LE(2));
      break;
    case RT.BOUNDSHEET:
      need(7);
      g.sheets.push({ offset: d.readUInt32LE(0), state: STATES[d.readUInt8(4) & 3] ?? 'hidden', kind: d.readUInt8(5), name: readStringAt(file, d, 6, 1, g.codec, 'BOUNDSHEET') });
      break;
    case RT.SST:
      g.sst = readSst(file, withContinues(file, stream, r));
      break;
  }
}

/** Reads the workbook globals (from the first BOF to its EOF) of a workbook stream. */
export function readGlobals(file: string, stream: Buffer): XlsWorkbook {
  const it = records(file, stream);
  const biff = biffVersion(file, it.next().value as BiffRecord | undefined);
  const g: Globals = { codec: { biff, encoding: 'windows-1252' }, formats: new Map(), xfFormats: [], sheets: [], date1904: false, sst: { strings: [], splitStrings: 0 } };
  let ended = false;
  for (const r of it) {
    if (r.type === RT.EOF) {
      ended = true;
      break;
    }
    globalRecord(file, stream, g, r);
  }
  if (!ended) throw damaged(file, 'the workbook globals have no end (EOF record)');
  const sheets: XlsSheetInfo[] = [];
  const skippedSheets: XlsWorkbook['skippedSheets'] = [];
  for (const s of g.sheets) {
    const kind: 'worksheet' | 'chart' | 'macro' | 'module' | 'other' = s.kind === 0 ? bofKind(file, stream, s) : (SHEET_KIND[s.kind] ?? 'other');
    if (kind === 'worksheet') sheets.push({ name: s.name, hidden: s.state !== 'visible', state: s.state, offset: s.offset });
    else skippedSheets.push({ name: s.name, kind });
  }
  return {
    file,
    biff,
    sheets,
    skippedSheets,
    date1904: g.date1904,
    codepage: g.codepage,
    codec: g.codec,
    sharedStrings: g.sst.strings,
    dateStyles: dateStyles(g.formats, g.xfFormats),
    stream,
    splitStrings: g.sst.splitStrings,
  };
}

/** The kind a sheet's own BOF record gives (0x10 worksheet, 0x20 chart, 0x40 macro sheet). */
function bofKind(file: string, stream: Buffer, s: Sheet0): 'worksheet' | 'chart' | 'macro' | 'other' {
  if (s.offset + 8 > stream.length) throw damaged(file, `sheet "${s.name}" starts at byte ${s.offset}, past the end of the workbook stream`);
  const first = records(file, stream, s.offset).next().value as BiffRecord | undefined;
  if (!first || first.type !== RT.BOF || first.data.length < 4) throw damaged(file, `sheet "${s.name}" does not start with a BOF record`);
  const dt = first.data.readUInt16LE(2);
  return dt === 0x10 ? 'worksheet' : dt === 0x20 ? 'chart' : dt === 0x40 ? 'macro' : 'other';
}
