/**
 * Hostile workbook parts at the reader level: cell references past the last
 * column, nonsense row numbers, shared-string indexes past the table, and the
 * zip-bomb ratio check. Workbooks are assembled with Python's zipfile, never
 * by the reader under test.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../src/errors.js';
import { openTable } from '../src/readers/index.js';
import { LIMITS } from '../src/readers/xlsx/index.js';
import type { SourceRow } from '../src/readers/types.js';
import { tempDir } from './helpers/cli.js';
import { INSTALL, skipUnless } from './helpers/skips.js';
import { at } from './helpers/defined.js';

const PY = ['/usr/bin/python3', 'python3'].find((p) => spawnSync(p, ['-c', 'import zipfile'], { stdio: 'ignore' }).status === 0);
const dir = tempDir('roster-hostile-xlsx-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';

/** A one-sheet workbook; `repeat` appends the sheet-row text that many times (compressible parts). */
function workbook(name: string, rows: string, o: { sharedStrings?: string; repeat?: [string, number] } = {}): string {
  const file = path.join(dir, name);
  const parts: Record<string, string> = {
    '[Content_Types].xml':
      '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>',
    'xl/workbook.xml': `<?xml version="1.0"?><workbook ${NS}><sheets><sheet name="DS" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    'xl/_rels/workbook.xml.rels':
      '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
  };
  if (o.sharedStrings !== undefined)
    parts['xl/sharedStrings.xml'] = `<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">${o.sharedStrings}</sst>`;
  const [rep, times] = o.repeat ?? ['', 0];
  const code = `import json, sys, zipfile
spec = json.load(sys.stdin)
with zipfile.ZipFile(spec['file'], 'w', zipfile.ZIP_DEFLATED) as z:
    for k, v in spec['parts'].items(): z.writestr(k, v.encode('utf-8'))
    with z.open('xl/worksheets/sheet1.xml', 'w', force_zip64=True) as w:
        w.write(('<?xml version="1.0"?><worksheet ${NS}><sheetData>' + spec['rows']).encode('utf-8'))
        chunk = spec['rep'].encode('utf-8') * 1000
        for _ in range(spec['times'] // 1000): w.write(chunk)
        w.write(b'</sheetData></worksheet>')`;
  const r = spawnSync(PY as string, ['-c', code], { input: JSON.stringify({ file, parts, rows, rep, times }), encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return file;
}

async function readAll(file: string): Promise<SourceRow[]> {
  const t = await openTable(file);
  const rows: SourceRow[] = [];
  for await (const r of t.rows) rows.push(r);
  return rows;
}

async function refusal(file: string): Promise<InputError> {
  const err = await readAll(file).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(InputError);
  expect((err as InputError).msg.en).toContain(path.basename(file));
  expect((err as InputError).hint).toBeDefined();
  return err as InputError;
}

describe.skipIf(skipUnless(PY, 'hostile workbook parts written by python3', INSTALL.python3))('hostile workbook parts', () => {
  it('a cell reference far past column XFD is damage, refused at once (not billions of empty cells)', async () => {
    const f = workbook('far-column.xlsx', '<row r="1"><c r="A1" t="inlineStr"><is><t>Họ và tên</t></is></c><c r="ZZZZZZZZZZ1" t="inlineStr"><is><t>x</t></is></c></row>');
    const started = Date.now();
    const err = await refusal(f);
    expect(err.msg.en).toMatch(/damaged or incomplete \(DS: cell ZZZZZZZZZZ1 lies beyond the last column XFD\)/);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('column XFD itself is still read', async () => {
    const rows = await readAll(workbook('xfd.xlsx', '<row r="1"><c r="XFD1" t="inlineStr"><is><t>cuối</t></is></c></row>'));
    expect(rows).toHaveLength(1);
    expect(at(rows, 0).cells).toHaveLength(16384);
    expect(at(rows, 0).cells[16383]).toBe('cuối');
  });

  it('nonsense row numbers fall back to counting rows', async () => {
    const rows = await readAll(
      workbook(
        'bad-row-numbers.xlsx',
        '<row r="abc"><c t="inlineStr"><is><t>a</t></is></c></row><row r="-4"><c t="inlineStr"><is><t>b</t></is></c></row><row r="1e400"><c t="inlineStr"><is><t>c</t></is></c></row>',
      ),
    );
    expect(rows.map((r) => [r.row, r.cells[0]])).toEqual([
      [1, 'a'],
      [2, 'b'],
      [3, 'c'],
    ]);
  });

  it('a shared-string index past the table is damage, never a silently blank cell', async () => {
    const err = await refusal(
      workbook('sst-index.xlsx', '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>7</v></c></row>', { sharedStrings: '<si><t>Họ và tên</t></si>' }),
    );
    expect(err.msg.en).toMatch(/a cell refers to shared string 7, the table has 1/);
  });

  it('a highly compressible part above the size threshold is a zip bomb, refused before inflating', async () => {
    const saved = LIMITS.bombBytes;
    LIMITS.bombBytes = 4 * 1024 * 1024;
    try {
      // 8 MB of identical empty rows deflates about 500 times.
      const f = workbook('bomb-ratio.xlsx', '', { repeat: ['<row><c/></row>', 600_000] });
      const err = await refusal(f);
      expect(err.msg.en).toMatch(/DS is too large; the file may be hostile \(a zip bomb\)/);
      // Below the threshold the same kind of sheet is simply read.
      LIMITS.bombBytes = 64 * 1024 * 1024;
      expect(await readAll(f)).toEqual([]);
    } finally {
      LIMITS.bombBytes = saved;
    }
  });
});
