/**
 * The roster layouts clerks really send (DOMAIN.md § Roster layouts), each
 * from a file written by openpyxl or LibreOffice (fixtures/make/make_layouts.py),
 * imported through the CLI and read back from the database. The expected
 * members come from the generator's own data (fixtures/rosters/layouts/expected.json).
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { scriptedPrompter } from '../src/cli/prompter.js';
import { openStore } from '../src/store/db.js';
import { FIXTURES, roster, tempDir } from './helpers/cli.js';
import { initDb } from './helpers/seed.js';
import { defined, known, at } from './helpers/defined.js';

const LAYOUTS = path.join(FIXTURES, 'rosters', 'layouts');
const fixture = (f: string) => path.join(LAYOUTS, f);

interface ExpectedMember {
  name: string;
  gender: string | null;
  dob: string;
  neighbourhood: string | null;
  ward: string;
  phone: string | null;
  notes?: string;
}
interface ExpectedSheet {
  headerRow: number;
  members: ExpectedMember[];
  otherRows: number;
  notesNotFilled?: { row: number; name: string };
  duplicate?: { column: string; header: string };
}
const EXPECTED = JSON.parse(fs.readFileSync(path.join(LAYOUTS, 'expected.json'), 'utf8')) as Record<
  string,
  { sheets: Record<string, ExpectedSheet>; skippedSheets?: string[]; question?: string }
>;

function q<T>(db: string, sql: string, ...args: unknown[]): T[] {
  const { db: h } = openStore(db, { readonly: true });
  try {
    return h.prepare(sql).all(...args) as T[];
  } finally {
    h.close();
  }
}

interface StoredRow {
  sheet: string;
  row_number: number;
  full_name: string;
  gender: string | null;
  dob: string | null;
  phone: string | null;
  neighbourhood: string | null;
  ward: string | null;
  notes: string | null;
  unit_status: string;
  team_neighbourhood: string;
  unit_name: string | null;
}

/** Every stored row of a file, in sheet and row order, with its team's khu phố and its ward as filed. */
function stored(db: string, file: string): StoredRow[] {
  return q<StoredRow>(
    db,
    `SELECT coalesce(i.sheet, '') AS sheet, s.row_number, s.full_name, s.gender, s.dob, s.phone, s.neighbourhood, s.ward, s.notes,
            s.unit_status, t.neighbourhood AS team_neighbourhood, u.name AS unit_name
     FROM source_rows s JOIN imports i ON i.id = s.import_id JOIN teams t ON t.id = s.team_id LEFT JOIN units u ON u.id = s.unit_id
     WHERE i.file_name = ? ORDER BY s.id`,
    file,
  );
}

interface Summary {
  files: { file: string; sheet?: string; rows: number; skippedRows: { row: number; reason: string }[]; status: string }[];
  sheetsSkipped: { sheet: string; reason: string }[];
  rows: number;
}

async function importJson(db: string, files: string[], extra: string[] = []): Promise<Summary> {
  const r = await roster(['import', '--db', db, '--period', '2026-11', '--json', ...extra, ...files]);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Summary;
}

/**
 * Imports one fixture and checks every sheet against the generator's data:
 * the members (name, gender, birth date, khu phố as row and as team, ward
 * resolved to a unit in force, phone, notes) and the rows that are not members.
 */
async function checkFixture(name: string): Promise<{ db: string; summary: Summary; rows: StoredRow[] }> {
  const exp = known(EXPECTED[name], 'EXPECTED[name]');
  const db = await initDb();
  const summary = await importJson(db, [fixture(name)]);
  const rows = stored(db, name);
  const want = Object.entries(exp.sheets).flatMap(([sheet, s]) => s.members.map((m) => ({ sheet, ...m })));
  expect(
    rows.map((r) => ({
      sheet: r.sheet,
      name: r.full_name,
      gender: r.gender,
      dob: r.dob,
      neighbourhood: r.neighbourhood,
      ward: r.ward,
      phone: r.phone,
      ...(r.notes !== null ? { notes: r.notes } : {}),
    })),
  ).toEqual(want);
  // The team is the khu phố; the ward resolves to a unit in force.
  for (const r of rows) {
    expect(r.team_neighbourhood).toBe(r.neighbourhood ?? '');
    expect(r.unit_status).toBe('current');
  }
  for (const [sheet, s] of Object.entries(exp.sheets)) {
    const f = summary.files.find((x) => (x.sheet ?? '') === sheet);
    expect(f, `sheet ${sheet}`).toBeDefined();
    expect(defined(f).rows).toBe(s.members.length);
    expect(defined(f).skippedRows.filter((x) => x.reason !== 'blank').length).toBe(s.otherRows);
    for (const x of defined(f).skippedRows) expect(rows.some((r) => r.sheet === sheet && r.row_number === x.row)).toBe(false);
  }
  return { db, summary, rows };
}

