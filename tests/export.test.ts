/**
 * Flat exports read back: CSV is UTF-8 with a BOM, formula-looking text gets
 * a leading apostrophe, IDs and phones are masked unless --include-pii, rows
 * carry their provenance; XLSX cells with such text are strings, never formulas.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { maskText } from '../src/privacy/mask.js';
import { FORMULA_TEXTS, officeSeed, seedDatabase } from '../fixtures/reports/seed.js';
import { roster, tempDir } from './helpers/cli.js';
import { sampleDb } from './helpers/seed.js';
import { defined, at } from './helpers/defined.js';

const seed = officeSeed('A');
let dir: string;
let db: string;
beforeAll(() => {
  dir = tempDir('roster-export-');
  db = path.join(dir, 'a.db');
  seedDatabase(db, [seed]).close();
});

/** The November roster's members at the period end, each person once per team. */
function expectedMembers() {
  const seen = new Set<string>();
  return at(seed.months, 1).rows.filter((r) => {
    const k = `${r.ward}|${r.neighbourhood}|${r.person_id}`;
    if ((r.left_on && r.left_on <= '2026-11-30') || seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

describe('export', () => {
  it('members as CSV on stdout: BOM, masked IDs, apostrophe before formula-looking text, provenance', async () => {
    const r = await roster(['export', 'members', '--db', db, '--period', '2026-11']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.startsWith('\ufeff')).toBe(true);
    const rows = parse(r.stdout.slice(1), { columns: true }) as Record<string, string>[];
    const want = expectedMembers();
    expect(rows.length).toBe(want.length);
    expect(r.stdout).not.toMatch(/\d{12}/);
    const names = new Set(rows.map((x) => x['Họ và tên']));
    const orgs = new Set(rows.map((x) => x['Đơn vị công tác']));
    let checked = 0;
    for (const w of want) {
      for (const [v, set] of [
        [w.full_name, names],
        [w.organisation, orgs],
      ] as const) {
        if (v && FORMULA_TEXTS.includes(v)) {
          // Text with an @ or a phone number is masked (one rule), the rest gets its apostrophe.
          const masked = maskText(v, false);
          expect(set.has(masked === v ? `'${v}` : masked), JSON.stringify(v)).toBe(true);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThanOrEqual(4);
    const first = rows.find((x) => x['Số CCCD'] === `${defined(at(want, 0).person_id).slice(0, 3)}******${defined(at(want, 0).person_id).slice(-3)}`);
    expect(first?.Tệp).toBe('office-A-2026-11.csv');
    expect(Number(first?.Dòng)).toBe(at(want, 0).row);
  });

  it('members with --include-pii to a file; teams as XLSX with text cells only where text was given', async () => {
    const csv = path.join(dir, 'members.csv');
    expect((await roster(['export', 'members', '--db', db, '-o', csv, '--include-pii'])).code).toBe(0);
    const text = fs.readFileSync(csv, 'utf8');
    expect(text).toContain(defined(at(expectedMembers(), 0).person_id));
    expect(fs.statSync(csv).mode & 0o777).toBe(0o600);

    const xlsx = path.join(dir, 'members.xlsx');
    expect((await roster(['export', 'members', '--db', db, '--format', 'xlsx', '--include-pii', '-o', xlsx])).code).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(xlsx);
    const found: string[] = [];
    at(wb.worksheets, 0).eachRow((row) =>
      row.eachCell((c) => {
        expect(c.type).not.toBe(ExcelJS.ValueType.Formula);
        if (typeof c.value === 'string' && /^[=+@-]/.test(c.value)) found.push(c.value);
      }),
    );
    expect(found).toEqual(expect.arrayContaining(['=HYPERLINK("http://x","y")', '@SUM(A1)']));

    const teams = path.join(dir, 'teams.csv');
    expect((await roster(['export', 'teams', '--db', db, '-o', teams, '--period', '2026-11'])).code).toBe(0);
    const t = parse(fs.readFileSync(teams, 'utf8').slice(1), { columns: true }) as Record<string, string>[];
    const total = t.reduce((a, x) => a + Number(x['Thành viên']), 0);
    expect(total).toBe(expectedMembers().length);
    expect(t.every((x) => x.Tệp === 'office-A-2026-11.csv')).toBe(true);
  });

  it('XLSX without -o is a usage error (exit 2)', async () => {
    const r = await roster(['export', 'teams', '--db', db, '--format', 'xlsx']);
    expect(r.code).toBe(2);
  });
});

describe('--include-pii on a terminal', () => {
  it('warns that the file holds personal data; without a terminal it stays quiet', async () => {
    const db = await sampleDb();
    const tty = await roster(['export', 'members', '--include-pii', '--db', db], { tty: true });
    expect(tty.code).toBe(0);
    expect(tty.stderr).toMatch(/Cảnh báo: tệp xuất có đầy đủ số CCCD/);
    expect(tty.stdout).toContain('079099024757');
    const pipe = await roster(['export', 'members', '--include-pii', '--db', db]);
    expect(pipe.stderr).not.toMatch(/Cảnh báo/);
    const masked = await roster(['export', 'members', '--db', db], { tty: true });
    expect(masked.stdout).not.toContain('079099024757');
    expect(masked.stderr).not.toMatch(/Cảnh báo/);
  });
});
