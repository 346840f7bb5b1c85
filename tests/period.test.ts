/**
 * The period is never guessed: one parser for every period flag (trimmed,
 * YYYY-MM, exit 2 otherwise), and an import without --period takes its month
 * from the file name or the title block, says so, and asks (terminal) or
 * stops (no terminal, or -y) when the sources disagree or say nothing.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ENTER, scriptedPrompter } from '../src/cli/prompter.js';
import { decidePeriod } from '../src/importer/period.js';
import { openStore } from '../src/store/db.js';
import { parsePeriod, periodsInFileName, periodsInTitle, previousPeriod } from '../src/text/period.js';
import { FIXTURES, ROOT, roster, tempDir } from './helpers/cli.js';
import { HEADERS, initDb, sampleDb, SAMPLE_ROSTERS, writeCsv } from './helpers/seed.js';
import { defined, at } from './helpers/defined.js';

/** 1 December: the day a November roster usually arrives. */
const DEC_1 = new Date('2026-12-01T08:00:00');

const ROWS = [
  ['Nguyễn Thị Hoa', '03/04/1972', 'Nữ', '079172135623', '0908123123', 'Tổ trưởng', 'Khu phố 1', 'Phường Tân Định', '', 'x'],
  ['Trần Văn Tài', '16/06/1991', 'Nam', '079091143542', '0932111999', 'Thành viên', 'Khu phố 1', 'Phường Tân Định', '', ''],
];

/** A CSV roster with a title block above the header, as offices write them. */
function withTitle(file: string, title: string[]): string {
  writeCsv(file, ROWS);
  const body = fs.readFileSync(file, 'utf8');
  fs.writeFileSync(file, ['ỦY BAN NHÂN DÂN PHƯỜNG TÂN ĐỊNH', ...title, '', body].join('\r\n'));
  return file;
}

function periods(db: string): { period: string; n: number }[] {
  const { db: h } = openStore(db, { readonly: true });
  try {
    return h.prepare('SELECT period, count(*) AS n FROM source_rows GROUP BY period ORDER BY period').all() as { period: string; n: number }[];
  } finally {
    h.close();
  }
}

describe('one period parser', () => {
  it('trims whitespace and refuses anything but YYYY-MM', () => {
    expect(parsePeriod(' 2026-11 ')).toBe('2026-11');
    expect(parsePeriod('2026-11\t')).toBe('2026-11');
    for (const bad of ['', '   ', '2026-13', '2026-00', '2026-1', '11-2026', '2026/11', '2026-11-01', 'x']) {
      expect(() => parsePeriod(bad), bad).toThrow(/--period/);
    }
    expect(() => parsePeriod('2026-13', '--from')).toThrow(/--from/);
  });

  it('previous month of the clock, across a year boundary', () => {
    expect(previousPeriod(new Date('2026-12-01T08:00:00'))).toBe('2026-11');
    expect(previousPeriod(new Date('2027-01-03T08:00:00'))).toBe('2026-12');
  });

  it('reads a month from file names clerks write', () => {
    const cases: [string, string[]][] = [
      ['tan-dinh-2026-11.csv', ['2026-11']],
      ['danh-sach-11-2026.xlsx', ['2026-11']],
      ['DS T11.2026.xlsx', ['2026-11']],
      ['ds-thang-11-2026.csv', ['2026-11']],
      ['Danh sách tháng 11 năm 2026.xlsx', ['2026-11']],
      ['tổ CNSCĐ Tháng 3-2027.csv', ['2027-03']],
      ['q3-phuong-1-4-5-2026-11.csv', ['2026-11']],
      ['bao-cao-2026-11-30.xlsx', ['2026-11']],
      ['roster.csv', []],
      ['ds-2026-10-va-2026-11.csv', ['2026-10', '2026-11']],
    ];
    for (const [name, want] of cases) expect(periodsInFileName(name), name).toEqual(want);
  });

  it('reads a month from title texts, not from the date line', () => {
    expect(periodsInTitle('DANH SÁCH TỔ CÔNG NGHỆ SỐ CỘNG ĐỒNG THÁNG 11/2026')).toEqual(['2026-11']);
    expect(periodsInTitle('Danh sách thành viên tháng 11 năm 2026')).toEqual(['2026-11']);
    expect(periodsInTitle('Tháng 9-2026')).toEqual(['2026-09']);
    expect(periodsInTitle('TP. Hồ Chí Minh, ngày 30 tháng 12 năm 2026')).toEqual([]);
    expect(periodsInTitle('Khu phố 11')).toEqual([]);
  });

  it('decides only when every file speaks and all agree', () => {
    const e = (file: string, fromName: string[], fromTitle: string[] = []) => ({ file, fromName, fromTitle, titleText: fromTitle.length ? 'T' : undefined });
    expect(decidePeriod([e('a', ['2026-11'], ['2026-11'])])).toMatchObject({ ok: true, period: '2026-11', source: { kind: 'file-name' } });
    expect(decidePeriod([e('a', [], ['2026-11'])])).toMatchObject({ ok: true, period: '2026-11', source: { kind: 'title' } });
    expect(decidePeriod([e('a', ['2026-10'], ['2026-11'])])).toMatchObject({ ok: false, reason: 'disagree' });
    expect(decidePeriod([e('a', ['2026-11']), e('b', ['2026-10'])])).toMatchObject({ ok: false, reason: 'disagree' });
    expect(decidePeriod([e('a', ['2026-11']), e('b', [])])).toMatchObject({ ok: false, reason: 'none' });
    expect(decidePeriod([e('a', [])])).toMatchObject({ ok: false, reason: 'none', candidates: [] });
  });
});

