/**
 * No output destroys an input (issue: data safety, round 2). Every output path
 * (-o, --save-map, --out) is checked before anything is read or written: not
 * the database or its -wal/-shm (by path, symlink or hard link), not an input
 * of the same command (two spellings of one file), not a symlink or a folder,
 * a folder that exists, a name the file system takes. Outputs are written to
 * a temporary file and renamed: owner-only, no temporary file left behind,
 * the old file intact on a full disk. Real processes of the built binary.
 */
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, ROOT, roster, rosterBin, tempDir } from './helpers/cli.js';

const sha = (f: string) => crypto.createHash('sha256').update(fs.readFileSync(f)).digest('hex');
const TAN_DINH = path.join(FIXTURES, 'sample', 'tan-dinh-2026-11.csv');
const temps = (dir: string) => fs.readdirSync(dir).filter((n) => n.endsWith('.part'));

let demo: string;
let db: string;
beforeAll(() => {
  demo = tempDir('roster-safety-');
  const r = rosterBin(['demo', '--out', 'd'], { cwd: demo });
  expect(r.code, r.stderr).toBe(0);
  db = path.join(demo, 'd', 'roster.db');
}, 300_000);

/** A fresh copy of the demo database in its own folder (with a roster file beside it). */
function work(): { dir: string; db: string; roster: string } {
  const dir = tempDir('roster-safety-w-');
  fs.copyFileSync(db, path.join(dir, 'roster.db'));
  fs.copyFileSync(TAN_DINH, path.join(dir, 'a.csv'));
  return { dir, db: path.join(dir, 'roster.db'), roster: path.join(dir, 'a.csv') };
}

function doctorOk(dbFile: string): void {
  const d = rosterBin(['doctor', '--db', dbFile, '--json']);
  expect(d.code, d.stderr).toBe(0);
  expect(JSON.parse(d.stdout).integrity).toEqual(['ok']);
}

describe('no output onto the database', () => {
  it('validate -o the database, its -wal and -shm, a symlink and a hard link to it: exit 2, the database unchanged', { timeout: 300_000 }, () => {
    const w = work();
    const before = sha(w.db);
    fs.symlinkSync(w.db, path.join(w.dir, 'link.db'));
    fs.linkSync(w.db, path.join(w.dir, 'hard.db'));
    for (const out of ['roster.db', './roster.db', 'roster.db-wal', 'roster.db-shm', 'link.db', 'hard.db', path.join(w.dir, 'sub', '..', 'roster.db')]) {
      const r = rosterBin(['validate', '--db', 'roster.db', '--period', '2026-11', '--format', 'json', '-o', out], { cwd: w.dir });
      expect(r.code, `${out}: ${r.stderr}`).toBe(2);
      expect(r.stderr).toMatch(/Không ghi -o/);
      expect(r.stderr).not.toMatch(/at .*\.js:\d+/);
    }
    expect(sha(w.db)).toBe(before);
    doctorOk(w.db);
  });

  it('-o through a symlink to another database leaves that database alone (export, report, validate xlsx)', { timeout: 300_000 }, () => {
    const w = work();
    const other = work();
    const before = sha(other.db);
    const link = path.join(w.dir, 'out.xlsx');
    fs.symlinkSync(other.db, link);
    for (const args of [
      ['export', 'members', '-o', link],
      ['report', 'monthly', '--period', '2026-11', '--draft', '-o', link],
      ['validate', '--format', 'xlsx', '-o', link],
    ]) {
      const r = rosterBin(['--db', w.db, ...args]);
      expect(r.code, args.join(' ') + r.stderr).toBe(2);
      expect(r.stderr).toMatch(/liên kết tượng trưng/);
    }
    expect(sha(other.db)).toBe(before);
    doctorOk(other.db);
  });

  it('import --save-map naming the database is exit 2 before the import: nothing imported, database intact', { timeout: 300_000 }, () => {
    const w = work();
    const imports = () => JSON.parse(rosterBin(['doctor', '--db', w.db, '--json']).stdout).counts.imports as number;
    const n = imports();
    for (const m of ['roster.db', 'roster.db-wal', '/missing-dir/m.json', '.']) {
      const r = rosterBin(['import', '--db', 'roster.db', '--period', '2026-12', 'a.csv', '--save-map', m], { cwd: w.dir });
      expect(r.code, `${m}: ${r.stderr}`).toBe(2);
      expect(imports()).toBe(n);
    }
    doctorOk(w.db);
  });
});

