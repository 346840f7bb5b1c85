/** Loading unit reference data: every shape, idempotency, bad input leaves the database untouched. */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore, type DB } from '../src/store/db.js';
import { importUnitsFile, importUnitsPath } from '../src/units/load/index.js';
import { FIXTURES, hasSharedUnits, roster, SHARED_UNITS, tempDir } from './helpers/cli.js';
import { INSTALL, skipUnless } from './helpers/skips.js';
import { at } from './helpers/defined.js';

const now = () => new Date('2026-11-28T08:00:00Z');
const SAMPLE = path.join(FIXTURES, 'units');

function freshDb(): { db: DB; file: string; dir: string } {
  const dir = tempDir();
  const file = path.join(dir, 'r.db');
  return { db: openStore(file, { create: true }).db, file, dir };
}

/** Everything the unit tables hold, as text, to compare before and after. */
function dump(db: DB): string {
  return JSON.stringify([
    db.prepare('SELECT vintage, valid_from, valid_to, source FROM unit_lists ORDER BY vintage').all(),
    db.prepare('SELECT vintage, level, code, name, type, parent_id, province_code, name_key FROM units ORDER BY id').all(),
    db.prepare('SELECT * FROM successions ORDER BY old_unit_id, new_unit_id').all(),
  ]);
}

// Tiny hand-made files in the public JSON shapes (a few real wards of District 1).
const THREE_LEVEL = {
  data: [
    {
      level1_id: '79',
      name: 'Thành phố Hồ Chí Minh',
      type: 'Thành phố Trung ương',
      level2s: [
        {
          level2_id: '760',
          name: 'Quận 1',
          type: 'Quận',
          level3s: [
            { level3_id: '26734', name: 'Phường Tân Định', type: 'Phường' },
            { level3_id: '26737', name: 'Phường Đa Kao', type: 'Phường' },
            { level3_id: '26740', name: 'Phường Bến Nghé', type: 'Phường' },
          ],
        },
      ],
    },
  ],
};
const MERGES = {
  data: [
    {
      level1_id: '79',
      name: 'Thành phố Hồ Chí Minh',
      merges: [{ old_id: '79', name: 'Thành phố Hồ Chí Minh', type: 'full' }],
      level2s: [
        {
          level2_id: '26737',
          name: 'Phường Tân Định',
          merges: [
            { old_id: '26734', name: 'Phường Tân Định', type: 'full' },
            { old_id: '26737', name: 'Phường Đa Kao', type: 'partial' },
          ],
        },
        {
          level2_id: '26740',
          name: 'Phường Sài Gòn',
          merges: [
            { old_id: '26737', name: 'Phường Đa Kao', type: 'partial' },
            { old_id: '26740', name: 'Phường Bến Nghé', type: 'full' },
          ],
        },
      ],
    },
  ],
};
const SPLITS = {
  data: [
    {
      level1_id: '79',
      name: 'Thành phố Hồ Chí Minh',
      splits: [{ new_id: '79', name: 'Thành phố Hồ Chí Minh' }],
      level3s: [
        { level3_id: '26734', name: 'Phường Tân Định', splits: [{ new_id: '26737', name: 'Phường Tân Định' }] },
        {
          level3_id: '26737',
          name: 'Phường Đa Kao',
          splits: [
            { new_id: '26740', name: 'Phường Sài Gòn' },
            { new_id: '26737', name: 'Phường Tân Định' },
          ],
        },
        { level3_id: '26740', name: 'Phường Bến Nghé', splits: [{ new_id: '26740', name: 'Phường Sài Gòn' }] },
      ],
    },
  ],
};
const LEGAL = 'province_code,province_name,resolution,signed,effective\n79,Thành phố Hồ Chí Minh,1685/NQ-UBTVQH15,2025-06-16,2025-07-01\n';

function write(dir: string, name: string, content: unknown): string {
  const f = path.join(dir, name);
  fs.writeFileSync(f, typeof content === 'string' ? content : JSON.stringify(content));
  return f;
}

