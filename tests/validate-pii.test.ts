/** Findings quote values; personal IDs, phones and e-mail come out masked unless --include-pii. */
import { describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { jsonChunks } from '../src/findings/json.js';
import { maskText } from '../src/privacy/mask.js';
import { makeReport } from '../src/rules/types.js';
import { roster } from './helpers/cli.js';
import { sampleDb } from './helpers/seed.js';

describe('personal data in findings', () => {
  it('validate --json and the table carry no full ID or phone number; --include-pii shows them', async () => {
    const db = await sampleDb();
    const json = await roster(['validate', '--json', '--db', db]);
    expect(json.code).toBe(1);
    expect(json.stdout).not.toMatch(/\d{9,}/);
    const report = JSON.parse(json.stdout);
    const dup = report.findings.find((f: { rule: string }) => f.rule === 'person.duplicate');
    expect(dup.message).toMatch(/079\*{6}489/);
    const table = await roster(['validate', '--db', db]);
    expect(table.stdout).not.toMatch(/\d{9,}/);
    const full = await roster(['validate', '--json', '--include-pii', '--db', db]);
    expect(full.stdout).toContain('079089246489');
  });

  it('maskText masks IDs, phones written with spaces or +84, and e-mail, and leaves short numbers alone', () => {
    expect(maskText('ID 079089246489, SĐT 0912 345 678, +84 912345678, email an.nguyen@example.vn, Khu phố 12, năm 2026', false)).toBe(
      'ID 079******489, SĐT 091****678, 849*****678, email a***@example.vn, Khu phố 12, năm 2026',
    );
    expect(maskText('079089246489', true)).toBe('079089246489');
  });
});

describe('large outputs', () => {
  it('JSON and CSV carry the same findings', async () => {
    const db = await sampleDb();
    const json = JSON.parse((await roster(['validate', '--json', '--db', db])).stdout);
    const csv = parse((await roster(['validate', '--format', 'csv', '--db', db])).stdout, { bom: true }) as string[][];
    expect(csv.length - 1).toBe(json.findings.length);
    expect(csv.slice(1).map((r) => r[6])).toEqual(json.findings.map((f: { rule: string }) => f.rule));
  });

  it('the JSON written in pieces across batch boundaries is the report', () => {
    const findings = Array.from({ length: 2501 }, (_, i) => ({
      rule: 'person.phone.format',
      severity: 'warning' as const,
      message: `m${i}`,
      value: `"${i}"`,
      source: { file: 'a.csv', row: i + 2, cell: `F${i + 2}` },
    }));
    const report = makeReport('2026-11', findings);
    expect(JSON.parse([...jsonChunks(report)].join(''))).toEqual(report);
    const empty = makeReport('2026-11', []);
    expect(JSON.parse([...jsonChunks(empty)].join(''))).toEqual(empty);
  });
});