describe('every command parses its period flags the same way', () => {
  it('"2026-11 " is 2026-11 for validate, export, diff and report; a bad value is exit 2 naming the flag', async () => {
    const db = await sampleDb();
    const plain = await roster(['validate', '--db', db, '--period', '2026-11', '--json']);
    const spaced = await roster(['validate', '--db', db, '--period', '2026-11 ', '--json']);
    expect(plain.code).toBe(1);
    expect(spaced.code).toBe(plain.code);
    expect(JSON.parse(spaced.stdout).counts).toEqual(JSON.parse(plain.stdout).counts);
    expect(JSON.parse(spaced.stdout).period).toBe('2026-11');

    const exp = await roster(['export', 'members', '--db', db, '--period', ' 2026-11']);
    expect(exp.code, exp.stderr).toBe(0);
    expect(exp.stdout.split('\n').filter((l) => l.includes('2026-11')).length).toBeGreaterThan(5);

    const diff = await roster(['diff', '--db', db, '--from', ' 2026-11', '--to', '2026-11 ', '--json']);
    expect(diff.code, diff.stderr).toBe(0);
    expect(JSON.parse(diff.stdout)).toMatchObject({ from: '2026-11', to: '2026-11' });

    const cases: [string[], string][] = [
      [['validate', '--period', '2026-13'], '--period'],
      [['validate', '--period', '  '], '--period'],
      [['export', 'members', '--period', '11/2026'], '--period'],
      [['diff', '--from', '2026-1', '--to', '2026-11'], '--from'],
      [['diff', '--from', '2026-10', '--to', 'nov'], '--to'],
      [['report', 'monthly', '--period', '2026-11x', '-o', path.join(tempDir(), 'r.xlsx')], '--period'],
      [['remap', '--period', '2026-00', '--dry-run'], '--period'],
      [['import', '--period', '2026-13', at(SAMPLE_ROSTERS, 2)], '--period'],
    ];
    for (const [args, flag] of cases) {
      const r = await roster([...args, '--db', db]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toContain(flag);
      expect(r.stderr).not.toMatch(/at .*\.ts:\d+/);
    }
  });

  it('whitespace around any flag value is trimmed: choices, ids and paths too', async () => {
    const db = await sampleDb();
    const csvOut = await roster(['validate', '--db', ` ${db} `, '--format', ' csv ']);
    expect(csvOut.code).toBe(1);
    expect(csvOut.stdout.startsWith('Tệp,Trang tính,Dòng')).toBe(true);
    const exp = await roster(['export', 'teams', '--db', db, '--format', 'csv ']);
    expect(exp.code, exp.stderr).toBe(0);
    const id = at(exp.stdout.split('\r\n'), 1).split(',')[0];
    const team = await roster(['history', '--db', db, '--team', ` ${id} `, '--json']);
    expect(team.code, team.stderr).toBe(0);
    expect(JSON.parse(team.stdout).team.id).toBe(Number(id));
  });

  it('every period flag states its default (or that it is required) in its help', async () => {
    for (const cmd of [['import'], ['validate'], ['export'], ['remap'], ['diff'], ['report', 'monthly']]) {
      const r = await roster([...cmd, '--help']);
      const lines = r.stdout
        .replace(/\n\s+/g, ' ')
        .split('\n')
        .filter((l) => /--(period|from|to|prefill) </.test(l));
      expect(lines.length, cmd.join(' ')).toBeGreaterThan(0);
      for (const l of lines) expect(l, cmd.join(' ')).toMatch(/\((mặc định: [^)]+|bắt buộc)\)/);
    }
  });
});

