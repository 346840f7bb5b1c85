/** `roster units search` and `roster units show` on the bundled sample. */
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { roster, tempDir } from './helpers/cli.js';
import { at } from './helpers/defined.js';

let db: string;
const NOW = new Date('2026-11-28T08:00:00Z');

beforeAll(async () => {
  db = path.join(tempDir(), 'r.db');
  const r = await roster(['init', '--db', db, '--office', 'UBND Quận 1 (cũ)', '--jurisdiction', '760']);
  expect(r.code, r.stderr).toBe(0);
});

async function search(text: string, ...more: string[]) {
  const r = await roster(['units', 'search', text, '--db', db, '--json', ...more], { now: NOW });
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as {
    total: number;
    hits: { code: string; name: string; vintage: string; retired: boolean; rank: number; district: string | null; province: string | null }[];
  };
}

describe('units search', () => {
  it('"p. da kao", "Phuong Da Kao", "Đa Kao", "ĐA KAO" all find Phường Đa Kao first, with its district', async () => {
    for (const q of ['p. da kao', 'Phuong Da Kao', 'Đa Kao', 'ĐA KAO', 'Phường Đa Kao'.normalize('NFD')]) {
      const j = await search(q);
      expect(j.hits[0], q).toMatchObject({
        code: '26737',
        name: 'Phường Đa Kao',
        vintage: '2025-03-01',
        retired: true,
        rank: 0,
        district: 'Quận 1',
        province: 'Thành phố Hồ Chí Minh',
      });
    }
  });

  it('ranks exact names before prefixes before contains, and marks old and new units', async () => {
    const j = await search('tan dinh');
    expect(j.hits.map((h) => `${h.code}@${h.vintage}`)).toEqual(['26737@2025-07-01', '25852@2025-03-01', '26734@2025-03-01']);
    expect(at(j.hits, 0).retired).toBe(false); // the new ward, in force
    expect(j.hits.slice(1).every((h) => h.retired)).toBe(true);
    const ben = await search('ben');
    const ranks = ben.hits.map((h) => h.rank);
    expect(ranks).toEqual([...ranks].sort());
    expect(ben.hits.map((h) => h.name)).toContain('Phường Bến Nghé');
    expect(ben.hits.map((h) => h.name)).toContain('Thành phố Bến Cát'); // prefix match on a district
    const cho = await search('ong lanh');
    expect(cho.hits.every((h) => h.rank === 2)).toBe(true);
    expect(cho.hits.map((h) => h.name)).toEqual(['Phường Cầu Ông Lãnh', 'Phường Cầu Ông Lãnh']);
  });

  it('"Phường 1" finds both wards of that name, each with its district; --limit cuts the list', async () => {
    const j = await search('Phường 01');
    const exact = j.hits.filter((h) => h.rank === 0 && h.name === 'Phường 1');
    expect(exact.map((h) => h.district).sort()).toEqual(['Quận 3', 'Quận 4']);
    const one = await search('phuong', '--limit', '1');
    expect(one.hits).toHaveLength(1);
    expect(one.total).toBeGreaterThan(1);
  });

  it('text output names the list and whether the unit is retired; no match is not an error', async () => {
    const r = await roster(['units', 'search', 'sai gon', '--db', db, '--lang', 'en'], { now: NOW });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^26740\s+Phường Sài Gòn — Thành phố Hồ Chí Minh\s+\[list 2025-07-01; in force\]/);
    const none = await roster(['units', 'search', 'zzzz', '--db', db, '--lang', 'en']);
    expect(none.code).toBe(0);
    expect(none.stderr).toMatch(/No unit matches/);
    expect((await roster(['units', 'search', 'x', '--limit', '0', '--db', db])).code).toBe(2);
  });
});

describe('units show', () => {
  it('a reused code shows both vintages with predecessors, successors, kind and legal basis', async () => {
    const r = await roster(['units', 'show', '26737', '--db', db, '--json'], { now: NOW });
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.units.map((u: { vintage: string; name: string }) => `${u.vintage} ${u.name}`)).toEqual(['2025-03-01 Phường Đa Kao', '2025-07-01 Phường Tân Định']);
    const [old, cur] = j.units;
    expect(old.parent).toEqual({ code: '760', name: 'Quận 1', level: 2 });
    expect(old.successors.map((s: { unit: { name: string }; kind: string; legalBasis: string }) => `${s.unit.name} ${s.kind} ${s.legalBasis}`)).toEqual([
      'Phường Tân Định partial 1685/NQ-UBTVQH15',
      'Phường Sài Gòn partial 1685/NQ-UBTVQH15',
    ]);
    expect(cur.predecessors.map((s: { unit: { code: string }; kind: string }) => `${s.unit.code} ${s.kind}`)).toEqual(['26734 full', '26737 partial']);
    const text = await roster(['units', 'show', '26737', '--db', db, '--lang', 'en'], { now: NOW });
    expect(text.stdout).toContain('Formed from:');
    expect(text.stdout).toMatch(/26734\s+Phường Tân Định — Quận 1, Thành phố Hồ Chí Minh \[2025-03-01\] — full \(whole\), effective 2025-07-01, legal basis 1685\/NQ-UBTVQH15/);
  });

  it('--as-of keeps only the unit in force that day', async () => {
    const before = JSON.parse((await roster(['units', 'show', '26737', '--as-of', '2025-06-30', '--db', db, '--json'])).stdout);
    expect(before.units.map((u: { name: string }) => u.name)).toEqual(['Phường Đa Kao']);
    const after = JSON.parse((await roster(['units', 'show', '26737', '--as-of', '2025-07-01', '--db', db, '--json'])).stdout);
    expect(after.units.map((u: { name: string }) => u.name)).toEqual(['Phường Tân Định']);
  });

  it('an unknown code, or one not in force at --as-of, or a bad date is exit 2 with a hint', async () => {
    const r = await roster(['units', 'show', '99999', '--db', db, '--lang', 'en']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/No unit has the code 99999/);
    expect(r.stderr).toContain('roster units search');
    const gone = await roster(['units', 'show', '26734', '--as-of', '2026-01-01', '--db', db, '--lang', 'en']);
    expect(gone.code).toBe(2);
    expect(gone.stderr).toMatch(/not in force on 2026-01-01 \(it is in the lists of 2025-03-01\)/);
    expect((await roster(['units', 'show', '26737', '--as-of', '30/06/2025', '--db', db])).code).toBe(2);
    const json = await roster(['units', 'show', '99999', '--db', db, '--json']);
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: false, error: { exitCode: 2 } });
  });
});
