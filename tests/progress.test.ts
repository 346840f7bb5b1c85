/**
 * Progress bars: a total and a percentage where the total is knowable (bytes
 * of a CSV, the dimension of an XLSX sheet, the row ids of a validation
 * pass), on stderr and only on a terminal, for import, validate and report.
 */
import path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { progressText } from '../src/cli/progress.js';
import { roster, tempDir } from './helpers/cli.js';
import { initDb, sampleDb } from './helpers/seed.js';

const NOW = new Date('2026-12-01T08:00:00');
const TTY = { tty: true, env: { ROSTER_PROGRESS_DELAY_MS: '0' }, now: NOW };
const BAR = /\[[█░]{24}\] \d{1,3}%/;

describe('the progress line', () => {
  it('shows the share done with its total, in bytes or rows', () => {
    expect(progressText({ label: 'Đang nhập a.csv', done: 1_258_291, total: 2_726_298, unit: 'bytes', extra: '9000 dòng' }, 'vi')).toBe(
      `Đang nhập a.csv [${'█'.repeat(11)}${'░'.repeat(13)}] 46% (1,2 MB/2,6 MB) 9000 dòng`,
    );
    expect(progressText({ label: 'Importing', done: 250, total: 1000, unit: 'rows' }, 'en')).toBe(`Importing [${'█'.repeat(6)}${'░'.repeat(18)}] 25% (250/1000 rows)`);
    // No total: no bar and no percentage, only what is known.
    expect(progressText({ label: 'Đang nhập', done: 10, unit: 'rows', extra: '10 dòng' }, 'vi')).toBe('Đang nhập 10 dòng');
  });

  it("XLSX import: the sheet's dimension is the total", async () => {
    const f = path.join(tempDir(), 'kp-2026-11.xlsx');
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('DS');
    ws.addRow(['Họ và tên', 'Chức danh', 'Khu phố', 'Phường/Xã', 'Số CCCD']);
    for (let i = 0; i < 9000; i++)
      ws.addRow([
        `Nguyễn Văn ${String.fromCharCode(65 + (i % 26))}${i}`,
        i % 10 ? 'Thành viên' : 'Tổ trưởng',
        `Khu phố ${i % 30}`,
        'Phường Tân Định',
        `0790901${String(i).padStart(5, '0')}`,
      ]);
    await wb.xlsx.writeFile(f);
    const r = await roster(['import', '--db', await initDb(), f], TTY);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(new RegExp(`Đang nhập kp-2026-11\\.xlsx ${BAR.source} \\(\\d+/9001 dòng\\)`));
    expect(r.stdout).toBe('');
  });

  it('validate and report show the pass over the roster on a terminal only', async () => {
    const db = await sampleDb();
    const v = await roster(['validate', '--db', db], TTY);
    expect(v.stderr).toMatch(new RegExp(`Đang kiểm tra kỳ 2026-11 ${BAR.source} \\(\\d+/\\d+ dòng\\)`));
    expect(v.stdout).not.toContain('Đang kiểm tra');
    const rep = await roster(['report', 'monthly', '--db', db, '--period', '2026-11', '--draft', '-o', path.join(tempDir(), 'r.xlsx')], TTY);
    expect(rep.code, rep.stderr).toBe(0);
    expect(rep.stderr).toMatch(new RegExp(`Đang kiểm tra kỳ 2026-11 ${BAR.source}`));
    for (const args of [
      ['validate', '--db', db],
      ['validate', '--db', db, '--json'],
      ['validate', '--db', db, '-q'],
    ]) {
      const quiet = await roster(args, { ...TTY, tty: args.length > 3 });
      expect(quiet.stderr, args.join(' ')).not.toContain('Đang kiểm tra');
    }
  });
});
