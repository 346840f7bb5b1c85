/**
 * `roster validate` through the CLI on rosters imported by the real import
 * path: the --json shape of SPEC § Findings, exit codes, CSV safety, the
 * table, the rules file, the annotated workbook seam, and an old ward named in
 * a roster giving the right unit.* finding with its file, sheet, row and cell.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { roster, tempDir } from './helpers/cli.js';
import { importFiles, initDb, sampleDb, writeCsv } from './helpers/seed.js';
import { defined, known, at } from './helpers/defined.js';

interface Report {
  ok: boolean;
  period: string;
  counts: { error: number; warning: number; info: number };
  findings: { rule: string; severity: string; message: string; value?: string | null; source?: Record<string, unknown>; suggestion?: Record<string, unknown> }[];
}

const HEAD = ['Họ và tên', 'Ngày sinh', 'Giới tính', 'Số CCCD', 'Số điện thoại', 'Email', 'Chức danh', 'Khu phố', 'Phường/Xã'];
const clean = (n: number, role = 'Thành viên', extra: Partial<Record<'email' | 'ward' | 'kp' | 'phone', string>> = {}) => [
  `Trần Thị ${n}`,
  '01/02/1991',
  'Nữ',
  `079191${String(n).padStart(6, '0')}`,
  extra.phone ?? '0903123456',
  extra.email ?? `tt${n}@example.vn`,
  role,
  extra.kp ?? 'Khu phố 1',
  extra.ward ?? 'Phường Sài Gòn',
];

describe('roster validate', () => {
  test('--json is exactly the SPEC shape, stdout holds only it, exit 1 with errors', async () => {
    const db = await sampleDb();
    const r = await roster(['validate', '--db', db, '--json']);
    expect(r.code).toBe(1);
    const rep = JSON.parse(r.stdout) as Report;
    expect(Object.keys(rep).sort()).toEqual(['counts', 'findings', 'ok', 'period']);
    expect(rep.ok).toBe(false);
    expect(rep.period).toBe('2026-11');
    expect(Object.keys(rep.counts).sort()).toEqual(['error', 'info', 'warning']);
    const n = { error: 0, warning: 0, info: 0 } as Record<string, number>;
    for (const f of rep.findings) {
      n[f.severity] = known(n[f.severity], `the count of ${f.severity}`) + 1;
      for (const k of Object.keys(f)) expect(['rule', 'severity', 'message', 'value', 'source', 'suggestion']).toContain(k);
      expect(f.rule).toMatch(/^[a-z]+(\.[a-z-]+)+$/);
      expect(typeof f.message).toBe('string');
      for (const k of Object.keys(f.source ?? {})) expect(['file', 'sheet', 'row', 'column', 'cell']).toContain(k);
    }
    expect(n).toEqual(rep.counts);
  });

  test('an old ward named in a roster yields unit.retired.* with file, sheet, row, column and cell', async () => {
    const db = await sampleDb();
    const rep = JSON.parse((await roster(['validate', '--db', db, '--json', '--lang', 'en'])).stdout) as Report;
    const full = rep.findings.find((f) => f.rule === 'unit.retired.full' && f.value === 'Phường Bến Nghé');
    expect(full).toBeDefined();
    expect(defined(full).severity).toBe('warning');
    expect(defined(full).source).toMatchObject({ file: 'q1-ben-nghe-da-kao-2026-11.xlsx' });
    expect(defined(defined(full).source).sheet).toBeTruthy();
    expect(defined(defined(full).source).cell).toBe(`${String(defined(defined(full).source).cell).replace(/\d+$/, '')}${defined(defined(full).source).row}`);
    expect(defined(full).suggestion).toMatchObject({ candidates: [{ code: '26740', name: 'Phường Sài Gòn', legalBasis: '1685/NQ-UBTVQH15' }] });
    const partial = rep.findings.find((f) => f.rule === 'unit.retired.partial' && f.value === 'Phường 4');
    expect(partial?.severity).toBe('error');
    expect((defined(partial?.suggestion?.candidates) as { name: string }[]).map((c) => c.name).sort()).toEqual(['Phường Bàn Cờ', 'Phường Xuân Hòa']);
    expect(partial?.source).toMatchObject({ file: 'q3-phuong-1-4-5-2026-11.csv', column: 'Phường' });
  });

  test('a clean roster exits 0 with a table naming the period, and an empty report in JSON', async () => {
    const dir = tempDir();
    const db = await initDb({ dir });
    await importFiles(db, '2026-11', [writeCsv(path.join(dir, 'ok.csv'), [clean(1, 'Tổ trưởng'), clean(2), clean(3)], HEAD)]);
    const r = await roster(['validate', '--db', db, '--lang', 'en']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Period 2026-11: 3 rows');
    expect(r.stdout).toContain('No problems found.');
    const j = JSON.parse((await roster(['validate', '--db', db, '--format', 'json'])).stdout) as Report;
    expect(j).toEqual({ ok: true, period: '2026-11', counts: { error: 0, warning: 0, info: 0 }, findings: [] });
  });

  test("table groups findings by severity (errors first) with the summary's words, then by file and rule; colour only when asked", async () => {
    const db = await sampleDb();
    const j = JSON.parse((await roster(['validate', '--db', db, '--json'])).stdout) as Report;
    for (const [lang, words, summary] of [
      ['vi', ['Lỗi', 'Cảnh báo', 'Thông tin'], ['lỗi', 'cảnh báo', 'thông tin']],
      ['en', ['Errors', 'Warnings', 'Notes'], ['errors', 'warnings', 'notes']],
    ] as const) {
      const r = await roster(['validate', '--db', db, '--lang', lang]);
      expect(r.code).toBe(1);
      const lines = r.stdout.split('\n');
      const heads = (['error', 'warning', 'info'] as const).map((sev, k) => lines.indexOf(`${words[k]} (${j.counts[sev]})`));
      expect(
        heads.every((h) => h >= 0),
        r.stdout.slice(0, 300),
      ).toBe(true);
      expect([...heads].sort((a, b) => a - b)).toEqual(heads);
      // Every rule listed under a heading has findings of that severity only.
      const sections = heads.map((h, k) => lines.slice(h, heads[k + 1] ?? lines.length));
      (['error', 'warning', 'info'] as const).forEach((sev, k) => {
        const listed = at(sections, k)
          .map((l) => /^ {4}([a-z]+(?:[.-][a-z-]+)+) \((\d+)\)$/.exec(l))
          .filter(Boolean)
          .map((m) => defined(m)[1]);
        expect(new Set(listed)).toEqual(new Set(j.findings.filter((f) => f.severity === sev).map((f) => f.rule)));
      });
      expect(r.stdout).toContain(`${j.counts.error} ${summary[0]}, ${j.counts.warning} ${summary[1]}, ${j.counts.info} ${summary[2]}`);
      expect(r.stdout).not.toContain('\u001b[');
    }
    const c = await roster(['validate', '--db', db, '--lang', 'en'], { tty: true, env: { NO_COLOR: undefined } });
    expect(c.stdout).toContain('\u001b[');
  });

  test('--format csv: one line per finding, formula-like values written as text', async () => {
    const dir = tempDir();
    const db = await initDb({ dir });
    await importFiles(db, '2026-11', [writeCsv(path.join(dir, 'x.csv'), [clean(1, 'Tổ trưởng'), clean(2), clean(3, 'Thành viên', { email: '=HYPERLINK("http://x")' })], HEAD)]);
    const out = path.join(dir, 'f.csv');
    const r = await roster(['validate', '--db', db, '--format', 'csv', '-o', out, '--lang', 'en']);
    expect(r.code).toBe(0);
    const text = fs.readFileSync(out, 'utf8');
    expect(text.startsWith('\ufeffFile,Sheet,Row,Column,Cell,Severity,Rule,Message,Value,Suggestion')).toBe(true);
    const line = defined(text.split('\r\n').find((l) => l.includes('person.email.format')));
    expect(line).toContain(`"'=HYPERLINK(""http://x"")"`);
    expect(line).toMatch(/^x\.csv,[^,]*,4,Email,F4,warning,/);
    const vi = await roster(['validate', '--db', db, '--format', 'csv', '--lang', 'vi']);
    expect(vi.stdout.split('\r\n').find((l) => l.includes('person.email.format'))).toMatch(/^x\.csv,[^,]*,4,Email,F4,Cảnh báo,person\.email\.format,/);
  });

  test('rules file: switches a rule off; a bad key is exit 2 naming it', async () => {
    const dir = tempDir();
    const db = await sampleDb(dir);
    const rules = path.join(dir, 'rules.json');
    fs.writeFileSync(rules, JSON.stringify({ rules: { 'unit.retired.partial': { severity: 'warning' }, 'team.leader.missing': 'off', 'person.duplicate': 'off' } }));
    const r = JSON.parse((await roster(['validate', '--db', db, '--json', '--rules', rules])).stdout) as Report;
    expect(r.findings.some((f) => f.rule === 'team.leader.missing')).toBe(false);
    expect(r.findings.filter((f) => f.rule === 'unit.retired.partial').every((f) => f.severity === 'warning')).toBe(true);
    fs.writeFileSync(rules, JSON.stringify({ rules: { 'team.size': { maxx: 3 } } }));
    const bad = await roster(['validate', '--db', db, '--rules', rules, '--lang', 'en']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('rules.team.size.maxx');
    expect(bad.stdout).toBe('');
  });

  test('bad usage: unknown period format, xlsx without -o, no database', async () => {
    const db = await sampleDb();
    expect((await roster(['validate', '--db', db, '--period', '2026-13'])).code).toBe(2);
    expect((await roster(['validate', '--db', db, '--format', 'xlsx'])).code).toBe(2);
    expect((await roster(['validate', '--db', path.join(tempDir(), 'none.db')])).code).toBe(2);
  });

  test('--format xlsx writes the annotated workbook and keeps the exit code', async () => {
    const dir = tempDir();
    const db = await sampleDb(dir);
    const out = path.join(dir, 'loi.xlsx');
    const r = await roster(['validate', '--db', db, '--format', 'xlsx', '-o', out], { cwd: dir });
    expect(r.code).toBe(1);
    expect(fs.statSync(out).size).toBeGreaterThan(1000);
    expect(fs.readFileSync(out).subarray(0, 2).toString()).toBe('PK');
  });
});