const links = (db: DB) =>
  db
    .prepare(
      `SELECT o.vintage || ':' || o.code || '>' || n.vintage || ':' || n.code || ' ' || s.kind || ' ' || s.effective || ' ' || coalesce(s.legal_basis, '-') AS l
         FROM successions s JOIN units o ON o.id = s.old_unit_id JOIN units n ON n.id = s.new_unit_id WHERE o.level = 3 ORDER BY l`,
    )
    .all()
    .map((r) => (r as { l: string }).l);

describe('our CSV format (the bundled sample)', () => {
  it('loads units with parents and provinces, successions with kind and legal basis, and the validity of each list', () => {
    const { db } = freshDb();
    const results = db.transaction(() => importUnitsPath(db, SAMPLE, { now }))();
    expect(results.map((r) => r.shape)).toEqual(['units-csv', 'dated-successions-csv', 'successions-csv']);
    const daKao = db
      .prepare("SELECT u.name, u.type, u.province_code, p.code AS parent FROM units u JOIN units p ON p.id = u.parent_id WHERE u.vintage = '2025-03-01' AND u.code = '26737'")
      .get();
    expect(daKao).toEqual({ name: 'Phường Đa Kao', type: 'Phường', province_code: '79', parent: '760' });
    expect(links(db)).toContain('2025-03-01:26737>2025-07-01:26737 partial 2025-07-01 1685/NQ-UBTVQH15');
    expect(links(db)).toContain('2025-03-01:26740>2025-07-01:26740 full 2025-07-01 1685/NQ-UBTVQH15');
    expect(links(db)).toContain('2024-11-01:27136>2025-03-01:27130 full 2025-01-01 1278/NQ-UBTVQH15 Điều 1 khoản 1 điểm b');
    expect(db.prepare('SELECT vintage, valid_from, valid_to FROM unit_lists ORDER BY vintage').all()).toEqual([
      { vintage: '2024-11-01', valid_from: null, valid_to: '2025-01-01' },
      { vintage: '2025-03-01', valid_from: '2025-01-01', valid_to: '2025-07-01' },
      { vintage: '2025-07-01', valid_from: '2025-07-01', valid_to: null },
    ]);
    // "Phường 1" is there twice (District 3 and District 4): the repeated name the sample must show
    expect(db.prepare("SELECT count(*) AS n FROM units WHERE name = 'Phường 1'").get()).toEqual({ n: 2 });
    // 27265 means three wards, one per list
    expect(
      db
        .prepare("SELECT vintage || ' ' || name AS v FROM units WHERE code = '27265' ORDER BY vintage")
        .all()
        .map((r) => (r as { v: string }).v),
    ).toEqual(['2024-11-01 Phường 06', '2025-03-01 Phường 9', '2025-07-01 Phường Khánh Hội']);
  });

  it('is idempotent: a second load changes nothing and says so', () => {
    const { db } = freshDb();
    db.transaction(() => importUnitsPath(db, SAMPLE, { now }))();
    const before = dump(db);
    const again = db.transaction(() => importUnitsPath(db, SAMPLE, { now: () => new Date('2027-01-01') }))();
    expect(again.every((r) => !r.changed)).toBe(true);
    expect(at(again, 0).counts.unitsUnchanged).toBe(50);
    expect(dump(db)).toBe(before);
  });

  it('a bad row is exit 2 naming file and line, and nothing of the file is written', async () => {
    const { db, file, dir } = freshDb();
    db.close();
    const bad = write(dir, 'units.csv', 'vintage,level,code,name,type,parent_code\n2025-03-01,1,79,Thành phố Hồ Chí Minh,,\n2025-03-01,3,26737,Phường Đa Kao,Phường,999\n');
    const r = await roster(['units', 'import', bad, '--db', file, '--lang', 'en']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/units\.csv, line 3: parent 999/);
    const d = openStore(file).db;
    expect(d.prepare('SELECT count(*) AS n FROM units').get()).toEqual({ n: 0 });
    expect(d.prepare('SELECT count(*) AS n FROM unit_lists').get()).toEqual({ n: 0 });
    d.close();
  });
});

