/**
 * The XLSX reader's fast paths against its plain ones, on every workbook in
 * fixtures/ (written by openpyxl, LibreOffice and by hand): parts inflated
 * whole from memory (and kept for the next opening) and scanned by
 * XmlScanner, against the zip streams and saxes. Every sheet, hidden ones too: the same rows, the same merged
 * ranges, the same refusal.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { INFLATE_WHOLE } from '../src/readers/xlsx/container.js';
import { SCAN } from '../src/readers/xlsx/scan.js';
import { openFile } from '../src/readers/index.js';
import type { SourceRow } from '../src/readers/types.js';
import type { MergeRange } from '../src/readers/xlsx/index.js';

const FIXTURES = path.resolve(__dirname, '../fixtures');

function workbooks(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    if (d.isDirectory()) return workbooks(p);
    return /\.xlsx$/i.test(d.name) ? [p] : [];
  });
}

/** What a reader makes of a workbook: per sheet its rows and merged ranges, or the message it was refused with. */
type Reading = { sheet?: string; rows: SourceRow[]; merges: MergeRange[] | null }[] | { refused: string };

async function reading(file: string): Promise<Reading> {
  try {
    const opened = await openFile(file);
    const hidden = opened.hidden.length ? (await openFile(file, { sheets: opened.hidden })).tables : [];
    const out: { sheet?: string; rows: SourceRow[]; merges: MergeRange[] | null }[] = [];
    for (const t of [...opened.tables, ...hidden]) {
      const rows: SourceRow[] = [];
      for await (const r of t.rows) rows.push(r);
      out.push({ sheet: t.sheet, rows, merges: await t.merges() });
    }
    return out;
  } catch (err) {
    return { refused: (err as Error).message };
  }
}

describe('parts inflated whole from memory and scanned', () => {
  const saved = INFLATE_WHOLE.entryBytes;
  afterEach(() => {
    INFLATE_WHOLE.entryBytes = saved;
    SCAN.on = true;
  });

  it('read every fixture workbook exactly as the zip streams and saxes do', async () => {
    const files = workbooks(FIXTURES);
    expect(files.length).toBeGreaterThan(20);
    for (const file of files) {
      INFLATE_WHOLE.entryBytes = -1;
      SCAN.on = false;
      const streamed = await reading(file);
      INFLATE_WHOLE.entryBytes = saved;
      SCAN.on = true;
      // Twice: the second reading takes the parts kept from the first.
      const whole = await reading(file);
      const again = await reading(file);
      expect(whole, path.relative(FIXTURES, file)).toEqual(streamed);
      expect(again, path.relative(FIXTURES, file)).toEqual(streamed);
    }
  });
});