describe('layouts read exactly (files written by openpyxl and LibreOffice)', () => {
  it('a column-number row under the header and the header repeated on the next page are not members', async () => {
    const { summary } = await checkFixture('column-number-row.xlsx');
    const reasons = at(summary.files, 0).skippedRows.map((x) => `${x.row}:${x.reason}`);
    expect(reasons).toEqual(['5:column-numbers', '10:header-repeat', '11:column-numbers']);
  });

  it('ward and khu phố cells merged down apply to every row of the merge; a merged notes cell is not filled down', async () => {
    for (const name of ['ward-merged-down-over-team.xlsx', 'ward-merged-down-libreoffice.xlsx']) {
      const { db, rows } = await checkFixture(name);
      const nf = defined(known(known(EXPECTED[name], 'EXPECTED[name]').sheets['Danh sách'], "EXPECTED[name].sheets['Danh sách']").notesNotFilled);
      const r = defined(rows.find((x) => x.row_number === nf.row));
      expect(r.full_name).toBe(nf.name);
      expect(r.notes).toBeNull();
      // Three teams: KP1 and KP2 of Tân Định, KP1 of Bến Thành; nobody in a ward-level team.
      const teams = q<{ unit: string; neighbourhood: string; n: number }>(
        db,
        'SELECT u.name AS unit, t.neighbourhood, count(*) AS n FROM source_rows s JOIN teams t ON t.id = s.team_id JOIN units u ON u.id = t.unit_id GROUP BY t.id ORDER BY t.id',
      );
      expect(teams).toEqual([
        { unit: 'Phường Tân Định', neighbourhood: 'Khu phố 1', n: 4 },
        { unit: 'Phường Tân Định', neighbourhood: 'Khu phố 2', n: 3 },
        { unit: 'Phường Bến Thành', neighbourhood: 'Khu phố 1', n: 3 },
      ]);
    }
  });

  it('section rows ("I. KHU PHỐ 1", "II. KP 2:", "Ấp Tân Hòa") set the khu phố of the rows below them, in XLSX and CSV', async () => {
    for (const name of ['section-rows-khu-pho.xlsx', 'section-rows-khu-pho.csv']) {
      const { db, summary } = await checkFixture(name);
      expect(at(summary.files, 0).skippedRows.filter((x) => x.reason === 'section')).toHaveLength(3);
      // One leader per team: no team with three leaders.
      const leaders = q<{ n: number }>(db, "SELECT count(*) AS n FROM source_rows WHERE role = 'leader' GROUP BY team_id");
      expect(leaders.map((x) => x.n)).toEqual([1, 1, 1]);
      const v = await roster(['validate', '--db', db, '--period', '2026-11', '--json']);
      const rules = (JSON.parse(v.stdout) as { findings: { rule: string }[] }).findings.map((f) => f.rule);
      expect(rules).not.toContain('team.leader.multiple');
    }
  });

  it('with a khu phố column, a section row is only a heading', async () => {
    const dir = tempDir();
    const f = path.join(dir, 'kp-column-and-sections.csv');
    fs.writeFileSync(
      f,
      `${['Họ và tên,Ngày sinh,Chức danh,Khu phố,Phường/Xã', 'I. KHU PHỐ 9,,,,', 'Nguyễn Văn An,01/02/1980,Tổ trưởng,Khu phố 1,Phường Tân Định'].join('\r\n')}\r\n`,
    );
    const db = await initDb();
    const s = await importJson(db, [f]);
    expect(at(s.files, 0).skippedRows).toEqual([{ row: 2, reason: 'section' }]);
    expect(q(db, 'SELECT full_name, neighbourhood FROM source_rows')).toEqual([{ full_name: 'Nguyễn Văn An', neighbourhood: 'Khu phố 1' }]);
  });

  it('every roster sheet is imported with its sheet and the sheet name as khu phố; guide, summary and lookup sheets are skipped and named', async () => {
    const name = 'one-sheet-per-kp-with-guide-sheet.xlsx';
    const { summary } = await checkFixture(name);
    expect(summary.sheetsSkipped.map((s) => `${s.sheet}:${s.reason}`).sort()).toEqual(
      defined(known(EXPECTED[name], 'EXPECTED[name]').skippedSheets)
        .map((s) => `${s}:not-a-roster`)
        .sort(),
    );
    const db = await initDb();
    const r = await roster(['import', '--db', db, '--period', '2026-11', '--lang', 'en', fixture(name)]);
    expect(r.code).toBe(0);
    for (const s of defined(known(EXPECTED[name], 'EXPECTED[name]').skippedSheets)) expect(r.stderr).toContain(`sheet "${s}" skipped: not a roster`);
  });

  it('--sheet is repeatable and restricts; idempotency is per file bytes, sheet and period (--sheet KP2 after KP1 imports KP2)', async () => {
    const name = fixture('one-sheet-per-kp-with-guide-sheet.xlsx');
    const db = await initDb();
    const first = await importJson(db, [name], ['--sheet', 'KP1', '--mode', 'append']);
    expect(first.files.map((f) => [f.sheet, f.status, f.rows])).toEqual([['KP1', 'imported', 4]]);
    const second = await importJson(db, [name], ['--sheet', 'KP2', '--sheet', 'Khu phố 3', '--mode', 'append']);
    expect(second.files.map((f) => [f.sheet, f.status, f.rows])).toEqual([
      ['KP2', 'imported', 3],
      ['Khu phố 3', 'imported', 3],
    ]);
    const again = await importJson(db, [name], ['--sheet', 'KP2']);
    expect(again.files.map((f) => [f.sheet, f.status])).toEqual([['KP2', 'unchanged']]);
    expect(again.rows).toBe(0);
    const perSheet = q<{ sheet: string; n: number }>(db, 'SELECT i.sheet, count(*) AS n FROM source_rows s JOIN imports i ON i.id = s.import_id GROUP BY i.sheet ORDER BY i.sheet');
    expect(perSheet).toEqual([
      { sheet: 'KP1', n: 4 },
      { sheet: 'KP2', n: 3 },
      { sheet: 'Khu phố 3', n: 3 },
    ]);
    const bad = await roster(['import', '--db', db, '--period', '2026-11', '--sheet', 'KP9', name]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/KP9/);
  });

  it.each(['old-form-dob-under-nam-nu.xlsx', 'old-form-dob-under-nam-nu-libreoffice.xlsx'])(
    '%s: split name columns are joined with one space; the birth date under "Nam" / "Nữ" gives the gender; the sub-header row is not a member',
    async (name) => {
      const { db, summary } = await checkFixture(name);
      // The column numbers under the header, then the two header rows and the numbers repeated on page 2.
      expect(
        at(summary.files, 0)
          .skippedRows.filter((x) => x.reason !== 'footer')
          .map((x) => `${x.row}:${x.reason}`),
      ).toEqual(['6:column-numbers', '11:header-repeat', '12:header-repeat', '13:column-numbers']);
      const genders = q<{ gender: string; n: number }>(db, 'SELECT gender, count(*) AS n FROM source_rows GROUP BY gender ORDER BY gender');
      const want = known(known(EXPECTED[name], 'EXPECTED[name]').sheets['Mẫu 01'], "EXPECTED[name].sheets['Mẫu 01']").members;
      expect(genders).toEqual([
        { gender: 'female', n: want.filter((m) => m.gender === 'female').length },
        { gender: 'male', n: want.filter((m) => m.gender === 'male').length },
      ]);
      // The Nam/Nữ pair is a layout, not a duplicate column.
      const v = await roster(['validate', '--db', db, '--period', '2026-11', '--json']);
      expect(v.stdout).not.toContain('column.duplicate');
    },
  );

  it('"Nam" / "Nữ" columns marked with "x" give the gender; "Họ", "Tên đệm", "Tên" are joined', async () => {
    await checkFixture('gender-marked-x-under-nam-nu.xlsx');
  });

  it('several phones in one cell: the first mobile is the phone, the others go to the notes, never a 20-digit number', async () => {
    const { rows } = await checkFixture('several-phones-in-one-cell.xlsx');
    for (const r of rows) expect(r.phone).toMatch(/^0\d{9}$/);
  });

  it('a member row with an empty role and "Người lập danh sách" in Ghi chú is imported; the footer below is listed with row numbers', async () => {
    const { summary } = await checkFixture('member-row-with-footer-words-in-notes.xlsx');
    const db = await initDb();
    const r = await roster(['import', '--db', db, '--period', '2026-11', '--lang', 'en', fixture('member-row-with-footer-words-in-notes.xlsx')]);
    const footerRows = at(summary.files, 0)
      .skippedRows.filter((x) => x.reason === 'footer')
      .map((x) => x.row);
    expect(footerRows.length).toBe(4);
    expect(r.stderr).toContain(`skipped 4 rows (footer (totals, signatures)): rows ${footerRows[0]}, `);
  });

  it('two "Số CCCD" columns: the first is read and validate reports column.duplicate with file, sheet and column', async () => {
    const name = 'two-cccd-columns.xlsx';
    const { db } = await checkFixture(name);
    const dup = defined(known(known(EXPECTED[name], 'EXPECTED[name]').sheets.DS, 'sheet DS').duplicate);
    const v = await roster(['validate', '--db', db, '--period', '2026-11', '--json']);
    const findings = (JSON.parse(v.stdout) as { findings: { rule: string; source?: Record<string, unknown> }[] }).findings.filter((f) => f.rule === 'column.duplicate');
    expect(findings).toHaveLength(1);
    expect(at(findings, 0).source).toEqual({ file: name, sheet: 'DS', row: 1, column: dup.header, cell: `${dup.column}1` });
    expect(q(db, 'SELECT person_id FROM source_rows ORDER BY id').map((r) => (r as { person_id: string }).person_id)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^079\d{9}$/)]),
    );
  });
});