describe('the public JSON shapes', () => {
  it('three-level list: provinces, districts, wards with their vintage from the file name', () => {
    const { db, dir } = freshDb();
    const r = importUnitsFile(db, write(dir, 'units-2025-03-01.json', THREE_LEVEL), { now });
    expect(r).toMatchObject({ shape: 'units-json', vintages: ['2025-03-01'], changed: true });
    expect(r.counts.unitsAdded).toBe(5);
    expect(db.prepare("SELECT level, code, type, name_key FROM units WHERE code IN ('79', '760', '26737') ORDER BY level").all()).toEqual([
      { level: 1, code: '79', type: 'Thành phố', name_key: 'ho chi minh' },
      { level: 2, code: '760', type: 'Quận', name_key: '1' },
      { level: 3, code: '26737', type: 'Phường', name_key: 'da kao' },
    ]);
  });

  it('three-level list without a date in its name needs --as-of', () => {
    const { db, dir } = freshDb();
    const f = write(dir, 'dvhcvn.json', THREE_LEVEL);
    expect(() => importUnitsFile(db, f, { now })).toThrow(/date of this list is not known/);
    expect(importUnitsFile(db, f, { now, asOf: '2025-03-01' }).vintages).toEqual(['2025-03-01']);
  });

  it('merges: new vintage 2025-07-01, successions full/partial onto the old list, legal basis applied, old list closed', () => {
    const { db, dir } = freshDb();
    importUnitsFile(db, write(dir, 'units-2025-03-01.json', THREE_LEVEL), { now });
    const r = importUnitsFile(db, write(dir, 'merges-2025-07-01.json', MERGES), { now, legalBasis: write(dir, 'lb.csv', LEGAL) });
    expect(r).toMatchObject({ shape: 'merges-json', vintages: ['2025-03-01', '2025-07-01'] });
    expect(r.counts.unitsAdded).toBe(3); // the new city and two new wards; no old unit invented
    expect(links(db)).toEqual([
      '2025-03-01:26734>2025-07-01:26737 full 2025-07-01 1685/NQ-UBTVQH15',
      '2025-03-01:26737>2025-07-01:26737 partial 2025-07-01 1685/NQ-UBTVQH15',
      '2025-03-01:26737>2025-07-01:26740 partial 2025-07-01 1685/NQ-UBTVQH15',
      '2025-03-01:26740>2025-07-01:26740 full 2025-07-01 1685/NQ-UBTVQH15',
    ]);
    expect(db.prepare("SELECT valid_to FROM unit_lists WHERE vintage = '2025-03-01'").get()).toEqual({ valid_to: '2025-07-01' });
    expect(db.prepare("SELECT p.code FROM units u JOIN units p ON p.id = u.parent_id WHERE u.vintage = '2025-07-01' AND u.code = '26740'").get()).toEqual({ code: '79' });
    const again = importUnitsFile(db, path.join(dir, 'merges-2025-07-01.json'), { now, legalBasis: path.join(dir, 'lb.csv') });
    expect(again.changed).toBe(false);
  });

  it('merges without the old list creates the old units from the names, and the list loaded later completes them', () => {
    const { db, dir } = freshDb();
    importUnitsFile(db, write(dir, 'merges-2025-07-01.json', MERGES), { now });
    expect(db.prepare("SELECT name, parent_id FROM units WHERE vintage = '2025-03-01' AND code = '26737'").get()).toEqual({ name: 'Phường Đa Kao', parent_id: null });
    const r = importUnitsFile(db, write(dir, 'units-2025-03-01.json', THREE_LEVEL), { now });
    expect(r.counts.unitsUpdated).toBeGreaterThan(0);
    expect(db.prepare("SELECT p.code FROM units u JOIN units p ON p.id = u.parent_id WHERE u.vintage = '2025-03-01' AND u.code = '26737'").get()).toEqual({ code: '760' });
    expect(links(db)).toHaveLength(4);
  });

  it('splits gives the same mapping as merges (one successor = full, several = partial)', () => {
    const a = freshDb();
    importUnitsFile(a.db, write(a.dir, 'units-2025-03-01.json', THREE_LEVEL), { now });
    importUnitsFile(a.db, write(a.dir, 'merges-2025-07-01.json', MERGES), { now });
    const b = freshDb();
    importUnitsFile(b.db, write(b.dir, 'units-2025-03-01.json', THREE_LEVEL), { now });
    const r = importUnitsFile(b.db, write(b.dir, 'splits-2025-07-01.json', SPLITS), { now });
    expect(r.shape).toBe('splits-json');
    expect(links(b.db)).toEqual(links(a.db));
    // and loading the other direction on top changes nothing
    expect(importUnitsFile(b.db, write(b.dir, 'merges-2025-07-01.json', MERGES), { now }).changed).toBe(false);
  });

  it('the legal-basis CSV alone sets the basis on successions already loaded', () => {
    const { db, dir } = freshDb();
    importUnitsFile(db, write(dir, 'units-2025-03-01.json', THREE_LEVEL), { now });
    importUnitsFile(db, write(dir, 'merges-2025-07-01.json', MERGES), { now });
    expect(links(db).every((l) => l.endsWith(' -'))).toBe(true);
    const r = importUnitsFile(db, write(dir, 'legal-basis-2025-07-01.csv', LEGAL), { now });
    expect(r.shape).toBe('legal-basis-csv');
    expect(r.counts.legalBasisUpdated).toBe(4);
    expect(links(db).every((l) => l.endsWith(' 1685/NQ-UBTVQH15'))).toBe(true);
    expect(importUnitsFile(db, path.join(dir, 'legal-basis-2025-07-01.csv'), { now }).changed).toBe(false);
  });

  it('a JSON file of another shape is exit 2 naming the file and the accepted shapes; the database is untouched', async () => {
    const { db, file, dir } = freshDb();
    importUnitsPath(db, SAMPLE, { now });
    const before = dump(db);
    db.close();
    const other = write(dir, 'teams.json', { teams: [{ name: 'Tổ 1' }] });
    const r = await roster(['units', 'import', other, '--db', file, '--lang', 'en']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('teams.json: not a unit reference file');
    expect(r.stderr).toContain('merges-2025-07-01.json');
    expect(r.stderr).not.toMatch(/at .*\.js:\d+/);
    const trunc = write(dir, 'merges.json', JSON.stringify(MERGES).slice(0, 200));
    expect((await roster(['units', 'import', trunc, '--db', file])).code).toBe(2);
    const missing = await roster(['units', 'import', path.join(dir, 'nope.json'), '--db', file]);
    expect(missing.code).toBe(2);
    const d = openStore(file).db;
    expect(dump(d)).toBe(before);
    d.close();
  });

  it('units import says when nothing changed, and --json gives the counts', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'r.db');
    expect((await roster(['init', '--db', file])).code).toBe(0);
    const f = write(dir, 'units-2025-03-01.json', THREE_LEVEL);
    const first = await roster(['units', 'import', f, '--db', file, '--json']);
    expect(first.code).toBe(0);
    const j = JSON.parse(first.stdout);
    expect(j.results[0]).toMatchObject({ file: 'units-2025-03-01.json', shape: 'units-json', changed: false });
    // all five units were already in the sample with the same names and parents
    expect(j.results[0].counts.unitsUnchanged).toBe(5);
    const second = await roster(['units', 'import', f, '--db', file, '--lang', 'en']);
    expect(second.stderr).toMatch(/nothing changed/);
  });
});

