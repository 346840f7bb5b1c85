/**
 * `roster import` end to end on the bundled sample and on small CSVs: what is
 * stored (read back from the database), idempotency, sync/append, dry run,
 * atomicity on failure, and clear refusals.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../src/store/db.js';
import { roster, tempDir } from './helpers/cli.js';
import { importFiles, initDb, SAMPLE_ROSTERS, writeCsv } from './helpers/seed.js';
import { at } from './helpers/defined.js';

function q<T>(dbFile: string, sql: string, ...args: unknown[]): T[] {
  const { db } = openStore(dbFile, { readonly: true });
  try {
    return db.prepare(sql).all(...args) as T[];
  } finally {
    db.close();
  }
}

describe('roster import: the bundled sample', () => {
  it('stores every member row with provenance, resolved wards and repaired IDs', async () => {
    const db = await initDb();
    await importFiles(db, '2026-11', SAMPLE_ROSTERS);
    const perFile = q<{ file_name: string; sheet: string | null; header_row: number; n: number }>(
      db,
      'SELECT i.file_name, i.sheet, i.header_row, count(s.id) AS n FROM imports i JOIN source_rows s ON s.import_id = i.id GROUP BY i.id ORDER BY i.id',
    );
    expect(perFile).toEqual([
      { file_name: 'q1-ben-nghe-da-kao-2026-11.xlsx', sheet: 'DS thành viên', header_row: 6, n: 16 },
      { file_name: 'q3-phuong-1-4-5-2026-11.csv', sheet: null, header_row: 3, n: 13 },
      { file_name: 'tan-dinh-2026-11.csv', sheet: null, header_row: 1, n: 7 },
    ]);
    // Title rows, the two-row header and the signature footer are not members.
    const names = q<{ full_name: string }>(db, 'SELECT full_name FROM source_rows').map((r) => r.full_name);
    expect(names.some((n) => /Tổng cộng|Người lập biểu|Trần Văn Nam|Nguyễn Thị Bích/.test(n))).toBe(false);
    // Excel dropped the leading zero of the ID in row 9: restored and noted.
    const row9 = q<{ person_id: string; repairs: string; dob: string; unit_status: string }>(
      db,
      "SELECT person_id, repairs, dob, unit_status FROM source_rows s JOIN imports i ON i.id = s.import_id WHERE i.file_name LIKE 'q1%' AND row_number = 9",
    )[0];
    expect(row9).toEqual({ person_id: '079099024757', repairs: 'person_id:repaired', dob: '1999-07-21', unit_status: 'retired.full' });
    const statuses = q<{ ward: string; unit_status: string; n: number }>(db, 'SELECT ward, unit_status, count(*) AS n FROM source_rows GROUP BY ward, unit_status ORDER BY ward');
    expect(statuses).toContainEqual({ ward: 'Phường Đa Kao', unit_status: 'retired.partial', n: 4 });
    expect(statuses).toContainEqual({ ward: 'Phường Tân Định', unit_status: 'current', n: 7 });
    expect(statuses).toContainEqual({ ward: 'P.1', unit_status: 'retired.full', n: 4 });
    // Every stored text is NFC.
    for (const n of names) expect(n).toBe(n.normalize('NFC'));
  });

  it('importing the same bytes again for the same period changes nothing and says so', async () => {
    const db = await initDb();
    await importFiles(db, '2026-11', SAMPLE_ROSTERS);
    const before = fs.readFileSync(db);
    const r = await roster(['import', '--db', db, '--period', '2026-11', '--json', ...SAMPLE_ROSTERS]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.files.map((f: { status: string }) => f.status)).toEqual(['unchanged', 'unchanged', 'unchanged']);
    expect(j).toMatchObject({ rows: 0, added: 0, updated: 0, left: 0 });
    expect(q(db, 'SELECT count(*) AS n FROM imports')).toEqual([{ n: 3 }]);
    expect(fs.readFileSync(db).equals(before)).toBe(true);
  });
});

describe('roster import: sync, append and dry run', () => {
  const dir = tempDir();
  const oct = writeCsv(path.join(dir, 'tan-dinh-10.csv'), [
    ['Nguyễn Thị Hoa', '03/04/1972', 'Nữ', '079172135623', '0908123123', 'Tổ trưởng', 'Khu phố 1', 'Phường Tân Định', '', 'Có'],
    ['Trần Văn Tài', '16/06/1991', 'Nam', '079091143542', '0932111999', 'Thành viên', 'Khu phố 1', 'Phường Tân Định', '', 'Có'],
    ['Lê Thị Bảo Trâm', '29/02/2004', 'Nữ', '079304151461', '0779888777', 'Thành viên', 'Khu phố 1', 'Phường Tân Định', '', 'Không'],
  ]);
  const nov = writeCsv(path.join(dir, 'tan-dinh-11.csv'), [
    ['Nguyễn Thị Hoa', '03/04/1972', 'Nữ', '079172135623', '0908123123', 'Tổ trưởng', 'Khu phố 1', 'Phường Tân Định', '', 'Có'],
    ['Trần Văn Tài', '16/06/1991', 'Nam', '079091143542', '0932111999', 'Tổ phó', 'Khu phố 1', 'Phường Tân Định', '', 'Có'],
    ['Phạm Đức Anh', '07/07/1987', 'Nam', '079087159380', '0901222333', 'Thành viên', 'Khu phố 1', 'Phường Tân Định', '', 'Có'],
  ]);

  it('--dry-run reports added / updated / left and writes nothing', async () => {
    const db = await initDb();
    await importFiles(db, '2026-10', [oct]);
    const before = fs.readFileSync(db);
    const r = await roster(['import', '--db', db, '--period', '2026-11', '--dry-run', '--json', nov]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ dryRun: true, rows: 3, added: 1, updated: 1, left: 1 });
    expect(fs.readFileSync(db).equals(before)).toBe(true);
    expect(q(db, "SELECT count(*) AS n FROM imports WHERE period = '2026-11'")).toEqual([{ n: 0 }]);
  });

  it('sync marks the absent member as left and keeps her history; append would not', async () => {
    const db = await initDb();
    await importFiles(db, '2026-10', [oct]);
    await importFiles(db, '2026-11', [nov]);
    expect(q(db, "SELECT m.full_name, ms.status, ms.left_period FROM memberships ms JOIN members m ON m.id = ms.member_id WHERE ms.status = 'left'")).toEqual([
      { full_name: 'Lê Thị Bảo Trâm', status: 'left', left_period: '2026-11' },
    ]);
    expect(q(db, "SELECT count(*) AS n FROM source_rows WHERE full_name = 'Lê Thị Bảo Trâm'")).toEqual([{ n: 1 }]);

    const db2 = await initDb();
    await importFiles(db2, '2026-10', [oct]);
    await importFiles(db2, '2026-11', [nov], ['--mode', 'append']);
    expect(q(db2, "SELECT count(*) AS n FROM memberships WHERE status = 'left'")).toEqual([{ n: 0 }]);
  });
});

describe('roster import: refusals leave the database untouched', () => {
  it('missing required columns: exit 2 naming them and the headers found', async () => {
    const db = await initDb();
    const f = writeCsv(path.join(tempDir(), 'no-role.csv'), [['Nguyễn Văn A', '01/01/1990', 'Phường Tân Định']], ['Họ và tên', 'Ngày sinh', 'Phường/Xã']);
    const before = fs.readFileSync(db);
    const r = await roster(['import', '--db', db, '--period', '2026-11', f]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Chức danh');
    expect(r.stderr).toContain('Họ và tên');
    expect(fs.readFileSync(db).equals(before)).toBe(true);
  });

  it('a bad file among good ones: nothing from any of them is written', async () => {
    const db = await initDb();
    const junk = path.join(tempDir(), 'junk.xlsx');
    fs.writeFileSync(junk, Buffer.from('PK\u0003\u0004 this is not really a zip archive at all'));
    const r = await roster(['import', '--db', db, '--period', '2026-11', at(SAMPLE_ROSTERS, 2), junk]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('junk.xlsx');
    expect(q(db, 'SELECT count(*) AS n FROM source_rows')).toEqual([{ n: 0 }]);
  });

  it('a bad period or a missing file is exit 2', async () => {
    const db = await initDb();
    expect((await roster(['import', '--db', db, '--period', '2026-13', at(SAMPLE_ROSTERS, 2)])).code).toBe(2);
    expect((await roster(['import', '--db', db, '--period', '2026-11', 'no-such-file.csv'])).code).toBe(2);
  });

  it('--save-map writes the mapping used, and --map reuses it on a file with unknown headers', async () => {
    const db = await initDb();
    const dir = tempDir();
    const mapFile = path.join(dir, 'map.json');
    const odd = writeCsv(path.join(dir, 'odd.csv'), [['Nguyễn Văn A', 'TT', 'Phường Tân Định']], ['Người tham gia', 'Nhiệm vụ', 'Phường/Xã']);
    fs.writeFileSync(mapFile, JSON.stringify({ version: 1, columns: { 'Người tham gia': 'full_name', 'Nhiệm vụ': 'role', 'Phường/Xã': 'ward' } }));
    const r = await roster(['import', '--db', db, '--period', '2026-11', '--map', mapFile, odd]);
    expect(r.code).toBe(0);
    expect(q(db, 'SELECT full_name, role FROM source_rows')).toEqual([{ full_name: 'Nguyễn Văn A', role: 'leader' }]);
    const saved = path.join(dir, 'saved.json');
    const r2 = await roster(['import', '--db', db, '--period', '2026-11', '--save-map', saved, at(SAMPLE_ROSTERS, 2)]);
    expect(r2.code).toBe(0);
    expect(JSON.parse(fs.readFileSync(saved, 'utf8')).columns).toMatchObject({ 'Họ tên': 'full_name', 'Chức vụ': 'role', 'Phường/Xã': 'ward' });
  });
});
