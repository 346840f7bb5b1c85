/**
 * The resolver and `units show` against the real national files in
 * ../shared/data/vn-admin-units (skipped when that folder is absent).
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openStore, type DB } from '../src/store/db.js';
import { importUnitsFile } from '../src/units/load/index.js';
import { createResolver } from '../src/units/resolver.js';
import { hasSharedUnits, roster, SHARED_UNITS, tempDir } from './helpers/cli.js';
import { defined, at } from './helpers/defined.js';
import { INSTALL, skipUnless } from './helpers/skips.js';

const now = () => new Date('2026-11-28T08:00:00Z');
const AFTER = '2026-11-30';
const BEFORE = '2025-05-31';

describe.skipIf(skipUnless(hasSharedUnits, 'resolution on the national unit lists', INSTALL.sharedUnits))('resolution on the national lists', () => {
  let db: DB;
  let file: string;
  const times: Record<string, number> = {};

  beforeAll(async () => {
    file = path.join(tempDir(), 'national.db');
    const init = await roster(['init', '--db', file, '--units', path.join(SHARED_UNITS, 'units-2025-03-01.json')]);
    expect(init.code, init.stderr).toBe(0);
    db = openStore(file).db;
    const t0 = performance.now();
    const r = importUnitsFile(db, path.join(SHARED_UNITS, 'merges-2025-07-01.json'), {
      legalBasis: path.join(SHARED_UNITS, 'legal-basis-2025-07-01.csv'),
      now,
    });
    times.merges = performance.now() - t0;
    expect(r.counts.unitsAdded).toBeGreaterThanOrEqual(3321);
  });

  it('loads the national files in seconds, the mapping on top of the old list without creating old units', () => {
    expect(times.merges).toBeLessThan(5000);
    const n = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
    expect(n("SELECT count(*) AS n FROM units WHERE vintage = '2025-03-01' AND level = 3")).toBe(10047);
    expect(n("SELECT count(*) AS n FROM units WHERE vintage = '2025-07-01' AND level = 3")).toBe(3321);
    expect(n("SELECT count(*) AS n FROM units WHERE vintage = '2025-07-01' AND level = 1")).toBe(34);
    // the splits file says the same thing: loading it changes nothing
    const again = importUnitsFile(db, path.join(SHARED_UNITS, 'splits-2025-07-01.json'), { now });
    expect(again.changed).toBe(false);
    expect(n('SELECT count(*) AS n FROM successions WHERE legal_basis IS NULL AND new_unit_id IN (SELECT id FROM units WHERE level = 3)')).toBe(0);
  });

  it('Bến Nghé → Sài Gòn (full); Đa Kao → Sài Gòn or Tân Định (partial)', () => {
    const res = createResolver(db, { asOf: AFTER, jurisdiction: ['79'] });
    const bn = res.resolve({ name: 'Phường Bến Nghé' });
    expect(bn.status).toBe('retired.full');
    expect(bn.successors.map((s) => [s.unit.code, s.unit.name, s.legalBasis])).toEqual([['26740', 'Phường Sài Gòn', '1685/NQ-UBTVQH15']]);
    const dk = res.resolve({ name: 'Phuong Da Kao', district: 'Quận 1' });
    expect(dk.status).toBe('retired.partial');
    expect(dk.successors.map((s) => s.unit.name).sort()).toEqual(['Phường Sài Gòn', 'Phường Tân Định']);
  });

  it("District 3's Phường 4 → Bàn Cờ or Xuân Hòa (partial)", () => {
    const r = createResolver(db, { asOf: AFTER, jurisdiction: [] }).resolve({ name: 'Phường 4', district: 'Quận 3' });
    expect(r.status).toBe('retired.partial');
    expect(r.unit?.code).toBe('27148');
    expect(r.successors.map((s) => s.unit.name).sort()).toEqual(['Phường Bàn Cờ', 'Phường Xuân Hòa']);
  });

  it('"Phường 1" is ambiguous city-wide and resolved with district "Quận 3"', () => {
    const res = createResolver(db, { asOf: AFTER, jurisdiction: ['79'] });
    const amb = res.resolve({ name: 'Phường 1' });
    expect(amb.status).toBe('ambiguous');
    // every old "Phường 1" of the city as it is now: the ten of old Ho Chi Minh City and those of Bình Dương / Bà Rịa – Vũng Tàu
    const old = JSON.parse(fs.readFileSync(path.join(SHARED_UNITS, 'units-2025-03-01.json'), 'utf8')) as {
      data: { level1_id: string; level2s: { level3s: { level3_id: string; name: string }[] }[] }[];
    };
    const want = old.data
      .filter((p) => ['79', '74', '77'].includes(p.level1_id))
      .flatMap((p) => p.level2s.flatMap((d) => d.level3s.filter((w) => w.name === 'Phường 1').map((w) => w.level3_id)));
    expect(want.length).toBeGreaterThan(10);
    expect(amb.candidates.map((u) => u.code).sort()).toEqual(want.sort());
    expect(amb.candidates.filter((u) => u.provinceCode === '79')).toHaveLength(10);
    const q3 = res.resolve({ name: 'Phường 1', district: 'Quận 3' });
    expect(q3.status).toBe('retired.full');
    expect(q3.unit?.code).toBe('27160');
    expect(at(q3.successors, 0).unit.name).toBe('Phường Bàn Cờ');
  });

  it('"Phường Tân Định": District 1 rather than Bến Cát for a District 1 office before July 2025; the new 26737 in November 2026', () => {
    const before = createResolver(db, { asOf: BEFORE, jurisdiction: ['760'] }).resolve({ name: 'Phường Tân Định' });
    expect(before.status).toBe('current');
    expect(before.unit).toMatchObject({ code: '26734', vintage: '2025-03-01' });
    const after = createResolver(db, { asOf: AFTER, jurisdiction: ['760'] }).resolve({ name: 'Phường Tân Định' });
    expect(after.status).toBe('current');
    expect(after.unit).toMatchObject({ code: '26737', vintage: '2025-07-01', provinceCode: '79' });
  });

  it('26737 + "Phường Đa Kao" is old Đa Kao, not new Tân Định', () => {
    const r = createResolver(db, { asOf: AFTER, jurisdiction: [] }).resolve({ code: '26737', name: 'Phường Đa Kao' });
    expect(r.unit).toMatchObject({ code: '26737', name: 'Phường Đa Kao', vintage: '2025-03-01' });
    expect(r.status).toBe('retired.partial');
  });

  it('all 273 pre-2025 wards of Ho Chi Minh City, by name and district, are retired exactly as splits-2025-07-01.json says', () => {
    const old = JSON.parse(fs.readFileSync(path.join(SHARED_UNITS, 'units-2025-03-01.json'), 'utf8')) as {
      data: { level1_id: string; level2s: { name: string; level3s: { level3_id: string; name: string }[] }[] }[];
    };
    const splits = JSON.parse(fs.readFileSync(path.join(SHARED_UNITS, 'splits-2025-07-01.json'), 'utf8')) as {
      data: { level1_id: string; level3s: { level3_id: string; splits: { new_id: string }[] }[] }[];
    };
    const expected = new Map(defined(splits.data.find((p) => p.level1_id === '79')).level3s.map((w) => [w.level3_id, w.splits.map((s) => s.new_id).sort()]));
    const res = createResolver(db, { asOf: AFTER, jurisdiction: ['79'] });
    const wards = defined(old.data.find((p) => p.level1_id === '79')).level2s.flatMap((d) => d.level3s.map((w) => ({ ...w, district: d.name })));
    expect(wards).toHaveLength(273);
    const wrong: string[] = [];
    for (const w of wards) {
      const r = res.resolve({ name: w.name, district: w.district });
      const want = defined(expected.get(w.level3_id));
      const status = want.length === 1 ? 'retired.full' : 'retired.partial';
      const got = r.successors.map((s) => s.unit.code).sort();
      if (r.status !== status || r.unit?.code !== w.level3_id || got.join() !== want.join())
        wrong.push(`${w.level3_id} ${w.name} (${w.district}): ${r.status} ${r.unit?.code} → ${got.join('/')} (want ${status} → ${want.join('/')})`);
    }
    expect(wrong).toEqual([]);
  });

  it('units show 26737 gives old Đa Kao (District 1) and new Tân Định with its predecessors and legal basis', async () => {
    db.close();
    const r = await roster(['units', 'show', '26737', '--db', file, '--json']);
    db = openStore(file).db;
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.units).toHaveLength(2);
    const [old, cur] = j.units;
    expect(old).toMatchObject({ vintage: '2025-03-01', name: 'Phường Đa Kao', district: 'Quận 1', retired: true, validTo: '2025-07-01' });
    expect(cur).toMatchObject({ vintage: '2025-07-01', name: 'Phường Tân Định', retired: false, validFrom: '2025-07-01' });
    const preds = cur.predecessors.map((p: { unit: { code: string; name: string }; kind: string; legalBasis: string }) => [p.unit.code, p.unit.name, p.kind, p.legalBasis]);
    expect(preds).toEqual([
      ['26734', 'Phường Tân Định', 'full', '1685/NQ-UBTVQH15'],
      ['26737', 'Phường Đa Kao', 'partial', '1685/NQ-UBTVQH15'],
    ]);
    const search = await roster(['units', 'search', 'da kao', '--db', file]);
    expect(search.stdout.split('\n')[0]).toMatch(/^26737\s+Phường Đa Kao — Quận 1, Thành phố Hồ Chí Minh/);
  });
});
