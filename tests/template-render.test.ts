/**
 * The roster template through LibreOffice: each khu phố's sheet prints on one
 * A4 landscape page with the title, the month and the header; the guide
 * prints too; prefilled IDs stay masked on paper. (The validations are
 * checked by reading the workbook back, tests/template.test.ts.) Skipped
 * with a message where LibreOffice or poppler is not installed
 * (Debian: libreoffice-calc-nogui poppler-utils).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { FIXTURES, roster, tempDir } from './helpers/cli.js';
import { hasProgram, INSTALL, skipUnless } from './helpers/skips.js';
import { known } from './helpers/defined.js';

const skipped =
  skipUnless(hasProgram('soffice'), 'roster template rendered by LibreOffice', INSTALL.soffice) ||
  skipUnless(hasProgram('pdfinfo') && hasProgram('pdftotext'), 'roster template rendered by LibreOffice', INSTALL.poppler);

describe.skipIf(skipped)('roster template rendered by LibreOffice', () => {
  it('one A4 landscape page per khu phố with title, month and header; the guide; IDs masked', async () => {
    const dir = tempDir('roster-template-render-');
    const db = path.join(dir, 't.db');
    const now = new Date('2026-12-01T09:00:00+07:00');
    expect((await roster(['init', '--db', db, '--office', 'UBND PHƯỜNG TÂN ĐỊNH', '--jurisdiction', '26737'], { now })).code).toBe(0);
    expect((await roster(['import', '--db', db, path.join(FIXTURES, 'sample', 'tan-dinh-2026-11.csv'), '--period', '2026-11'], { now })).code).toBe(0);
    const out = path.join(dir, 'bieu-mau.xlsx');
    const r = await roster(['template', '--db', db, '--period', '2026-12', '--prefill', '2026-11', '-o', out], { now });
    expect(r.code, r.stderr).toBe(0);
    const conv = spawnSync('soffice', ['--headless', `-env:UserInstallation=file://${path.join(dir, 'lo-profile')}`, '--convert-to', 'pdf', '--outdir', dir, out], {
      encoding: 'utf8',
      timeout: 170_000,
    });
    const pdf = path.join(dir, 'bieu-mau.pdf');
    expect(fs.existsSync(pdf), conv.stderr).toBe(true);
    const info = spawnSync('pdfinfo', ['-f', '1', '-l', '999', pdf], { encoding: 'utf8' }).stdout;
    const sizes = [...info.matchAll(/Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)/g)].map((m) => [Math.round(Number(m[1])), Math.round(Number(m[2]))]);
    // Two khu phố sheets (ward-level team, Khu phố 1) in landscape, then the guide in portrait.
    expect(sizes).toEqual([
      [842, 595],
      [842, 595],
      [595, 842],
    ]);
    const page = (n: number) => spawnSync('pdftotext', ['-f', String(n), '-l', String(n), '-layout', pdf, '-'], { encoding: 'utf8' }).stdout;
    const p2 = page(2);
    expect(p2).toContain('UBND PHƯỜNG TÂN ĐỊNH');
    expect(p2).toContain('KHU PHỐ 1, PHƯỜNG TÂN ĐỊNH');
    expect(p2).toContain('THÁNG 12/2026');
    for (const h of ['STT', 'Họ và tên', 'Số CCCD', 'Số điện thoại', 'Khu phố/Ấp']) expect(p2).toContain(h);
    expect(p2).toContain('Nguyễn Thị Hoa');
    expect(p2).toContain('079******623');
    expect(p2).not.toContain('079172135623');
    expect(page(3)).toContain('HƯỚNG DẪN');
  }, 180_000);

  it("LibreOffice evaluates the template's CCCD, phone and e-mail rules as meant: a 10-digit CCCD is rejected", async () => {
    const dir = tempDir('roster-template-rules-');
    const db = path.join(dir, 't.db');
    expect((await roster(['init', '--db', db, '--office', 'UBND PHƯỜNG TÂN ĐỊNH', '--jurisdiction', '26737'])).code).toBe(0);
    const tpl = path.join(dir, 'bieu-mau.xlsx');
    expect((await roster(['template', '--db', db, '--period', '2026-12', '-o', tpl])).code).toBe(0);
    const t = new ExcelJS.Workbook();
    await t.xlsx.readFile(tpl);
    const model = (t.worksheets[0] as unknown as { dataValidations: { model: Record<string, ExcelJS.DataValidation> } }).dataValidations.model;
    const formula = (cell: string) => known(model[cell], `the validation of ${cell}`).formulae[0] as string;
    const rule = { E: formula('E6'), F: formula('F6'), G: formula('G6') };
    // [column of the rule, value typed, accepted]
    const cases: [keyof typeof rule, ExcelJS.CellValue, boolean][] = [
      ['E', '079123456789', true],
      ['E', '0791234567', false],
      ['E', 79123456789, false],
      ['E', '07912345678a', false],
      ['E', '1234567890E1', false],
      ['E', ' 07912345678', false],
      ['F', '0903123456', true],
      ['F', '02838291234', true],
      ['F', '903123456', false],
      ['F', 9031234567, false],
      ['F', '0903 12345', false],
      ['G', 'a@b.vn', true],
      ['G', 'a@', false],
      ['G', 'a b@c.vn', false],
    ];
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('S');
    cases.forEach(([col, v], i) => {
      ws.getCell(`A${i + 1}`).value = v;
      ws.getCell(`B${i + 1}`).value = { formula: rule[col].replace(new RegExp(`\\b${col}6\\b`, 'g'), `A${i + 1}`) } as ExcelJS.CellFormulaValue;
    });
    const file = path.join(dir, 'rules.xlsx');
    await wb.xlsx.writeFile(file);
    spawnSync('soffice', ['--headless', `-env:UserInstallation=file://${path.join(dir, 'lo-profile')}`, '--convert-to', 'csv', '--outdir', dir, file], {
      encoding: 'utf8',
      timeout: 170_000,
    });
    const got = fs
      .readFileSync(path.join(dir, 'rules.csv'), 'utf8')
      .trim()
      .split(/\r?\n/)
      .map((l) => l.slice(l.lastIndexOf(',') + 1));
    expect(got).toEqual(cases.map(([, , ok]) => (ok ? 'TRUE' : 'FALSE')));
  }, 180_000);
});
