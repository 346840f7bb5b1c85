/**
 * Data safety across every command that writes a file, through the built
 * binary as a clerk runs it: no output onto the database, an imported roster
 * or an unwritable place (exit 2, never 3, the database unchanged); a closed
 * stderr does not turn a failure into exit 0; a real full disk (a small
 * tmpfs, when this machine lets us mount one) is exit 2 "ổ đĩa đầy", never a
 * hang; an ID typed into the ward or khu phố column is masked in `teams`.
 */
import { spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { found, unzipAll } from './helpers/bytes.js';
import { FIXTURES, ROOT, rosterBin, tempDir } from './helpers/cli.js';

const sha = (f: string) => crypto.createHash('sha256').update(fs.readFileSync(f)).digest('hex');
const TAN_DINH = path.join(FIXTURES, 'sample', 'tan-dinh-2026-11.csv');
const BIN = path.join(ROOT, 'bin', 'roster.js');

let demo: string;
beforeAll(() => {
  demo = tempDir('roster-every-out-');
  const r = rosterBin(['demo', '--out', 'd'], { cwd: demo });
  expect(r.code, r.stderr).toBe(0);
}, 300_000);

/** A fresh copy of the demo folder: its database, its monthly workbook, and a roster file that has been imported. */
function work(): { dir: string; db: string; workbook: string; roster: string } {
  const dir = tempDir('roster-every-out-w-');
  const from = path.join(demo, 'd');
  for (const f of fs.readdirSync(from)) if (fs.statSync(path.join(from, f)).isFile()) fs.copyFileSync(path.join(from, f), path.join(dir, f));
  fs.copyFileSync(TAN_DINH, path.join(dir, 'a.csv'));
  const workbook = fs.readdirSync(dir).find((f) => /^bao-cao-thang-.*\.xlsx$/.test(f));
  expect(workbook, 'the demo writes a monthly workbook').toBeDefined();
  const r = rosterBin(['--db', 'roster.db', 'import', '--period', '2026-12', 'a.csv'], { cwd: dir });
  expect(r.code, r.stderr).toBe(0);
  return { dir, db: path.join(dir, 'roster.db'), workbook: path.join(dir, workbook as string), roster: path.join(dir, 'a.csv') };
}

/** Every command that writes a file, with OUT where its output path goes. */
const WRITERS: string[][] = [
  ['validate', '--period', '2026-11', '--format', 'json', '-o', 'OUT'],
  ['validate', '--period', '2026-11', '--format', 'csv', '-o', 'OUT'],
  ['validate', '--period', '2026-11', '--format', 'xlsx', '-o', 'OUT'],
  ['export', 'members', '-o', 'OUT'],
  ['export', 'members', '--format', 'xlsx', '-o', 'OUT'],
  ['export', 'teams', '-o', 'OUT'],
  ['export', 'teams', '--format', 'xlsx', '-o', 'OUT'],
  ['report', 'monthly', '--period', '2026-11', '--draft', '-o', 'OUT'],
  ['report', 'consolidate', 'WORKBOOK', '-o', 'OUT'],
  ['template', '-o', 'OUT'],
  ['import', '--period', '2026-12', 'a.csv', '--save-map', 'OUT'],
];

function run(dir: string, args: string[], out: string, workbook: string) {
  const argv = args.map((a) => (a === 'OUT' ? out : a === 'WORKBOOK' ? workbook : a));
  return rosterBin(['--db', 'roster.db', ...argv], { cwd: dir });
}

describe('every writer refuses a path it must not write', () => {
  it('onto the database or its -wal: exit 2 naming -o/--save-map, the database unchanged', { timeout: 600_000 }, () => {
    const w = work();
    const before = sha(w.db);
    for (const args of WRITERS) {
      for (const out of ['roster.db', 'roster.db-wal']) {
        const r = run(w.dir, args, out, w.workbook);
        expect(r.code, `${args.join(' ')} -> ${out}: ${r.stderr}`).toBe(2);
        expect(r.stderr, args.join(' ')).toMatch(/Không ghi (-o|--save-map)/);
      }
    }
    expect(sha(w.db)).toBe(before);
    const d = rosterBin(['doctor', '--db', w.db, '--json']);
    expect(d.code, d.stderr).toBe(0);
  });

  it('onto an imported roster, into a missing folder, into /proc or /sys: exit 2, never 3, nothing written', { timeout: 600_000 }, () => {
    const w = work();
    const rosterBefore = sha(w.roster);
    const dbBefore = sha(w.db);
    const places = ['a.csv', path.join('missing-dir', 'x.out'), '/proc/x.out', '/sys/x.out'];
    for (const args of WRITERS) {
      for (const out of places) {
        // The import's own input is a separate rule (tests/safety-outputs.test.ts); here it is just a file.
        if (out === 'a.csv' && args[0] === 'import') continue;
        const r = run(w.dir, args, out, w.workbook);
        expect(r.code, `${args.join(' ')} -> ${out}: ${r.stderr}`).toBe(2);
        expect(r.stderr).not.toMatch(/at .*\.m?js:\d+|busy/);
      }
    }
    expect(sha(w.roster)).toBe(rosterBefore);
    expect(sha(w.db)).toBe(dbBefore);
    expect(fs.existsSync(path.join(w.dir, 'missing-dir'))).toBe(false);
  });
});

/** Runs the binary with both output pipes closed by the reader at once; resolves with the exit code. */
function exitWithClosedPipes(args: string[], cwd: string): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
    child.stdout.destroy();
    child.stderr.destroy();
    child.on('error', reject);
    child.on('close', (code) => resolve(code));
  });
}

