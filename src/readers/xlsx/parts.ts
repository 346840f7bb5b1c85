/**
 * The parts of an XLSX archive that every sheet needs, each read whole: the
 * workbook (sheet list, date system), its relationships (where each sheet
 * is), the styles (which cell styles show dates) and the shared strings (with
 * rich-text runs, without phonetic runs).
 */
import type yauzl from 'yauzl';
import { BUILTIN_DATE_FORMATS, isDateFormat } from '../date-formats.js';
import { corrupt, drain, LIMITS, saxEntry } from './container.js';

type Entries = Map<string, yauzl.Entry>;

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
  const sheets: ListedSheet[] = [];
  let date1904 = false;
  await drain(
    saxEntry(file, zf, entry, LIMITS.smallPartBytes, 'workbook.xml', (p) => {
      p.on('opentag', (n) => {
        const a = n.attributes as Record<string, string>;
        if (n.name === 'sheet') sheets.push({ name: a.name ?? '', state: a.state ?? 'visible', rid: a['r:id'] ?? '' });
        else if (n.name === 'workbookPr') date1904 = a.date1904 === '1' || a.date1904 === 'true';
      });
    }),
  );
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
  const rels = new Map<string, string>();
  const entry = entries.get('xl/_rels/workbook.xml.rels');
  if (!entry) return rels;
  await drain(
    saxEntry(file, zf, entry, LIMITS.smallPartBytes, 'workbook.xml.rels', (p) => {
      p.on('opentag', (n) => {
        const a = n.attributes as Record<string, string>;
        if (n.name === 'Relationship' && a.Id && a.Target) rels.set(a.Id, resolveTarget(a.Target));
      });
    }),
  );
  return rels;
}

/** xl/styles.xml: per cell style index (cellXfs), whether its number format shows a date. */
export async function readDateStyles(file: string, zf: yauzl.ZipFile, entries: Entries): Promise<boolean[]> {
  const dateStyles: boolean[] = [];
  const entry = entries.get('xl/styles.xml');
  if (!entry) return dateStyles;
  const custom = new Map<number, string>();
  const xfFmt: number[] = [];
  let inCellXfs = false;
  await drain(
    saxEntry(file, zf, entry, LIMITS.smallPartBytes, 'styles.xml', (p) => {
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
  return dateStyles;
}

/** xl/sharedStrings.xml (any case): the strings in NFC; `present` false when the archive has no such part. */
export async function readSharedStrings(file: string, zf: yauzl.ZipFile, entries: Entries): Promise<{ strings: string[]; present: boolean }> {
  const strings: string[] = [];
  const path = [...entries.keys()].find((k) => k.toLowerCase() === 'xl/sharedstrings.xml');
  if (!path) return { strings, present: false };
  let cur: string[] = [];
  let inT = false;
  let inPhonetic = 0;
  await drain(
    saxEntry(file, zf, entries.get(path) as yauzl.Entry, LIMITS.sharedStringsBytes, 'sharedStrings.xml', (p) => {
      p.on('opentag', (n) => {
        if (n.name === 'si') cur = [];
        else if (n.name === 't') inT = inPhonetic === 0;
        else if (n.name === 'rPh') inPhonetic++;
      });
      p.on('text', (t) => {
        if (inT) cur.push(t);
      });
      p.on('closetag', (n) => {
        if (n.name === 't') inT = false;
        else if (n.name === 'rPh') inPhonetic--;
        else if (n.name === 'si') strings.push(cur.join('').normalize('NFC'));
      });
    }),
  );
  return { strings, present: true };
}
