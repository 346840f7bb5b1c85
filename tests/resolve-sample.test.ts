/** The resolver on the bundled hand-made sample (no national files needed). */
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openStore, type DB } from '../src/store/db.js';
import { importUnitsPath } from '../src/units/load/index.js';
import { createJurisdiction, createResolver, inJurisdiction, loadOffice } from '../src/units/resolver.js';
import type { Resolution } from '../src/units/types.js';
import { roster, FIXTURES, tempDir } from './helpers/cli.js';
import { defined, at } from './helpers/defined.js';

const now = () => new Date('2026-11-28T08:00:00Z');
let db: DB;

beforeAll(() => {
  db = openStore(path.join(tempDir(), 'r.db'), { create: true }).db;
  db.transaction(() => importUnitsPath(db, path.join(FIXTURES, 'units'), { now }))();
});

const codes = (r: Resolution) => r.successors.map((s) => s.unit.code).sort();
const AFTER = '2026-11-30';
const BEFORE = '2025-05-31';

describe('resolver on the sample', () => {
  it('a ward merged whole is retired.full with its one successor and the legal basis', () => {
    const r = createResolver(db, { asOf: AFTER, jurisdiction: [] }).resolve({ name: 'Phường Bến Nghé' });
    expect(r.status).toBe('retired.full');
    expect(r.unit?.code).toBe('26740');
    expect(r.unit?.vintage).toBe('2025-03-01');
    expect(r.successors).toHaveLength(1);
    expect(r.successors[0]).toMatchObject({ kind: 'full', effective: '2025-07-01', legalBasis: '1685/NQ-UBTVQH15' });
    expect(at(r.successors, 0).unit).toMatchObject({ code: '26740', name: 'Phường Sài Gòn', vintage: '2025-07-01' });
  });

  it('a divided ward is retired.partial with every successor', () => {
    const r = createResolver(db, { asOf: AFTER, jurisdiction: [] }).resolve({ name: 'p. da kao' });
    expect(r.status).toBe('retired.partial');
    expect(codes(r)).toEqual(['26737', '26740']);
    expect(r.successors.every((s) => s.kind === 'partial')).toBe(true);
  });

  it('the same name before the change is the unit in force', () => {
    const r = createResolver(db, { asOf: BEFORE, jurisdiction: [] }).resolve({ name: 'Phường Đa Kao' });
    expect(r.status).toBe('current');
    expect(r.unit).toMatchObject({ code: '26737', vintage: '2025-03-01' });
    expect(r.successors).toEqual([]);
  });

  it('a code means the unit in force at the date: 26737 is Đa Kao before and Tân Định after', () => {
    expect(createResolver(db, { asOf: BEFORE, jurisdiction: [] }).resolve({ code: '26737' }).unit?.name).toBe('Phường Đa Kao');
    const after = createResolver(db, { asOf: AFTER, jurisdiction: [] }).resolve({ code: '26737' });
    expect(after.status).toBe('current');
    expect(after.unit?.name).toBe('Phường Tân Định');
  });

  it('code and name that agree in an older vintage denote that old unit; that agree nowhere are a mismatch', () => {
    const res = createResolver(db, { asOf: AFTER, jurisdiction: [] });
    const old = res.resolve({ code: '26737', name: 'Phường Đa Kao' });
    expect(old.status).toBe('retired.partial');
    expect(old.unit).toMatchObject({ code: '26737', vintage: '2025-03-01', name: 'Phường Đa Kao' });
    const bad = res.resolve({ code: '26740', name: 'Phường Tân Định' });
    expect(bad.status).toBe('code-name-mismatch');
    expect(bad.unit).toBeUndefined();
    const names = bad.candidates.map((u) => `${u.code} ${u.name}`);
    expect(names[0]).toBe('26740 Phường Sài Gòn'); // what the code denotes at the date
    expect(names).toContain('26737 Phường Tân Định'); // what the name denotes
    // Excel dropped the leading zeros / stored a number: still the same code
    expect(res.resolve({ code: '26737.0', name: 'Tân Định' }).unit?.vintage).toBe('2025-07-01');
  });

  it('"Phường 1" is ambiguous without a district and resolved with "Quận 3", "Q.3" or "3"', () => {
    const res = createResolver(db, { asOf: AFTER, jurisdiction: [] });
    const amb = res.resolve({ name: 'Phường 1' });
    expect(amb.status).toBe('ambiguous');
    expect(amb.candidates.map((u) => u.code).sort()).toEqual(['27160', '27298']);
    for (const district of ['Quận 3', 'Q.3', '3', 'quan 03']) {
      const r = res.resolve({ name: 'P.01', district });
      expect(r.status, district).toBe('retired.full');
      expect(r.unit?.code).toBe('27160');
      expect(at(r.successors, 0).unit.name).toBe('Phường Bàn Cờ');
    }
    // Quận 4's Phường 1 went to Vĩnh Hội
    expect(at(res.resolve({ name: 'Phường 1', district: 'Quận 4' }).successors, 0).unit.name).toBe('Phường Vĩnh Hội');
  });

  it('the office jurisdiction narrows a repeated name: Tân Định of District 1, not of Bến Cát', () => {
    const d1 = createResolver(db, { asOf: BEFORE, jurisdiction: ['760'] }).resolve({ name: 'Phường Tân Định' });
    expect(d1.status).toBe('current');
    expect(d1.unit?.code).toBe('26734');
    const anywhere = createResolver(db, { asOf: BEFORE, jurisdiction: [] }).resolve({ name: 'Phường Tân Định' });
    expect(anywhere.status).toBe('ambiguous');
    expect(anywhere.candidates.map((u) => u.code).sort()).toEqual(['25852', '26734']);
    // with the district column, without jurisdiction
    expect(createResolver(db, { asOf: BEFORE, jurisdiction: [] }).resolve({ name: 'Tân Định', district: 'TP. Bến Cát' }).unit?.code).toBe('25852');
    // after the change the name means the new ward 26737
    const after = createResolver(db, { asOf: AFTER, jurisdiction: ['760'] }).resolve({ name: 'Phường Tân Định' });
    expect(after.status).toBe('current');
    expect(after.unit).toMatchObject({ code: '26737', vintage: '2025-07-01' });
  });

  it('an unknown name lists the closest names, diacritics-insensitive', () => {
    const r = createResolver(db, { asOf: AFTER, jurisdiction: [] }).resolve({ name: 'Phường Ben Nge' });
    expect(r.status).toBe('unknown');
    expect(r.candidates.length).toBeGreaterThan(0);
    expect(r.candidates.length).toBeLessThanOrEqual(5);
    expect(at(r.candidates, 0).name).toBe('Phường Bến Nghé');
    expect(createResolver(db, { asOf: AFTER, jurisdiction: [] }).resolve({ name: '', code: '' }).status).toBe('unknown');
  });

  it('jurisdiction: a former district covers its wards and their successors, not other districts', () => {
    const j = createJurisdiction(db, ['760']);
    const res = createResolver(db, { asOf: AFTER, jurisdiction: ['760'] });
    const unit = (code: string, vintage: string) => defined([...res.snapshot.units.values()].find((u) => u.code === code && u.vintage === vintage));
    expect(inJurisdiction(j, unit('26740', '2025-03-01'))).toBe(true); // Bến Nghé
    expect(inJurisdiction(j, unit('26740', '2025-07-01'))).toBe(true); // Sài Gòn, its successor
    expect(inJurisdiction(j, unit('27160', '2025-03-01'))).toBe(false); // District 3's Phường 1
    expect(inJurisdiction(j, unit('27139', '2025-07-01'))).toBe(false); // Xuân Hòa
    expect(res.inJurisdiction(unit('25852', '2025-03-01'))).toBe(false); // Bến Cát
    // the city covers everything of it, old and new, including Bình Dương's ward that went into it
    const city = createJurisdiction(db, ['79']);
    expect(inJurisdiction(city, unit('27160', '2025-03-01'))).toBe(true);
    expect(inJurisdiction(city, unit('25852', '2025-03-01'))).toBe(true);
    // a ward code covers itself, its successors and predecessors
    const w = createJurisdiction(db, ['26734']);
    expect(inJurisdiction(w, unit('26737', '2025-07-01'))).toBe(true);
    expect(inJurisdiction(w, unit('26743', '2025-07-01'))).toBe(false);
    expect(createJurisdiction(db, ['99999']).unknownCodes).toEqual(['99999']);
  });

  it('successors() is empty for a unit in force and byId finds units', () => {
    const res = createResolver(db, { asOf: BEFORE, jurisdiction: [] });
    const r = res.resolve({ name: 'Bến Nghé' });
    expect(res.successors(defined(r.unit))).toEqual([]);
    expect(res.byId(defined(r.unit).id)).toEqual(r.unit);
    const later = createResolver(db, { asOf: AFTER, jurisdiction: [] });
    expect(later.successors(defined(r.unit)).map((s) => s.unit.name)).toEqual(['Phường Sài Gòn']);
  });

  it('resolves a million repeated references well above 300,000 rows/s (cached)', () => {
    const res = createResolver(db, { asOf: AFTER, jurisdiction: ['760', '770'] });
    const refs = [
      { name: 'Phường Bến Nghé', district: 'Quận 1' },
      { name: 'P. Đa Kao', district: 'Q1' },
      { name: 'Phường 4', district: 'Quận 3' },
      { code: '26737', name: 'Phường Tân Định' },
      { name: 'Phường Sài Gòn' },
    ];
    const t0 = performance.now();
    let retired = 0;
    for (let i = 0; i < 1_000_000; i++) if (res.resolve(at(refs, i % refs.length)).status.startsWith('retired')) retired++;
    const rate = 1_000_000 / ((performance.now() - t0) / 1000);
    expect(retired).toBe(600_000);
    expect(res.stats.distinct).toBe(5);
    expect(rate).toBeGreaterThan(300_000);
  });
});

describe('loadOffice', () => {
  it('reads the office recorded by init, null before', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'o.db');
    const blank = openStore(file, { create: true }).db;
    expect(loadOffice(blank)).toBeNull();
    blank.close();
    const r = await roster(['init', '--db', file, '--office', 'UBND Phường Sài Gòn', '--jurisdiction', '760, 770']);
    expect(r.code).toBe(0);
    const { db: d } = openStore(file);
    expect(loadOffice(d)).toEqual({ name: 'UBND Phường Sài Gòn', jurisdiction: ['760', '770'] });
    d.close();
  });
});