describe('no output onto an input of the same command', () => {
  it('validate --format csv -o the roster file just imported: exit 2, the file unchanged (path, ./ spelling, copy by content)', { timeout: 300_000 }, () => {
    const w = work();
    const imp = rosterBin(['import', '--db', 'roster.db', '--period', '2026-12', 'a.csv'], { cwd: w.dir });
    expect(imp.code, imp.stderr).toBe(0);
    const before = sha(w.roster);
    for (const out of ['a.csv', './a.csv', w.roster]) {
      const r = rosterBin(['validate', '--db', 'roster.db', '--period', '2026-12', '--format', 'csv', '-o', out], { cwd: w.dir });
      expect(r.code, out).toBe(2);
    }
    expect(sha(w.roster)).toBe(before);
  });

  it('import --save-map an input roster (two spellings) is exit 2; --save-map may name the --map file and replaces it', { timeout: 300_000 }, () => {
    const w = work();
    const before = sha(w.roster);
    for (const m of ['a.csv', './a.csv', w.roster]) {
      const r = rosterBin(['import', '--db', 'roster.db', '--period', '2026-12', './a.csv', '--save-map', m], { cwd: w.dir });
      expect(r.code, m).toBe(2);
      expect(r.stderr).toMatch(/tệp đầu vào/);
    }
    expect(sha(w.roster)).toBe(before);
    const map = path.join(w.dir, 'm.json');
    const first = rosterBin(['import', '--db', 'roster.db', '--period', '2026-12', 'a.csv', '--save-map', 'm.json'], { cwd: w.dir });
    expect(first.code, first.stderr).toBe(0);
    const written = fs.readFileSync(map, 'utf8');
    expect(written).toContain('"version": 2');
    fs.writeFileSync(map, written.replace('"version": 2', '"version": 2,\n  "note": "old"'));
    expect(JSON.parse(fs.readFileSync(map, 'utf8')).note).toBe('old');
    const again = rosterBin(['import', '--db', 'roster.db', '--period', '2026-12', 'a.csv', '--map', './m.json', '--save-map', 'm.json'], { cwd: w.dir });
    expect(again.code, again.stderr).toBe(0);
    const saved = JSON.parse(fs.readFileSync(map, 'utf8'));
    // MAP.json version 2 (README § Importing): the map is read, then replaced whole.
    expect(saved.version).toBe(2);
    expect(saved.note).toBeUndefined();
    expect(fs.statSync(map).mode & 0o777).toBe(0o600);
    expect(temps(w.dir)).toEqual([]);
  });

  it('report consolidate -o one of its inputs (another spelling) is exit 2', { timeout: 300_000 }, () => {
    const w = work();
    const rep = rosterBin(['report', 'monthly', '--db', 'roster.db', '--period', '2026-11', '--draft', '-o', 'r.xlsx'], { cwd: w.dir });
    expect(rep.code, rep.stderr).toBe(0);
    const before = sha(path.join(w.dir, 'r.xlsx'));
    const r = rosterBin(['report', 'consolidate', 'r.xlsx', '-o', './r.xlsx'], { cwd: w.dir });
    expect(r.code).toBe(2);
    expect(sha(path.join(w.dir, 'r.xlsx'))).toBe(before);
  });
});

