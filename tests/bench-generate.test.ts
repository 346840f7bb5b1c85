/**
 * The benchmark generator: deterministic bytes for a seed, personal IDs that
 * agree with date of birth and gender, exactly one leader per team, team sizes
 * 4–8, the requested row count, and an XLSX carrying the same rows as the CSV.
 * The checks here are written independently of the generator's own code.
 */
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, tempDir } from './helpers/cli.js';

const GENERATE = path.join(ROOT, 'bench', 'generate.mjs');
const dir = tempDir('roster-bench-gen-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function generate(...args: string[]): string {
  const r = spawnSync(process.execPath, [GENERATE, ...args], { encoding: 'utf8' });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return r.stdout;
}

const sha = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');

const HEADERS = [
  'STT',
  'Họ và tên',
  'Ngày sinh',
  'Giới tính',
  'Số CCCD',
  'Số điện thoại',
  'Email',
  'Chức danh',
  'Đơn vị công tác',
  'Khu phố/Ấp',
  'Phường/Xã',
  'Quận/Huyện',
  'Ngày tham gia',
  'Hoàn thành OneTouch',
  'Ghi chú',
];
// Mobile prefixes of DOMAIN.md § Identifiers.
const MOBILE = new Set('032 033 034 035 036 037 038 039 086 096 097 098 081 082 083 084 085 088 091 094 070 076 077 078 079 089 090 093 052 056 058 092 059 099 087'.split(' '));

/** One CSV record: the 15 roster columns. */
type Record15 = [string, string, string, string, string, string, string, string, string, string, string, string, string, string, string];

function readCsv(file: string): Record15[] {
  const text = fs.readFileSync(file, 'utf8');
  return parse(text, { relax_column_count: false }) as Record15[];
}

