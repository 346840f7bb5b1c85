/**
 * The parts of an XLSX archive that every sheet needs, each read whole: the
 * workbook (sheet list, date system), its relationships (where each sheet
 * is), the styles (which cell styles show dates) and the shared strings (with
 * rich-text runs, without phonetic runs).
 */
import type yauzl from 'yauzl';
import { BUILTIN_DATE_FORMATS, isDateFormat } from '../date-formats.js';
import { corrupt, drain, LIMITS, saxEntry, xmlEntry } from './container.js';
import { SCAN, Unsure, XmlScanner, type XmlEvents } from './scan.js';

type Entries = Map<string, yauzl.Entry>;

/**
 * Reads a part whole through the scanner, or through saxes where the scanner
 * is unsure. `listen` starts a reading afresh: it is called again, and its
 * state begun anew, when saxes reads the part after the scanner.
 */
async function readPart(file: string, zf: yauzl.ZipFile, entry: yauzl.Entry, cap: number, what: string, listen: () => XmlEvents): Promise<void> {
  if (SCAN.on) {
    try {
      await drain(xmlEntry(file, zf, entry, cap, what, new XmlScanner(listen())));
      return;
    } catch (err) {
      if (!(err instanceof Unsure)) throw err;
    }
  }
  const events = listen();
  await drain(
    saxEntry(file, zf, entry, cap, what, (p) => {
      p.on('opentag', (n) => events.open(n.name, n.attributes as Record<string, string>));
      p.on('text', (t) => events.text(t));
      p.on('closetag', (n) => events.close(n.name));
    }),
  );
}

const ignore = () => undefined;

/** A sheet as xl/workbook.xml lists it: name, state (visible, hidden, veryHidden), relationship id. */
export interface ListedSheet {
  name: string;
  state: string;
  rid: string;
}

/** xl/workbook.xml: the sheets in order and whether dates count from 1904. */
export async function readWorkbookPart(file: string, zf: yauzl.ZipFile, entries: Entries): Promise<{ sheets: ListedSheet[]; date1904: boolean }> {
  const entry = entries.get('xl/workbook.xml');
  if (!entry) throw corrupt(file, 'xl/workbook.xml missing');
  let sheets: ListedSheet[] = [];
  let date1904 = false;
  await readPart(file, zf, entry, LIMITS.smallPartBytes, 'workbook.xml', () => {
    sheets = [];
    date1904 = false;
    return {
      open: (name, a) => {
        if (name === 'sheet') sheets.push({ name: a.name ?? '', state: a.state ?? 'visible', rid: a['r:id'] ?? '' });
        else if (name === 'workbookPr') date1904 = a.date1904 === '1' || a.date1904 === 'true';
      },
      text: ignore,
      close: ignore,
    };
  });
  return { sheets, date1904 };
}

/** A relationship target as a path inside the archive (relative to xl/, or absolute). */
function resolveTarget(target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  const parts = `xl/${target}`.split('/');
  const out: string[] = [];
  for (const p of parts) {
    if (p === '..') out.pop();
    else if (p !== '.' && p !== '') out.push(p);
  }
  return out.join('/');
}

/** xl/_rels/workbook.xml.rels: relationship id → path inside the archive (empty when the part is missing). */
export async function readWorkbookRels(file: string, zf: yauzl.ZipFile, entries: Entries): Promise<Map<string, string>> {
  let rels = new Map<string, string>();
  const entry = entries.get('xl/_rels/workbook.xml.rels');
  if (!entry) return rels;
  await readPart(file, zf, entry, LIMITS.smallPartBytes, 'workbook.xml.rels', () => {
    rels = new Map();
    return {
      open: (name, a) => {
        if (name === 'Relationship' && a.Id && a.Target) rels.set(a.Id, resolveTarget(a.Target));
      },
      text: ignore,
      close: ignore,
    };
  });
  return rels;
}

/** xl/styles.xml: per cell style index (cellXfs), whether its number format shows a date. */
export async function readDateStyles(file: string, zf: yauzl.ZipFile, entries: Entries): Promise<boolean[]> {
  const dateStyles: boolean[] = [];
  const entry = entries.get('xl/styles.xml');
  if (!entry) return dateStyles;
  let custom = new Map<number, string>();
  let xfFmt: number[] = [];
  await readPart(file, zf, entry, LIMITS.smallPartBytes, 'styles.xml', () => {
    custom = new Map();
    xfFmt = [];
    let inCellXfs = false;
    return {
      open: (name, a) => {
        if (name === 'numFmt') custom.set(Number(a.numFmtId), a.formatCode ?? '');
        else if (name === 'cellXfs') inCellXfs = true;
        else if (name === 'xf' && inCellXfs) xfFmt.push(Number(a.numFmtId ?? 0));
      },
      text: ignore,
      close: (name) => {
        if (name === 'cellXfs') inCellXfs = false;
      },
    };
  });
  for (const id of xfFmt) {
    const code = custom.get(id);
    dateStyles.push(code !== undefined ? isDateFormat(code) : BUILTIN_DATE_FORMATS.has(id));
  }
  return dateStyles;
}

/** xl/sharedStrings.xml (any case): the strings in NFC; `present` false when the archive has no such part. */
export async function readSharedStrings(file: string, zf: yauzl.ZipFile, entries: Entries): Promise<{ strings: string[]; present: boolean }> {
  let strings: string[] = [];
  const path = [...entries.keys()].find((k) => k.toLowerCase() === 'xl/sharedstrings.xml');
  if (!path) return { strings, present: false };
  await readPart(file, zf, entries.get(path) as yauzl.Entry, LIMITS.sharedStringsBytes, 'sharedStrings.xml', () => {
    strings = [];
    let cur: string[] = [];
    let inT = false;
    let inPhonetic = 0;
    return {
      open: (name) => {
        if (name === 'si') cur = [];
        else if (name === 't') inT = inPhonetic === 0;
        else if (name === 'rPh') inPhonetic++;
      },
      text: (t) => {
        if (inT) cur.push(t);
      },
      close: (name) => {
        if (name === 't') inT = false;
        else if (name === 'rPh') inPhonetic--;
        else if (name === 'si') strings.push(cur.join('').normalize('NFC'));
      },
    };
  });
  return { strings, present: true };
}