describe.skipIf(skipUnless(hasSharedUnits, 'loading the national unit lists', INSTALL.sharedUnits))('the national files', () => {
  it('load in seconds each (10,047 old and 3,321 new commune-level units), and again as a no-op', () => {
    const { db } = freshDb();
    const t: Record<string, number> = {};
    for (const f of ['units-2025-03-01.json', 'merges-2025-07-01.json', 'splits-2025-07-01.json']) {
      const r = importUnitsFile(db, path.join(SHARED_UNITS, f), { now, legalBasis: path.join(SHARED_UNITS, 'legal-basis-2025-07-01.csv') });
      t[f] = r.ms;
    }
    const n = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
    expect(n("SELECT count(*) AS n FROM units WHERE level = 3 AND vintage = '2025-03-01'")).toBe(10047);
    expect(n("SELECT count(*) AS n FROM units WHERE level = 3 AND vintage = '2025-07-01'")).toBe(3321);
    const again = importUnitsFile(db, path.join(SHARED_UNITS, 'units-2025-03-01.json'), { now });
    expect(again.changed).toBe(false);
    console.info('national load times (ms):', JSON.stringify(t), 'reload:', again.ms);
    for (const ms of Object.values(t)) expect(ms).toBeLessThan(5000);
  });

  it.skipIf(
    skipUnless(
      fs.existsSync(path.join(SHARED_UNITS, 'successions-2025-01-01-hcmc-1278.csv')),
      'the bundled sample against the real 2024 list',
      `${INSTALL.sharedUnits} (with successions-2025-01-01-hcmc-1278.csv)`,
    ),
  )('the bundled sample agrees with the real 2024 list and the 1 January 2025 successions', () => {
    const old = JSON.parse(fs.readFileSync(path.join(SHARED_UNITS, 'units-2024-11-01.json'), 'utf8')) as {
      data: { level1_id: string; level2s: { level2_id: string; level3s: { level3_id: string; name: string }[] }[] }[];
    };
    const names = new Map<string, string>();
    for (const p of old.data) for (const d of p.level2s) for (const w of d.level3s) names.set(w.level3_id, `${d.level2_id} ${w.name}`);
    const csv = fs.readFileSync(path.join(SHARED_UNITS, 'successions-2025-01-01-hcmc-1278.csv'), 'utf8').split('\n').slice(1).filter(Boolean);
    const real = new Set(
      csv.map((l) => {
        const c = l.split(',');
        return `${c[0]}>${c[4]} ${c[6]}`;
      }),
    );
    const { db } = freshDb();
    importUnitsPath(db, SAMPLE, { now });
    const wards = db.prepare("SELECT u.code, p.code AS district, u.name FROM units u JOIN units p ON p.id = u.parent_id WHERE u.vintage = '2024-11-01' AND u.level = 3").all() as {
      code: string;
      district: string;
      name: string;
    }[];
    expect(wards.length).toBeGreaterThan(4);
    for (const w of wards) expect(names.get(w.code), w.code).toBe(`${w.district} ${w.name}`);
    const links = db
      .prepare(
        `SELECT o.code AS o, n.code AS n, s.kind FROM successions s JOIN units o ON o.id = s.old_unit_id JOIN units n ON n.id = s.new_unit_id WHERE s.effective = '2025-01-01'`,
      )
      .all() as { o: string; n: string; kind: string }[];
    expect(links.length).toBeGreaterThan(2);
    for (const l of links) expect(real.has(`${l.o}>${l.n} ${l.kind}`), `${l.o}>${l.n}`).toBe(true);
  });

  it('the bundled sample agrees with the real mapping', () => {
    const merges = JSON.parse(fs.readFileSync(path.join(SHARED_UNITS, 'merges-2025-07-01.json'), 'utf8')) as {
      data: { level1_id: string; level2s: { level2_id: string; name: string; merges: { old_id: string; name: string; type: string }[] }[] }[];
    };
    const real = new Map<string, string>();
    for (const p of merges.data) for (const w of p.level2s) for (const o of w.merges) real.set(`${o.old_id}>${w.level2_id}`, `${o.type} ${w.name}`);
    const { db } = freshDb();
    importUnitsPath(db, SAMPLE, { now });
    const sample = db
      .prepare(
        `SELECT o.code AS o, n.code AS n, s.kind, n.name FROM successions s JOIN units o ON o.id = s.old_unit_id JOIN units n ON n.id = s.new_unit_id WHERE o.level = 3 AND s.effective = '2025-07-01'`,
      )
      .all() as { o: string; n: string; kind: string; name: string }[];
    expect(sample.length).toBeGreaterThan(20);
    for (const s of sample) expect(real.get(`${s.o}>${s.n}`), `${s.o}>${s.n}`).toBe(`${s.kind} ${s.name}`);
  });
});