/** Day, month and year of a `dd/mm/yyyy` date. */
function dmy(s: string): [number, number, number] {
  const m = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(s);
  if (!m) throw new Error(`not a dd/mm/yyyy date: ${s}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

describe('bench/generate.mjs', () => {
  const a = path.join(dir, 'a.csv');
  const b = path.join(dir, 'b.csv');
  const c = path.join(dir, 'c.csv');
  const ROWS = 3001;

  it('writes the same bytes for the same seed, different bytes for another seed', () => {
    generate('--rows', String(ROWS), '--format', 'csv', '--out', a, '--seed', 's1');
    generate('--rows', String(ROWS), '--format', 'csv', '--out', b, '--seed', 's1');
    generate('--rows', String(ROWS), '--format', 'csv', '--out', c, '--seed', 's2');
    expect(sha(a)).toBe(sha(b));
    expect(sha(a)).not.toBe(sha(c));
  });

  it('writes the requested number of rows with the 15 roster headers, CRLF line ends and quoted fields', () => {
    const text = fs.readFileSync(a, 'utf8');
    expect(text.split('\r\n')[0]).toBe(HEADERS.join(','));
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/\n/);
    // Organisations with commas and notes with quotes are quoted per RFC 4180.
    expect(text).toMatch(/,"Công an phường, [^"]+",/);
    expect(text).toMatch(/"Thường gọi là ""Út"""/);
    const rows = readCsv(a);
    expect(rows[0]).toEqual(HEADERS);
    expect(rows.length - 1).toBe(ROWS);
    expect(rows.slice(1).map((r) => Number(r[0]))).toEqual(Array.from({ length: ROWS }, (_, i) => i + 1));
    for (const r of rows) expect(r).toHaveLength(15);
  });

  it('writes personal IDs that agree with date of birth and gender, unique, with real province prefixes', () => {
    const rows = readCsv(a).slice(1);
    const ids = new Set<string>();
    let withId = 0;
    for (const r of rows) {
      const [dd, mm, yyyy] = dmy(r[2]);
      const dob = new Date(Date.UTC(yyyy, mm - 1, dd));
      expect(dob.getUTCDate()).toBe(dd); // a real calendar date
      expect(r[2]).toMatch(/^\d{2}\/\d{2}\/\d{4}$/);
      expect(['Nam', 'Nữ']).toContain(r[3]);
      const id = r[4];
      if (id === '') continue;
      withId++;
      expect(id).toMatch(/^\d{12}$/);
      const province = Number(id.slice(1, 3));
      expect(id[0]).toBe('0');
      expect(province).toBeGreaterThanOrEqual(1);
      expect(province).toBeLessThanOrEqual(96);
      const female = r[3] === 'Nữ';
      const century = yyyy >= 2000 ? 2 : 0;
      expect(Number(id[3])).toBe(century + (female ? 1 : 0));
      expect(id.slice(4, 6)).toBe(String(yyyy % 100).padStart(2, '0'));
      expect(ids.has(id)).toBe(false);
      ids.add(id);
    }
    expect(withId).toBeGreaterThan(ROWS * 0.95);
    // Most members were registered in Ho Chi Minh City (079).
    const hcm = [...ids].filter((id) => id.startsWith('079')).length;
    expect(hcm / ids.size).toBeGreaterThan(0.5);
    // Phones: 10 digits with a real mobile prefix.
    for (const r of rows) if (r[5]) expect(MOBILE.has(r[5].slice(0, 3)) && /^\d{10}$/.test(r[5])).toBe(true);
    // Join dates after the 18th birthday and before the period end.
    for (const r of rows) {
      const [jd, jm, jy] = dmy(r[12]);
      const [bd, bm, by] = dmy(r[2]);
      expect(Date.UTC(jy, jm - 1, jd)).toBeLessThanOrEqual(Date.UTC(2026, 10, 30));
      expect(Date.UTC(jy, jm - 1, jd)).toBeGreaterThanOrEqual(Date.UTC(by + 18, bm - 1, Math.min(bd, 28)));
      expect(['Có', 'Không']).toContain(r[13]);
    }
  });

  it('makes teams of 4–8 with exactly one leader, keyed by ward, district and neighbourhood', () => {
    const rows = readCsv(a).slice(1);
    const fold = (s: string) => s.replace(/^P\. /, 'Phường ').replace(/^KP /, 'Khu phố ');
    const teams = new Map<string, string[]>();
    for (const r of rows) {
      const key = [fold(r[10]), r[11], fold(r[9])].join('|');
      teams.set(key, [...(teams.get(key) ?? []), r[7]]);
    }
    expect(teams.size).toBeGreaterThan(ROWS / 8);
    for (const [key, roles] of teams) {
      expect(
        roles.filter((x) => x === 'Tổ trưởng'),
        key,
      ).toHaveLength(1);
      expect(roles.length, key).toBeGreaterThanOrEqual(4);
      expect(roles.length, key).toBeLessThanOrEqual(8);
      for (const role of roles) expect(['Tổ trưởng', 'Tổ phó', 'Thành viên']).toContain(role);
    }
    // Some deputies, some ward-level teams (blank neighbourhood), old and new ward names.
    expect(rows.some((r) => r[7] === 'Tổ phó')).toBe(true);
    expect(rows.some((r) => r[9] === '')).toBe(true);
    expect(rows.some((r) => r[10] === 'Phường Bến Nghé' && r[11] === 'Quận 1')).toBe(true);
    expect(rows.some((r) => r[10] === 'Phường Sài Gòn' && r[11] === '')).toBe(true);
  });

  it('writes an XLSX (title block, header, date cells) with the same members as the CSV of the same seed', async () => {
    const x = path.join(dir, 'a.xlsx');
    const twin = path.join(dir, 'a300.csv');
    generate('--rows', '300', '--format', 'xlsx', '--out', x, '--seed', 's1');
    generate('--rows', '300', '--format', 'csv', '--out', twin, '--seed', 's1');
    const csv = readCsv(twin).slice(1);
    expect(csv).toHaveLength(300);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(x);
    const ws = wb.worksheets[0];
    if (!ws) throw new Error('the workbook has no sheet');
    expect(ws.getCell('A2').value).toBe('DANH SÁCH THÀNH VIÊN TỔ CÔNG NGHỆ SỐ CỘNG ĐỒNG');
    expect((ws.getRow(5).values as unknown[]).slice(1)).toEqual(HEADERS);
    expect(ws.rowCount).toBe(5 + 300);
    for (const [i, record] of csv.entries()) {
      const row = ws.getRow(6 + i);
      expect(row.getCell(1).value).toBe(i + 1);
      for (const col of [2, 4, 5, 6, 8, 9, 10, 11, 12, 13, 14, 15]) expect(row.getCell(col).value ?? '').toBe(record[col - 1]);
      const dob = row.getCell(3).value as Date;
      const [dd, mm, yyyy] = dmy(record[2]);
      expect(dob.toISOString().slice(0, 10)).toBe(`${yyyy}-${String(mm).padStart(2, '0')}-${String(dd).padStart(2, '0')}`);
    }
  });

  it('city mode writes 30 files, one per ward, 11,000 members in all, no ID repeated across files', () => {
    const out = path.join(dir, 'city');
    generate('--city', '--out', out, '--format', 'csv');
    const files = fs.readdirSync(out).filter((f) => f.endsWith('.csv'));
    expect(files).toHaveLength(30);
    const ids = new Set<string>();
    let total = 0;
    for (const f of files) {
      const rows = readCsv(path.join(out, f)).slice(1);
      total += rows.length;
      expect(new Set(rows.map((r) => `${r[10].replace(/^P\. /, 'Phường ')}|${r[11]}`)).size).toBe(1);
      for (const r of rows) {
        if (!r[4]) continue;
        expect(ids.has(r[4])).toBe(false);
        ids.add(r[4]);
      }
    }
    expect(total).toBe(11_000);
  });
});
