/**
 * Importing names that a spreadsheet would run as formulas stores the text
 * exactly as written: never evaluated, never guarded, never trimmed of its
 * sign. (Guarding happens on output: see the export and report tests.)
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../src/store/db.js';
import { FIXTURES, tempDir } from './helpers/cli.js';
import { importFiles, initDb, writeCsv } from './helpers/seed.js';

const NAMES = ['=HYPERLINK("http://evil","x")', '+84 912 345 678', '@SUM(A1)', '-1+1', '=1+1', "'=quoted"];

describe('formula-like names are stored as text, exactly', () => {
  it('CSV import, read back from the database', async () => {
    const dir = tempDir();
    const db = await initDb({ dir });
    const file = writeCsv(
      path.join(dir, 'formula-names.csv'),
      NAMES.map((n, i) => [
        n,
        '01/01/1990',
        'Nam',
        `0790900000${String(i).padStart(2, '0')}`,
        '0908123123',
        i === 0 ? 'Tổ trưởng' : 'Thành viên',
        'Khu phố 1',
        'Phường Tân Định',
        '',
        'x',
      ]),
    );
    await importFiles(db, '2026-11', [file]);
    const { db: h } = openStore(db, { readonly: true });
    try {
      const rows = h.prepare('SELECT full_name FROM source_rows ORDER BY row_number').all() as { full_name: string }[];
      expect(rows.map((r) => r.full_name)).toEqual(NAMES);
      const members = h.prepare('SELECT full_name FROM members ORDER BY person_id').all() as { full_name: string }[];
      expect(members.map((r) => r.full_name)).toEqual(NAMES);
    } finally {
      h.close();
    }
  });

  it('XLSX import: text cells kept exactly; a live formula contributes its cached value, never evaluated', async () => {
    const db = await initDb();
    await importFiles(db, '2026-11', [path.join(FIXTURES, 'hostile', 'formula-like-names-as-text.xlsx')]);
    const { db: h } = openStore(db, { readonly: true });
    try {
      const rows = h.prepare('SELECT full_name, notes FROM source_rows ORDER BY row_number').all() as { full_name: string; notes: string | null }[];
      expect(rows.map((r) => r.full_name)).toEqual(NAMES.slice(0, 4));
      expect(rows.map((r) => r.notes)).toEqual([null, null, null, 'x']);
    } finally {
      h.close();
    }
  });
});
