/**
 * `roster import` of legacy .xls rosters end to end: the database read back
 * and compared with the values the fixture script wrote
 * (fixtures/rosters/xls/expected.json); damaged files exit 2 with nothing
 * written.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../src/store/db.js';
import { FIXTURES, roster } from './helpers/cli.js';
import { initDb } from './helpers/seed.js';
import { at } from './helpers/defined.js';

const XLS = path.join(FIXTURES, 'rosters', 'xls');
const EXPECTED = JSON.parse(fs.readFileSync(path.join(XLS, 'expected.json'), 'utf8'));
const NOW = { now: new Date('2026-11-28T09:00:00Z') };

function q<T>(dbFile: string, sql: string, ...args: unknown[]): T[] {
  const { db } = openStore(dbFile, { readonly: true });
  try {
    return db.prepare(sql).all(...args) as T[];
  } finally {
    db.close();
  }
}

const ROLE: Record<string, string> = { 'Tổ trưởng': 'leader', 'Tổ phó': 'deputy', 'Thành viên': 'member' };
const GENDER: Record<string, string> = { Nam: 'male', Nữ: 'female' };

interface Stored {
  row_number: number;
  full_name: string;
  dob: string;
  gender: string;
  person_id: string;
  phone: string;
  role: string;
  neighbourhood: string;
  ward: string;
  joined_on: string | null;
  onetouch: number | null;
  notes: string | null;
}
const COLUMNS = 'row_number, full_name, dob, gender, person_id, phone, role, neighbourhood, ward, joined_on, onetouch, notes';

describe('roster import of .xls files', () => {
  it('a LibreOffice .xls roster: every member stored with exact names, IDs and phones restored, dates, the cached formula text', async () => {
    const db = await initDb();
    const file = path.join(XLS, 'roster-diacritics-numbers-dates-formula.xls');
    const r = await roster(['import', '--db', db, '--period', '2026-11', '--json', file], NOW);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ rows: 12, added: 12 });
    const [header, ...written] = EXPECTED['roster-diacritics-numbers-dates-formula.xls'] as (string | number | boolean | null)[][];
    expect(header?.[1]).toBe('Họ và tên');
    const stored = q<Stored>(db, `SELECT ${COLUMNS} FROM source_rows ORDER BY row_number`);
    expect(stored).toEqual(
      written.map((w, i) => ({
        row_number: i + 2,
        full_name: String(w[1]).normalize('NFC'),
        dob: w[2],
        gender: GENDER[w[3] as string],
        // Excel stored the ID and phone as numbers: the leading zero is restored.
        person_id: String(w[4]).padStart(12, '0'),
        phone: String(w[5]).padStart(10, '0'),
        role: ROLE[w[6] as string],
        neighbourhood: w[7],
        ward: w[8],
        joined_on: w[9],
        onetouch: w[10] ? 1 : 0,
        notes: w[11],
      })),
    );
    expect(q(db, 'SELECT file_name, sheet, header_row FROM imports')).toEqual([{ file_name: path.basename(file), sheet: 'DS', header_row: 1 }]);
  });

  it('an Excel 95 file in code page 1258 and one khu phố sheet of a workbook (--sheet KP2)', async () => {
    const db = await initDb();
    const biff5 = path.join(XLS, 'excel95-biff5-codepage-1258.xls');
    const kp = path.join(XLS, 'khu-pho-sheets-merged-ward-cells.xls');
    for (const args of [[biff5], ['--sheet', 'KP2', kp]]) {
      const r = await roster(['import', '--db', db, '--period', '2026-11', ...args], NOW);
      expect(r.code, r.stderr).toBe(0);
    }
    const names = (sheet: string) =>
      q<{ full_name: string; person_id: string; dob: string }>(
        db,
        'SELECT s.full_name, s.person_id, s.dob FROM source_rows s JOIN imports i ON i.id = s.import_id WHERE i.sheet = ? ORDER BY s.row_number',
        sheet,
      );
    const b5 = EXPECTED['excel95-biff5-codepage-1258.xls'] as { sheet: string; rows: string[][] };
    expect(names(b5.sheet)).toEqual(b5.rows.slice(1).map((w) => ({ full_name: w[0], person_id: w[3], dob: w[1] })));
    const kp2 = EXPECTED['khu-pho-sheets-merged-ward-cells.xls'].rows.KP2 as { cells: string[] }[];
    expect(names('KP2')).toEqual(kp2.map((w) => ({ full_name: w.cells[1], person_id: w.cells[4], dob: w.cells[2] })));
  });

  it("every .xls roster fixture: the member rows the fixture script wrote, all stored (first sheet by the reader's choice)", async () => {
    const counts = EXPECTED.import as Record<string, Record<string, { headerRow: number; members: number }>>;
    expect(Object.keys(counts).sort()).toEqual(
      fs
        .readdirSync(XLS)
        .filter((f) => f.endsWith('.xls'))
        .sort(),
    );
    for (const [name, sheets] of Object.entries(counts)) {
      const db = await initDb();
      const [sheet, want] = at(Object.entries(sheets), 0);
      const r = await roster(['import', '--db', db, '--period', '2026-11', '--json', '--sheet', sheet, path.join(XLS, name)], NOW);
      expect(r.code, `${name}: ${r.stderr}`).toBe(0);
      expect(q(db, 'SELECT i.sheet, i.header_row AS headerRow, count(*) AS members FROM source_rows s JOIN imports i ON i.id = s.import_id GROUP BY i.id'), name).toEqual([
        { sheet, headerRow: want.headerRow, members: want.members },
      ]);
    }
  });

  it('one sheet per khu phố with the ward and khu phố merged down: every sheet imported, every member gets the merged values', async () => {
    const db = await initDb();
    const file = path.join(XLS, 'khu-pho-sheets-merged-ward-cells.xls');
    const r = await roster(['import', '--db', db, '--period', '2026-11', file], NOW);
    expect(r.code, r.stderr).toBe(0);
    const exp = EXPECTED['khu-pho-sheets-merged-ward-cells.xls'].rows as Record<string, { row: number; cells: (string | number)[] }[]>;
    const stored = q<{ sheet: string; row_number: number; full_name: string; neighbourhood: string; ward: string }>(
      db,
      'SELECT i.sheet, s.row_number, s.full_name, s.neighbourhood, s.ward FROM source_rows s JOIN imports i ON i.id = s.import_id ORDER BY i.sheet, s.row_number',
    );
    expect(stored).toEqual(
      Object.entries(exp)
        .sort(([a], [b]) => a.localeCompare(b))
        .flatMap(([sheet, rows]) => rows.map((w) => ({ sheet, row_number: w.row, full_name: w.cells[1], neighbourhood: w.cells[7], ward: w.cells[8] }))),
    );
  });

  it('damaged, hostile and encrypted .xls: exit 2 with a Vietnamese message naming the file, nothing written', async () => {
    const db = await initDb();
    const before = fs.readFileSync(db);
    for (const [name, vi] of [
      ['xls-encrypted-filepass.xls', /tệp được đặt mật khẩu/],
      ['xls-truncated.xls', /tệp \.xls bị hỏng hoặc không đầy đủ/],
      ['xls-record-length-past-end.xls', /tệp \.xls bị hỏng hoặc không đầy đủ/],
      ['xls-sst-count-absurd.xls', /tệp \.xls bị hỏng hoặc không đầy đủ/],
    ] as const) {
      const file = path.join(FIXTURES, 'hostile', name);
      const ok = path.join(XLS, 'roster-diacritics-numbers-dates-formula.xls');
      // The good file first: its rows must not be written either (one transaction per invocation).
      const r = await roster(['import', '--db', db, '--period', '2026-11', ok, file], NOW);
      expect(r.code, name).toBe(2);
      expect(r.stderr).toMatch(vi);
      expect(r.stderr).toContain(name);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
    expect(q(db, 'SELECT count(*) AS n FROM imports')).toEqual([{ n: 0 }]);
    expect(q(db, 'SELECT count(*) AS n FROM source_rows')).toEqual([{ n: 0 }]);
    expect(fs.readFileSync(db).equals(before)).toBe(true);
  });
});