describe('import: the period is never guessed', () => {
  it('takes the month from the file name on 1 December, says so, and files it under November', async () => {
    const db = await initDb();
    const r = await roster(['import', '--db', db, at(SAMPLE_ROSTERS, 2)], { now: DEC_1 });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('Kỳ 2026-11 (theo tên tệp tan-dinh-2026-11.csv)');
    expect(periods(db).map((p) => p.period)).toEqual(['2026-11']);
    const j = await roster(['import', '--db', await initDb(), '--json', at(SAMPLE_ROSTERS, 2)], { now: DEC_1 });
    expect(JSON.parse(j.stdout)).toMatchObject({ period: '2026-11', periodSource: { kind: 'file-name', file: SAMPLE_ROSTERS[2] } });
  });

  it('README shows what the import really says', async () => {
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const block = /\$ roster import tan-dinh-2026-11\.csv[^\n]*\n([\s\S]*?)```/.exec(readme);
    expect(block).not.toBeNull();
    const r = await roster(['import', '--db', await initDb(), at(SAMPLE_ROSTERS, 2)], { now: DEC_1 });
    expect(r.stderr).toBe(defined(block)[1]);
  });

  it('with -q the inferred period is still part of the summary', async () => {
    const db = await initDb();
    const r = await roster(['import', '-q', '--db', db, at(SAMPLE_ROSTERS, 2)], { now: DEC_1 });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/kỳ 2026-11 \(theo tên tệp tan-dinh-2026-11\.csv\).*thêm \d+/);
    const given = await roster(['import', '-q', '--db', await initDb(), '--period', '2026-11', at(SAMPLE_ROSTERS, 2)], { now: DEC_1 });
    expect(given.stderr).toBe('');
  });

  it('takes the month from the title block when the name has none, ignoring the date line', async () => {
    const dir = tempDir();
    const f = withTitle(path.join(dir, 'danh-sach.csv'), ['DANH SÁCH TỔ CÔNG NGHỆ SỐ CỘNG ĐỒNG THÁNG 11/2026', 'Tân Định, ngày 02 tháng 12 năm 2026']);
    const db = await initDb();
    const r = await roster(['import', '--db', db, '--json', f], { now: DEC_1 });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).periodSource).toEqual({ kind: 'title', file: f, text: 'DANH SÁCH TỔ CÔNG NGHỆ SỐ CỘNG ĐỒNG THÁNG 11/2026' });
    expect(periods(db)).toEqual([{ period: '2026-11', n: 2 }]);
    const g = withTitle(path.join(dir, 'ds-phuong.csv'), ['Danh sách thành viên Tháng 10 năm 2026']);
    const r2 = await roster(['import', '--db', db, g], { now: DEC_1 });
    expect(r2.code, r2.stderr).toBe(0);
    expect(r2.stderr).toContain('theo tiêu đề "Danh sách thành viên Tháng 10 năm 2026"');
    expect(periods(db).map((p) => p.period)).toEqual(['2026-10', '2026-11']);
  });

  it('an XLSX written by another program: the month of the merged title cell, not of the signing date above the header', async () => {
    const f = path.join(FIXTURES, 'rosters', 'period-in-title-not-date-line.xlsx');
    const db = await initDb();
    const r = await roster(['import', '--db', db, '--json', f], { now: new Date('2027-01-15T08:00:00') });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).periodSource).toMatchObject({ kind: 'title', text: 'DANH SÁCH THÀNH VIÊN TỔ CÔNG NGHỆ SỐ CỘNG ĐỒNG THÁNG 11/2026' });
    expect(periods(db)).toEqual([{ period: '2026-11', n: 5 }]);
  });

  it('name and title disagree: exit 2 naming --period without a terminal, and with -y; nothing written', async () => {
    const f = withTitle(path.join(tempDir(), 'ds-2026-10.csv'), ['DANH SÁCH THÁNG 11/2026']);
    const db = await initDb();
    for (const extra of [[], ['-y']]) {
      const p = scriptedPrompter([]);
      const r = await roster(['import', '--db', db, ...extra, f], { now: DEC_1, tty: extra.length > 0, prompter: p });
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('--period');
      expect(r.stderr).toMatch(/2026-10.*2026-11/);
      expect(p.asked).toEqual([]);
    }
    expect(periods(db)).toEqual([]);
  });

  it('on a terminal it asks; Enter takes the previous month of the clock', async () => {
    const f = withTitle(path.join(tempDir(), 'ds-2026-10.csv'), ['DANH SÁCH THÁNG 11/2026']);
    const db = await initDb();
    const p = scriptedPrompter([ENTER]);
    const r = await roster(['import', '--db', db, f], { now: DEC_1, tty: true, prompter: p });
    expect(r.code, r.stderr).toBe(0);
    expect(p.asked).toEqual(['Danh sách này của tháng nào?']);
    expect(p.defaults).toEqual(['2026-11']);
    expect(r.stderr).toContain('kỳ 2026-11 (do bạn chọn)');
    expect(periods(db)).toEqual([{ period: '2026-11', n: 2 }]);
  });

  it('no month anywhere: on a terminal "another month" takes a typed period; without one, exit 2', async () => {
    const f = writeCsv(path.join(tempDir(), 'roster.csv'), ROWS, HEADERS);
    const db = await initDb();
    const none = await roster(['import', '--db', db, f], { now: DEC_1 });
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/Không tìm thấy kỳ.*\n.*--period/);
    const p = scriptedPrompter(['other', ' 2026-09 ']);
    const r = await roster(['import', '--db', db, f], { now: DEC_1, tty: true, prompter: p });
    expect(r.code, r.stderr).toBe(0);
    expect(periods(db)).toEqual([{ period: '2026-09', n: 2 }]);
  });

  it('files of one import naming different months: exit 2 without a terminal', async () => {
    const dir = tempDir();
    const a = writeCsv(path.join(dir, 'kp1-2026-11.csv'), ROWS.slice(0, 1));
    const b = writeCsv(path.join(dir, 'kp2-2026-10.csv'), ROWS.slice(1));
    const db = await initDb();
    const r = await roster(['import', '--db', db, a, b], { now: DEC_1 });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/2026-11.*2026-10/);
    expect(periods(db)).toEqual([]);
  });

  it('--period wins over the file name, with a warning', async () => {
    const db = await initDb();
    const r = await roster(['import', '--db', db, '--period', '2026-12', at(SAMPLE_ROSTERS, 2)], { now: DEC_1 });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/tan-dinh-2026-11\.csv ghi kỳ 2026-11, nhưng --period là 2026-12/);
    expect(periods(db).map((p) => p.period)).toEqual(['2026-12']);
  });
});
