/**
 * Unknown headers on a terminal: the clerk picks the columns (through the one
 * prompt module, scripted here), the import goes on, and --save-map keeps the
 * choice for next month, when the same file imports without questions.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { scriptedPrompter } from '../src/cli/prompter.js';
import { openStore } from '../src/store/db.js';
import { roster, tempDir } from './helpers/cli.js';
import { initDb, writeCsv } from './helpers/seed.js';

describe('interactive column mapping', () => {
  it('asks for each missing required column, imports, and saves the mapping for next month', async () => {
    const db = await initDb();
    const dir = tempDir();
    const headers = ['Người tham gia', 'Nhiệm vụ', 'Phường/Xã'];
    const oct = writeCsv(
      path.join(dir, 'oct.csv'),
      [
        ['Nguyễn Văn A', 'TT', 'Phường Tân Định'],
        ['Trần Thị B', 'TV', 'Phường Tân Định'],
      ],
      headers,
    );
    const mapFile = path.join(dir, 'map.json');
    // Column indexes: full name is column A (0), role column B (1).
    const prompter = scriptedPrompter([0, 1]);
    const r = await roster(['import', '--db', db, '--period', '2026-10', '--save-map', mapFile, oct], { tty: true, prompter });
    expect(r.code, r.stderr).toBe(0);
    expect(prompter.asked).toEqual(['Cột nào là "Họ và tên"?', 'Cột nào là "Chức danh"?']);
    const { db: h } = openStore(db, { readonly: true });
    expect(h.prepare('SELECT full_name, role FROM source_rows ORDER BY id').all()).toEqual([
      { full_name: 'Nguyễn Văn A', role: 'leader' },
      { full_name: 'Trần Thị B', role: 'member' },
    ]);
    h.close();
    expect(JSON.parse(fs.readFileSync(mapFile, 'utf8')).columns).toMatchObject({ 'Người tham gia': 'full_name', 'Nhiệm vụ': 'role', 'Phường/Xã': 'ward' });

    const nov = writeCsv(path.join(dir, 'nov.csv'), [['Nguyễn Văn A', 'TT', 'Phường Tân Định']], headers);
    const again = scriptedPrompter([]);
    const r2 = await roster(['import', '--db', db, '--period', '2026-11', '--map', mapFile, nov], { tty: true, prompter: again });
    expect(r2.code, r2.stderr).toBe(0);
    expect(again.asked).toEqual([]);
  });

  it('choosing "no such column" cancels with exit 2 and writes nothing', async () => {
    const db = await initDb();
    const f = writeCsv(path.join(tempDir(), 'x.csv'), [['Nguyễn Văn A', 'TT', 'Phường Tân Định']], ['Người tham gia', 'Nhiệm vụ', 'Phường/Xã']);
    const r = await roster(['import', '--db', db, '--period', '2026-11', f], { tty: true, prompter: scriptedPrompter([-1]) });
    expect(r.code).toBe(2);
    const { db: h } = openStore(db, { readonly: true });
    expect(h.prepare('SELECT count(*) AS n FROM imports').get()).toEqual({ n: 0 });
    h.close();
  });

  it('without a terminal it never prompts: exit 2 naming the missing columns', async () => {
    const db = await initDb();
    const f = writeCsv(path.join(tempDir(), 'x.csv'), [['Nguyễn Văn A', 'TT', 'Phường Tân Định']], ['Người tham gia', 'Nhiệm vụ', 'Phường/Xã']);
    const p = scriptedPrompter([]);
    const r = await roster(['import', '--db', db, '--period', '2026-11', f], { tty: false, prompter: p });
    expect(r.code).toBe(2);
    expect(p.asked).toEqual([]);
    expect(r.stderr).toMatch(/Họ và tên.*Chức danh|Chức danh.*Họ và tên/);
  });
});

describe('progress', () => {
  it('shows a progress bar with the share of the file read, rows and rows/s on a terminal, on stderr only', async () => {
    const db = await initDb();
    const rows = Array.from({ length: 9000 }, (_, i) => [
      `Nguyễn Văn ${i}`,
      '01/01/1990',
      'Nam',
      `0790901${String(i).padStart(5, '0')}`,
      '0912345678',
      i % 5 ? 'Thành viên' : 'Tổ trưởng',
      `Khu phố ${i % 40}`,
      'Phường Tân Định',
      '',
      'Có',
    ]);
    const f = writeCsv(path.join(tempDir(), 'big.csv'), rows);
    const r = await roster(['import', '--db', db, '--period', '2026-11', f], { tty: true, prompter: scriptedPrompter([]), env: { ROSTER_PROGRESS_DELAY_MS: '0' } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/Đang nhập big\.csv \[[█░]+\] \d+% \([\d,]+ [KM]B\/[\d,]+ [KM]B\) \d+ dòng \(\d+ dòng\/giây\)/);
    expect(r.stdout).not.toMatch(/Đang nhập/);
    const quiet = await roster(['import', '--db', await initDb(), '--period', '2026-11', f]);
    expect(quiet.stderr).not.toMatch(/Đang nhập/);
  });
});
