/**
 * No roster fixture imports with exit 0 and a row missing. For every roster
 * file under fixtures/ (the bundled sample, the rosters written by other
 * programs, the layouts), the member rows are known from the script that
 * wrote the file, and the non-empty rows under the header are counted by an
 * independent reader (exceljs for workbooks, a small quote-aware record
 * counter for text). The import's summary must account for every one of
 * them: members = the expected members, members + rows skipped (with a
 * reason) = the rows counted.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { FIXTURES, roster, tempDir } from './helpers/cli.js';
import { initDb } from './helpers/seed.js';
import { known } from './helpers/defined.js';

interface Sheet {
  headerRow: number;
  members: number;
}

/**
 * Member rows per sheet ('' for a text file), from the generators:
 * fixtures/sample/make-sample.mjs (16 = 5 + 4 + 4 + 3 people; 13; 7) and
 * fixtures/make/make_fixtures.py (members(seed, n): n people each),
 * fixtures/make/make_pii_fixture.py (4 rows); the rosters of the two
 * reorganisations are written by hand (one member a line).
 */
const KNOWN: Record<string, Record<string, Sheet>> = {
  'sample/q1-ben-nghe-da-kao-2026-11.xlsx': { 'DS thành viên': { headerRow: 6, members: 16 } },
  'sample/q3-phuong-1-4-5-2026-11.csv': { '': { headerRow: 3, members: 13 } },
  'sample/tan-dinh-2026-11.csv': { '': { headerRow: 1, members: 7 } },
  // A title line, the header, six members (STT 1–6).
  'sample/q3-phuong-13-10-2024-11.csv': { '': { headerRow: 2, members: 6 } },
  'rosters/title-block-merged-two-row-header.xlsx': { 'Danh sách': { headerRow: 8, members: 10 } },
  'rosters/libreoffice-resaved.xlsx': { 'Danh sách': { headerRow: 8, members: 10 } },
  'rosters/ids-phones-as-numbers-dates-mixed.xlsx': { DS: { headerRow: 1, members: 8 } },
  'rosters/two-sheets-and-hidden-sheet.xlsx': { 'DS thành viên': { headerRow: 1, members: 6 } },
  'rosters/period-in-title-not-date-line.xlsx': { 'Danh sách': { headerRow: 5, members: 5 } },
  'rosters/windows-1258.csv': { '': { headerRow: 1, members: 10 } },
  'rosters/nfd-macos.csv': { '': { headerRow: 1, members: 10 } },
  'rosters/tcvn3-abc.csv': { '': { headerRow: 3, members: 10 } },
  'rosters/vni-windows.csv': { '': { headerRow: 3, members: 10 } },
  'rosters/utf16le-tab-unicode-text.txt': { '': { headerRow: 1, members: 10 } },
  'rosters/semicolon-utf8-bom.csv': { '': { headerRow: 1, members: 10 } },
  'rosters/embedded-newline-quoted.csv': { '': { headerRow: 1, members: 6 } },
  'rosters/pii-malformed-values.xlsx': { DS: { headerRow: 1, members: 4 } },
  // Written as text: a title line, the header, one line per member (STT 1–8 and 1–18).
  'rosters/binh-duong-vung-tau-wards-2025-05.csv': { '': { headerRow: 2, members: 8 } },
  'rosters/wards-before-2025-quan-3-4-6-8-2024-11.csv': { '': { headerRow: 2, members: 18 } },
};

/** The layouts' generator writes its expectations beside them. */
const LAYOUTS = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'rosters', 'layouts', 'expected.json'), 'utf8')) as Record<
  string,
  { sheets: Record<string, { headerRow: number; members: unknown[] }>; question?: string; questionKind?: 'sheet' | 'section' }
>;
for (const [file, e] of Object.entries(LAYOUTS)) {
  KNOWN[`rosters/layouts/${file}`] = Object.fromEntries(Object.entries(e.sheets).map(([s, v]) => [s, { headerRow: v.headerRow, members: v.members.length }]));
}

/**
 * The .xls generator (fixtures/make/make_xls.py) writes its expectations
 * beside them too, with the non-empty rows under each header as it wrote
 * them (exceljs cannot read .xls, so that count comes from the writer).
 */
const XLS = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'rosters', 'xls', 'expected.json'), 'utf8')).import as Record<
  string,
  Record<string, { headerRow: number; members: number; rowsUnderHeader: number }>
>;
for (const [file, sheets] of Object.entries(XLS)) {
  KNOWN[`rosters/xls/${file}`] = Object.fromEntries(Object.entries(sheets).map(([s, v]) => [s, { headerRow: v.headerRow, members: v.members }]));
}
const xlsCounts = (rel: string) => Object.fromEntries(Object.entries(known(XLS[path.basename(rel)], 'XLS[path.basename(rel)]')).map(([s, v]) => [s, v.rowsUnderHeader]));

