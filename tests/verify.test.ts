/**
 * Tamper evidence: the digest of the hidden data sheet and the visible
 * figures. A workbook edited after generation (a figure on Tổng hợp or Danh
 * sách tổ, a member row, the hidden sheet itself) is found by `roster verify`
 * (exit 1, cells listed) and refused by `report consolidate` (exit 2, naming
 * the ward and sheet) unless --accept-edited; an untouched one passes both; a
 * workbook without a digest is unverifiable.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { officeSeed, seedDatabase } from '../fixtures/reports/seed.js';
import { ROOT, roster, tempDir } from './helpers/cli.js';
import { defined } from './helpers/defined.js';
import { hasProgram, INSTALL, skipUnless } from './helpers/skips.js';

const NOW = new Date('2026-11-28T09:00:00+07:00');

let dir: string;
let a: string;
let b: string;

/** A copy of `src` with `edit` applied by exceljs, as another program would save it. */
async function edited(src: string, name: string, edit: (wb: ExcelJS.Workbook) => void): Promise<string> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(src);
  edit(wb);
  const out = path.join(dir, name);
  await wb.xlsx.writeFile(out);
  return out;
}

/** Row of the Tổng hợp sheet whose ward code (column C) is `code`. */
function wardRow(ws: ExcelJS.Worksheet, code: string): number {
  for (let r = 1; r <= ws.rowCount; r++) if (String(ws.getRow(r).getCell(3).value) === code) return r;
  throw new Error(`no row for ${code}`);
}

beforeAll(async () => {
  dir = tempDir('roster-verify-');
  seedDatabase(path.join(dir, 'a.db'), [officeSeed('A')]).close();
  seedDatabase(path.join(dir, 'b.db'), [officeSeed('B')]).close();
  a = path.join(dir, 'a.xlsx');
  b = path.join(dir, 'b.xlsx');
  for (const [db, out] of [
    ['a.db', a],
    ['b.db', b],
  ] as [string, string][]) {
    const r = await roster(['report', 'monthly', '--db', path.join(dir, db), '--period', '2026-11', '-o', out, '--draft'], { now: NOW });
    expect(r.code, r.stderr).toBe(0);
  }
});