describe('a closed stderr', () => {
  it('keeps the exit code of a failure (2) and of data errors (1)', { timeout: 300_000 }, async () => {
    const w = work();
    for (let i = 0; i < 3; i++) {
      expect(await exitWithClosedPipes(['--db', 'roster.db', 'validate', '--format', 'csv', '-o', 'roster.db'], w.dir)).toBe(2);
      expect(await exitWithClosedPipes(['--db', 'roster.db', 'validate', '--period', '2026-11'], w.dir)).toBe(1);
    }
  });
});

describe('ID typed into a ward or khu phố column', () => {
  it('is masked in roster teams, as a table and as JSON, and in every part of the monthly workbook (its very hidden _data sheet too)', { timeout: 300_000 }, async () => {
    const dir = tempDir('roster-teams-mask-');
    const csv = [
      'Họ và tên,Ngày sinh,Giới tính,Số CCCD,Số điện thoại,Chức danh,Khu phố,Phường/Xã',
      'Võ Hai,02/02/1990,Nữ,079190222222,0912345679,Tổ trưởng,079080777777,079080999999',
    ].join('\n');
    // A file name with many digits is the tool's provenance, not personal data: it stays as it is.
    fs.writeFileSync(path.join(dir, 'phuong-1-4-5-2026-11.csv'), `${csv}\n`);
    expect(rosterBin(['--db', 'm.db', 'init', '--units', path.join(FIXTURES, 'units')], { cwd: dir }).code).toBe(0);
    const imp = rosterBin(['--db', 'm.db', 'import', '--period', '2026-11', 'phuong-1-4-5-2026-11.csv'], { cwd: dir });
    expect(imp.code, imp.stderr).toBe(0);
    for (const json of [false, true]) {
      const r = rosterBin(['--db', 'm.db', ...(json ? ['--json'] : []), 'teams'], { cwd: dir });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).not.toMatch(/079080999999|079080777777/);
      expect(r.stdout).toMatch(/0790\*+99|\*{4,}/);
    }
    const rep = rosterBin(['--db', 'm.db', 'report', 'monthly', '--period', '2026-11', '--draft', '-o', 'r.xlsx'], { cwd: dir });
    expect(rep.code, rep.stderr).toBe(0);
    const xml = await unzipAll(path.join(dir, 'r.xlsx'));
    expect(found(xml, ['079080999999', '079080777777', '079190222222'])).toEqual([]);
    expect(xml.includes('_data')).toBe(true);
    expect(xml.includes('phuong-1-4-5-2026-11.csv')).toBe(true);
  });
});

// A real full disk: a tmpfs a few hundred KB large. Needs root and a kernel that lets this container mount.
const mountPoint = tempDir('roster-full-disk-');
const canMount = (() => {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return false;
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=256k', 'tmpfs', mountPoint]);
  return r.status === 0;
})();
afterAll(() => {
  if (canMount) spawnSync('umount', [mountPoint]);
});
if (!canMount) console.warn(`skipped: the real full-disk test needs root and a tmpfs mount (${process.platform})`);

describe.skipIf(!canMount)('a real full disk (a 256 KB tmpfs)', () => {
  it('export, validate and report xlsx outputs are exit 2 "ổ đĩa đầy" in time, the old output intact, no temporary file left', { timeout: 600_000 }, async () => {
    const dir = tempDir('roster-full-disk-db-');
    const rows = ['Họ và tên,Ngày sinh,Giới tính,Số CCCD,Số điện thoại,Chức danh,Khu phố,Phường/Xã,Quận/Huyện'];
    for (let i = 0; i < 6000; i++) {
      rows.push(
        `Nguyễn Văn ${i},01/01/1990,Nam,0790901${String(i).padStart(5, '0')},0912345678,${i % 8 === 0 ? 'Tổ trưởng' : 'Thành viên'},Khu phố ${Math.floor(i / 8)},Phường Tân Định,Quận 1`,
      );
    }
    fs.writeFileSync(path.join(dir, 'big.csv'), `${rows.join('\n')}\n`);
    fs.copyFileSync(path.join(demo, 'd', 'roster.db'), path.join(dir, 'roster.db'));
    const imp = rosterBin(['--db', 'roster.db', 'import', '--period', '2026-12', 'big.csv'], { cwd: dir });
    expect(imp.code, imp.stderr).toBe(0);
    for (const [args, name] of [
      [['export', 'members', '--period', '2026-12', '--format', 'xlsx'], 'x.xlsx'],
      [['validate', '--period', '2026-12', '--format', 'xlsx'], 'v.xlsx'],
      [['report', 'monthly', '--period', '2026-12', '--draft'], 'r.xlsx'],
    ] as [string[], string][]) {
      const target = path.join(mountPoint, name);
      fs.writeFileSync(target, 'old output');
      const started = Date.now();
      const r = spawnSync(process.execPath, [BIN, '--db', 'roster.db', ...args, '-o', target], { cwd: dir, encoding: 'utf8', timeout: 120_000 });
      expect(r.signal, `${args.join(' ')} did not end by itself`).toBeNull();
      expect(r.status, `${args.join(' ')}: ${r.stderr}`).toBe(2);
      expect(r.stderr).toMatch(/Ổ đĩa đầy/);
      expect(Date.now() - started).toBeLessThan(120_000);
      expect(fs.readFileSync(target, 'utf8')).toBe('old output');
      expect(fs.readdirSync(mountPoint).filter((n) => n.endsWith('.part'))).toEqual([]);
    }
  });
});