/** The answers the layout questions of two fixtures need (what a clerk would give once and keep in MAP.json). */
const ANSWERS = {
  version: 2,
  columns: {},
  sheets: Object.fromEntries(
    Object.values(LAYOUTS)
      .filter((e) => e.questionKind === 'sheet')
      .map((e) => [e.question, 'skip']),
  ),
  sections: Object.fromEntries(
    Object.values(LAYOUTS)
      .filter((e) => e.questionKind === 'section')
      .map((e) => [e.question, 'neighbourhood']),
  ),
};

function rosterFiles(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(path.join(FIXTURES, dir), { withFileTypes: true })) {
      const rel = `${dir}/${e.name}`;
      if (e.isDirectory()) walk(rel);
      else if (/\.(csv|tsv|txt|xlsx|xls)$/i.test(e.name)) out.push(rel);
    }
  };
  walk('sample');
  walk('rosters');
  return out.sort();
}

/** Non-empty rows under the header of each sheet, read with exceljs (not the importer's reader); merged-over cells do not count. */
async function countXlsx(file: string, sheets: Record<string, Sheet>): Promise<Record<string, number>> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const out: Record<string, number> = {};
  for (const [name, s] of Object.entries(sheets)) {
    const ws = wb.getWorksheet(name);
    if (!ws) throw new Error(`${file}: no sheet ${name}`);
    let n = 0;
    ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
      if (rowNumber <= s.headerRow) return;
      let filled = false;
      row.eachCell({ includeEmpty: false }, (cell) => {
        if (cell.isMerged && cell.master !== cell) return;
        const v = cell.value;
        if (v !== null && v !== undefined && String(typeof v === 'object' && 'result' in v ? v.result : v).trim() !== '') filled = true;
      });
      if (filled) n++;
    });
    out[name] = n;
  }
  return out;
}

/** Non-empty records under the header of a text file: quotes respected, any single-byte or UTF-16 encoding. */
function countText(file: string, headerRow: number): number {
  const buf = fs.readFileSync(file);
  const utf16 = buf[0] === 0xff && buf[1] === 0xfe;
  const text = utf16 ? buf.subarray(2).toString('utf16le') : buf.toString('latin1');
  const records: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') quoted = !quoted;
    if (!quoted && (c === '\n' || c === '\r')) {
      if (c === '\r' && text[i + 1] === '\n') i++;
      records.push(cur);
      cur = '';
    } else cur += c;
  }
  if (cur !== '') records.push(cur);
  return records.slice(headerRow).filter((r) => r.replace(/[\s,;\t"\u00ef\u00bb\u00bf]/g, '') !== '').length;
}

interface Summary {
  files: { sheet?: string; rows: number; skippedRows: { row: number; reason: string }[] }[];
}

describe('every roster fixture imports every row it holds', () => {
  const files = rosterFiles();

  it('every roster fixture has its expected member rows here (a new fixture needs an entry)', () => {
    expect(files.filter((f) => !(f in KNOWN))).toEqual([]);
    expect(Object.keys(KNOWN).filter((f) => !files.includes(f))).toEqual([]);
  });

  it.each(files.filter((f) => f in KNOWN))('%s: members = expected, members + skipped = rows counted independently', async (rel) => {
    const file = path.join(FIXTURES, rel);
    const sheets = known(KNOWN[rel], 'KNOWN[rel]');
    const map = path.join(tempDir(), 'answers.json');
    fs.writeFileSync(map, JSON.stringify(ANSWERS));
    const db = await initDb();
    const r = await roster(['import', '--db', db, '--period', '2026-11', '--json', '--map', map, file]);
    expect(r.code, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout) as Summary;
    const counted = /\.xlsx$/i.test(rel)
      ? await countXlsx(file, sheets)
      : /\.xls$/i.test(rel)
        ? xlsCounts(rel)
        : { '': countText(file, known(sheets[''], "sheets['']").headerRow) };
    expect(s.files.map((f) => f.sheet ?? '').sort()).toEqual(Object.keys(sheets).sort());
    for (const f of s.files) {
      const want = known(sheets[f.sheet ?? ''], "sheets[f.sheet ?? '']");
      expect(f.rows, `${rel} ${f.sheet ?? ''}: member rows`).toBe(want.members);
      const skippedNonBlank = f.skippedRows.filter((x) => x.reason !== 'blank').length;
      expect(f.rows + skippedNonBlank, `${rel} ${f.sheet ?? ''}: rows under the header`).toBe(counted[f.sheet ?? '']);
    }
    // What the summary says is what the database holds: one stored row per member row reported.
    const store = new Database(db, { readonly: true });
    try {
      const stored = (store.prepare('SELECT count(*) AS n FROM source_rows WHERE period = ?').get('2026-11') as { n: number }).n;
      expect(stored, `${rel}: rows stored`).toBe(s.files.reduce((n, f) => n + f.rows, 0));
    } finally {
      store.close();
    }
  });
});