describe('ambiguous layouts: asked once on a terminal, remembered in MAP.json, exit 2 without one', () => {
  it('a single row that may head a khu phố: exit 2 naming --map without a terminal; on a terminal the answer is used and saved', async () => {
    const name = 'unclear-heading-row.xlsx';
    const text = defined(known(EXPECTED[name], 'EXPECTED[name]').question);
    const db = await initDb();
    const no = await roster(['import', '--db', db, '--period', '2026-11', '--lang', 'en', fixture(name)]);
    expect(no.code).toBe(2);
    expect(no.stderr).toContain('row 2');
    expect(no.stderr).toContain('--map');
    expect(q(db, 'SELECT count(*) AS n FROM imports')).toEqual([{ n: 0 }]);

    const mapFile = path.join(tempDir(), 'map.json');
    const p = scriptedPrompter([true]);
    const r = await roster(['import', '--db', db, '--period', '2026-11', '--save-map', mapFile, fixture(name)], { tty: true, prompter: p });
    expect(r.code, r.stderr).toBe(0);
    expect(p.asked).toHaveLength(1);
    expect(p.asked[0]).toContain(text);
    const want = known(known(EXPECTED[name], 'EXPECTED[name]').sheets.DS, 'sheet DS').members;
    expect(q(db, 'SELECT full_name, neighbourhood FROM source_rows ORDER BY id')).toEqual(want.map((m) => ({ full_name: m.name, neighbourhood: m.neighbourhood })));
    const saved = JSON.parse(fs.readFileSync(mapFile, 'utf8'));
    expect(saved).toMatchObject({ version: 2, sections: { [text]: 'neighbourhood' } });

    // Next month, with the map and no terminal: no question, the same khu phố.
    const db2 = await initDb();
    const r2 = await roster(['import', '--db', db2, '--period', '2026-11', '--map', mapFile, fixture(name)]);
    expect(r2.code, r2.stderr).toBe(0);
    expect(q(db2, 'SELECT DISTINCT neighbourhood FROM source_rows')).toEqual([{ neighbourhood: text }]);
  });

  it('a lone capitalised text that no member follows (a title among the signatures), or with a khu phố column, is not asked about', async () => {
    const dir = tempDir();
    const trailing = path.join(dir, 'title-after-members.csv');
    fs.writeFileSync(
      trailing,
      `${[
        'STT,Họ và tên,Ngày sinh,Chức danh,Phường/Xã',
        '1,Nguyễn Văn An,01/02/1980,Tổ trưởng,Phường Tân Định',
        ',,,,',
        'TRƯỞNG BAN ĐIỀU HÀNH,,,,',
        ',TỔ TRƯỞNG,,,',
        ',Lê Thị Mai,,,',
      ].join('\r\n')}\r\n`,
    );
    const withColumn = path.join(dir, 'heading-with-kp-column.csv');
    fs.writeFileSync(
      withColumn,
      `${['STT,Họ và tên,Ngày sinh,Chức danh,Khu phố,Phường/Xã', 'TỔ 5 - BÀU SEN,,,,,', '1,Nguyễn Văn Bình,01/02/1981,Tổ trưởng,Khu phố 5,Phường Tân Định'].join('\r\n')}\r\n`,
    );
    const db = await initDb();
    const s = await importJson(db, [trailing, withColumn]);
    expect(s.files.map((f) => f.skippedRows)).toEqual([
      [
        { row: 4, reason: 'heading' },
        { row: 5, reason: 'footer' },
        { row: 6, reason: 'footer' },
      ],
      [{ row: 2, reason: 'heading' }],
    ]);
    expect(q(db, 'SELECT full_name, neighbourhood FROM source_rows ORDER BY id')).toEqual([
      { full_name: 'Nguyễn Văn An', neighbourhood: null },
      { full_name: 'Nguyễn Văn Bình', neighbourhood: 'Khu phố 5' },
    ]);
  });

  it('a sheet that may or may not be a roster: exit 2 naming --sheet without a terminal; answered "no" on a terminal it is skipped and remembered', async () => {
    const name = 'sheet-maybe-roster.xlsx';
    const sheet = defined(known(EXPECTED[name], 'EXPECTED[name]').question);
    const db = await initDb();
    const no = await roster(['import', '--db', db, '--period', '2026-11', '--lang', 'en', fixture(name)]);
    expect(no.code).toBe(2);
    expect(no.stderr).toContain(`"${sheet}"`);
    expect(no.stderr).toContain('--sheet');

    const mapFile = path.join(tempDir(), 'map.json');
    const p = scriptedPrompter([false]);
    const r = await roster(['import', '--db', db, '--period', '2026-11', '--json', '--save-map', mapFile, fixture(name)], { tty: true, prompter: p });
    // --json turns prompts off: still exit 2.
    expect(r.code).toBe(2);
    const r2 = await roster(['import', '--db', db, '--period', '2026-11', '--save-map', mapFile, fixture(name)], { tty: true, prompter: p });
    expect(r2.code, r2.stderr).toBe(0);
    expect(p.asked).toHaveLength(1);
    expect(q(db, 'SELECT DISTINCT i.sheet FROM source_rows s JOIN imports i ON i.id = s.import_id')).toEqual([{ sheet: 'KP1' }]);
    expect(JSON.parse(fs.readFileSync(mapFile, 'utf8'))).toMatchObject({ version: 2, sheets: { [sheet]: 'skip' } });

    const db2 = await initDb();
    const r3 = await roster(['import', '--db', db2, '--period', '2026-11', '--map', mapFile, fixture(name)]);
    expect(r3.code, r3.stderr).toBe(0);
    // --sheet decides too.
    const db3 = await initDb();
    const r4 = await roster(['import', '--db', db3, '--period', '2026-11', '--sheet', 'KP1', fixture(name)]);
    expect(r4.code, r4.stderr).toBe(0);
  });
});