describe('bad output paths are exit 2, never 3', () => {
  it('a missing folder, a folder, a trailing slash', { timeout: 300_000 }, async () => {
    const w = work();
    fs.mkdirSync(path.join(w.dir, 'folder'));
    const cases: string[][] = [
      ['export', 'members', '-o', '/missing-dir/x.csv'],
      ['export', 'members', '--format', 'xlsx', '-o', '/missing-dir/x.xlsx'],
      ['validate', '-o', '/missing-dir/x.json'],
      ['validate', '--format', 'json', '-o', 'folder'],
      ['validate', '--format', 'xlsx', '-o', 'folder'],
      ['validate', '-o', 'folder/'],
      ['report', 'monthly', '--period', '2026-11', '--draft', '-o', 'folder'],
      ['report', 'monthly', '--period', '2026-11', '--draft', '-o', '/missing-dir/r.xlsx'],
      ['export', 'teams', '-o', 'folder'],
    ];
    for (const [i, args] of cases.entries()) {
      // Two through the built binary, the rest in-process (the same code; paths made absolute).
      const abs = ['--db', w.db, ...args.map((a) => (a.startsWith('folder') ? path.join(w.dir, a) + (a.endsWith('/') ? '/' : '') : a))];
      const r = i < 2 ? rosterBin(abs) : await roster(abs);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(2);
      expect(r.stderr).not.toMatch(/Lỗi nội bộ|EISDIR|ENOENT|busy/);
    }
  });

  it('a 245-character file name works for report, export and validate --format xlsx (the temporary name stays short)', { timeout: 300_000 }, () => {
    const w = work();
    for (const [args, name] of [
      [['report', 'monthly', '--period', '2026-11', '--draft', '-o'], 'r'],
      [['export', 'members', '--format', 'xlsx', '-o'], 'e'],
      [['validate', '--format', 'xlsx', '-o'], 'v'],
    ] as [string[], string][]) {
      const file = `${name.repeat(240)}.xlsx`;
      expect(file.length).toBe(245);
      const r = rosterBin(['--db', 'roster.db', ...args, file], { cwd: w.dir });
      expect([0, 1], `${args.join(' ')}: ${r.stderr}`).toContain(r.code);
      expect(fs.statSync(path.join(w.dir, file)).mode & 0o777).toBe(0o600);
    }
    const tooLong = `${'x'.repeat(252)}.xlsx`;
    const r = rosterBin(['--db', 'roster.db', 'export', 'members', '--format', 'xlsx', '-o', tooLong], { cwd: w.dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/quá 255 byte/);
    expect(temps(w.dir)).toEqual([]);
  });

  it('demo --out an existing file, or a symlink, is exit 2 and leaves it alone', { timeout: 300_000 }, () => {
    const dir = tempDir();
    const f = path.join(dir, 'taken');
    fs.writeFileSync(f, 'keep');
    fs.symlinkSync(dir, path.join(dir, 'link'));
    for (const out of ['taken', 'link', 'taken/sub']) {
      const r = rosterBin(['demo', '--out', out], { cwd: dir });
      expect(r.code, `${out}: ${r.stderr}`).toBe(2);
    }
    expect(fs.readFileSync(f, 'utf8')).toBe('keep');
  });

  it('a closed stdout ends quietly: roster doctor | head -1, and a large export into head', { timeout: 300_000 }, () => {
    const w = work();
    for (const cmd of ['doctor', 'export members --include-pii']) {
      const sh = `${JSON.stringify(process.execPath)} ${JSON.stringify(path.join(ROOT, 'bin/roster.js'))} --db roster.db ${cmd} | head -c 1 > /dev/null; echo "exit=\${PIPESTATUS[0]}" >&2`;
      for (let i = 0; i < 2; i++) {
        const r = spawnBash(sh, w.dir);
        expect(r.stderr, cmd).toMatch(/exit=0/);
        expect(r.stderr, cmd).not.toMatch(/EPIPE|Error|at /);
      }
    }
  });
});

function spawnBash(script: string, cwd: string): { stderr: string } {
  const r = spawnSync('bash', ['-c', script], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { stderr: r.stderr };
}

describe('atomic outputs', () => {
  it('a full disk (fault injection) is exit 2 "ổ đĩa đầy": the old output and the database intact, no temporary file left', { timeout: 300_000 }, async () => {
    const w = work();
    const dbBefore = sha(w.db);
    for (const [args, file] of [
      [['export', 'members', '-o', 'x.csv'], 'x.csv'],
      [['export', 'members', '--format', 'xlsx', '-o', 'x.xlsx'], 'x.xlsx'],
      [['validate', '--format', 'json', '-o', 'v.json'], 'v.json'],
      [['validate', '--format', 'xlsx', '-o', 'v.xlsx'], 'v.xlsx'],
      [['report', 'monthly', '--period', '2026-11', '--draft', '-o', 'r.xlsx'], 'r.xlsx'],
    ] as [string[], string][]) {
      const target = path.join(w.dir, file);
      fs.writeFileSync(target, 'old output');
      // The first through the built binary, the rest in-process (the same code).
      const all = ['--db', w.db, ...args.map((a) => (a === file ? target : a))];
      const r = file === 'x.csv' ? rosterBin(all, { env: { ROSTER_FAULT: 'enospc' } }) : await roster(all, { env: { ROSTER_FAULT: 'enospc' } });
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(2);
      expect(r.stderr).toMatch(/Ổ đĩa đầy/);
      expect(fs.readFileSync(target, 'utf8')).toBe('old output');
      expect(temps(w.dir)).toEqual([]);
    }
    expect(sha(w.db)).toBe(dbBefore);
  });

  it('a full disk while importing (SQLITE_FULL) is exit 2 "ổ đĩa đầy" and the database is as it was', { timeout: 300_000 }, () => {
    const w = work();
    const before = JSON.parse(rosterBin(['doctor', '--db', w.db, '--json']).stdout).counts;
    const big = path.join(w.dir, 'big.csv');
    const rows = Array.from(
      { length: 3000 },
      (_, i) => `Nguyễn Văn ${i},01/01/1990,Nam,0790901${String(i).padStart(5, '0')},0912345678,Thành viên,Khu phố ${i % 40},Phường Tân Định,Quận 1,Có`,
    );
    fs.writeFileSync(big, `${['Họ và tên,Ngày sinh,Giới tính,Số CCCD,Số điện thoại,Chức danh,Khu phố,Phường/Xã,Quận/Huyện,Hoàn thành OneTouch', ...rows].join('\r\n')}\r\n`);
    const r = rosterBin(['import', '--db', w.db, '--period', '2026-12', big], { env: { ROSTER_FAULT: 'sqlite-full' } });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/Ổ đĩa đầy/);
    expect(JSON.parse(rosterBin(['doctor', '--db', w.db, '--json']).stdout).counts).toEqual(before);
    doctorOk(w.db);
  });

  it('outputs are owner-only, replace the old file, and stale temporaries of dead processes are removed', { timeout: 300_000 }, () => {
    const w = work();
    const stale = path.join(w.dir, '.roster-999999-deadbeef.part');
    const live = path.join(w.dir, `.roster-${process.pid}-0badc0de.part`);
    const foreign = path.join(w.dir, '.other-999999-deadbeef.part');
    for (const f of [stale, live, foreign]) fs.writeFileSync(f, 'x');
    fs.writeFileSync(path.join(w.dir, 'out.csv'), 'old');
    fs.chmodSync(path.join(w.dir, 'out.csv'), 0o644);
    const r = rosterBin(['--db', 'roster.db', 'export', 'members', '-o', 'out.csv'], { cwd: w.dir });
    expect(r.code, r.stderr).toBe(0);
    expect(fs.readFileSync(path.join(w.dir, 'out.csv'), 'utf8')).toMatch(/^\ufeff.*Họ và tên/);
    expect(fs.statSync(path.join(w.dir, 'out.csv')).mode & 0o777).toBe(0o600);
    expect(fs.existsSync(stale)).toBe(false);
    expect(fs.existsSync(live)).toBe(true);
    expect(fs.existsSync(foreign)).toBe(true);
  });
});