describe('roster verify', () => {
  it('an untouched workbook is exit 0, also after another program re-saved it unchanged', async () => {
    const r = await roster(['verify', a, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j).toMatchObject({ ok: true, status: 'untouched', period: '2026-11', differences: [] });
    expect(j.generated).toBe(NOW.toISOString());
    expect(j.tool).toMatch(/^roster \d+\.\d+\.\d+/);
    const resaved = await edited(a, 'resaved.xlsx', () => undefined);
    const r2 = await roster(['verify', resaved]);
    expect(r2.code, r2.stderr).toBe(0);
    expect(r2.stderr).toMatch(/nguyên vẹn/);
  });

  it('a member count changed on Tổng hợp is exit 1 and names the cell and the ward', async () => {
    let cell = '';
    let was = 0;
    const f = await edited(a, 'tampered-summary.xlsx', (wb) => {
      const ws = defined(wb.getWorksheet('Tổng hợp'));
      const r = wardRow(ws, '26737');
      const c = ws.getRow(r).getCell(6); // Tổng số thành viên
      was = Number(c.value);
      c.value = was + 5;
      cell = c.address;
    });
    const r = await roster(['verify', f, '--json']);
    expect(r.code).toBe(1);
    const j = JSON.parse(r.stdout);
    expect(j.status).toBe('edited');
    expect(j.differences).toContainEqual(expect.objectContaining({ sheet: 'Tổng hợp', cell, found: String(was + 5), expected: String(was), ward: 'Phường Tân Định' }));
    const human = await roster(['verify', f]);
    expect(human.code).toBe(1);
    expect(human.stderr).toContain(`'Tổng hợp'!${cell} [Phường Tân Định]: ${was + 5} (roster đã ghi ${was})`);
  });

  it('a figure on Danh sách tổ, a member row, or the hidden sheet changed is exit 1', async () => {
    const team = await edited(a, 'tampered-team.xlsx', (wb) => {
      const c = defined(wb.getWorksheet('Danh sách tổ')).getRow(6).getCell(9); // Nữ of the first team
      c.value = Number(c.value) + 1;
    });
    const rt = await roster(['verify', team, '--json']);
    expect(rt.code).toBe(1);
    expect(JSON.parse(rt.stdout).differences).toEqual([expect.objectContaining({ sheet: 'Danh sách tổ', cell: 'I6' })]);

    const member = await edited(a, 'tampered-member.xlsx', (wb) => {
      defined(wb.getWorksheet('Thành viên')).getRow(7).getCell(4).value = 'Người Khác';
    });
    const rm = await roster(['verify', member, '--json']);
    expect(rm.code).toBe(1);
    expect(JSON.parse(rm.stdout).differences).toEqual([expect.objectContaining({ kind: 'rows', sheet: 'Thành viên', cell: '' })]);

    const deleted = await edited(a, 'tampered-deleted.xlsx', (wb) => wb.removeWorksheet(defined(wb.getWorksheet('Danh sách tổ')).id));
    const rd = await roster(['verify', deleted]);
    expect(rd.code).toBe(1);
    expect(rd.stderr).toContain("trang 'Danh sách tổ' không còn trong tệp");

    // Editing the hidden figures to agree with an edited visible one is caught by the digest.
    const both = await edited(a, 'tampered-both.xlsx', (wb) => {
      const data = defined(wb.getWorksheet('_data'));
      data.eachRow((row) => {
        if (row.getCell(1).value === 'meta' && row.getCell(2).value === 'total.members') row.getCell(3).value = Number(row.getCell(3).value) + 1;
      });
    });
    const rb = await roster(['verify', both, '--json']);
    expect(rb.code).toBe(1);
    expect(JSON.parse(rb.stdout).differences.map((d: { kind: string; sheet: string }) => `${d.kind}:${d.sheet}`)).toContain('hidden:_data');
  });

  it.skipIf(skipUnless(hasProgram('soffice'), 'a workbook re-saved by LibreOffice still verifies', INSTALL.soffice))(
    'a workbook opened and saved unchanged in LibreOffice still verifies',
    () => {
      const outDir = path.join(dir, 'lo');
      spawnSync('soffice', ['--headless', `-env:UserInstallation=file://${path.join(dir, 'lo-profile')}`, '--convert-to', 'xlsx', '--outdir', outDir, a], { timeout: 170_000 });
      const r = spawnSync(process.execPath, [path.join(ROOT, 'bin/roster.js'), 'verify', path.join(outDir, 'a.xlsx')], { encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
    },
    180_000,
  );

  it('a workbook without a digest (older roster) is unverifiable, and a file that is not a roster workbook is exit 2', async () => {
    const old = await edited(a, 'no-digest.xlsx', (wb) => {
      const data = defined(wb.getWorksheet('_data'));
      data.spliceRows(data.rowCount, 1);
    });
    const r = await roster(['verify', old]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/không có mã kiểm tra/);
    const other = new ExcelJS.Workbook();
    other.addWorksheet('Sheet1').getCell('A1').value = 'x';
    const f = path.join(dir, 'other.xlsx');
    await other.xlsx.writeFile(f);
    expect((await roster(['verify', f])).code).toBe(2);
  });
});

describe('report consolidate refuses edited workbooks', () => {
  let tampered: string;
  beforeAll(async () => {
    tampered = await edited(b, 'b-tampered.xlsx', (wb) => {
      const ws = defined(wb.getWorksheet('Tổng hợp'));
      const c = ws.getRow(wardRow(ws, '27142')).getCell(6);
      c.value = Number(c.value) + 3;
    });
  });

  it('exit 2 naming the file, ward and sheet; nothing written', async () => {
    const out = path.join(dir, 'city-refused.xlsx');
    const r = await roster(['report', 'consolidate', a, tampered, '-o', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('b-tampered.xlsx');
    expect(r.stderr).toMatch(/'Tổng hợp'!F\d+ \[Phường Nhiêu Lộc\]/);
    expect(fs.existsSync(out)).toBe(false);
  });

  it('--accept-edited consolidates the generated figures and says so on Kiểm tra', async () => {
    const out = path.join(dir, 'city-accepted.xlsx');
    const ref = path.join(dir, 'city-clean.xlsx');
    expect((await roster(['report', 'consolidate', a, b, '-o', ref], { now: NOW })).code).toBe(0);
    const r = await roster(['report', 'consolidate', a, tampered, '-o', out, '--accept-edited', '--json'], { now: NOW });
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.edited).toHaveLength(1);
    const clean = JSON.parse((await roster(['report', 'consolidate', a, b, '-o', path.join(dir, 'city-clean2.xlsx'), '--json'], { now: NOW })).stdout);
    expect(j.totals).toEqual(clean.totals);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    expect(JSON.stringify(defined(wb.getWorksheet('Kiểm tra')).getSheetValues())).toMatch(/b-tampered\.xlsx: số liệu bị sửa tay/);
    // The consolidated workbook carries its own digest.
    expect((await roster(['verify', out])).code).toBe(0);
  });

  it('an unverifiable workbook is refused unless accepted', async () => {
    const old = await edited(b, 'b-old.xlsx', (wb) => {
      const data = defined(wb.getWorksheet('_data'));
      data.spliceRows(data.rowCount, 1);
    });
    const r = await roster(['report', 'consolidate', a, old, '-o', path.join(dir, 'c-old.xlsx')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/b-old\.xlsx: không kiểm tra được/);
    const ok = await roster(['report', 'consolidate', a, old, '-o', path.join(dir, 'c-old2.xlsx'), '--accept-edited']);
    expect(ok.code, ok.stderr).toBe(0);
  });
});
