/**
 * An XLSX workbook opened: its sheets (name, hidden, path in the archive) and
 * what reading any sheet needs (date system, date styles, shared strings),
 * plus what is only noted (macros, links to other workbooks).
 */
import { withArchive } from './container.js';
import { readDateStyles, readSharedStrings, readWorkbookPart, readWorkbookRels } from './parts.js';

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

/** Opens the archive and reads what every sheet needs: sheet list, date system, styles, shared strings. */
export async function openWorkbook(file: string): Promise<Workbook> {
  return withArchive(file, async (zf, entries) => {
    const listed = await readWorkbookPart(file, zf, entries);
    const rels = await readWorkbookRels(file, zf, entries);
    const sheets: SheetInfo[] = listed.sheets.map((s, i) => ({
      name: s.name,
      hidden: s.state !== 'visible',
      path: rels.get(s.rid) ?? `xl/worksheets/sheet${i + 1}.xml`,
    }));
    const dateStyles = await readDateStyles(file, zf, entries);
    const shared = await readSharedStrings(file, zf, entries);
    const names = [...entries.keys()].map((k) => k.toLowerCase());
    const hasMacros = names.some((k) => k.endsWith('vbaproject.bin'));
    const externalLinks = names.filter((k) => /^xl\/externallinks\/[^/]+\.xml$/.test(k)).length;
    return { file, sheets, date1904: listed.date1904, sharedStrings: shared.strings, dateStyles, hasMacros, externalLinks, hasSharedStrings: shared.present };
  });
}
