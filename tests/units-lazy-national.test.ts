/**
 * The unit reference read on demand (snapshot-lazy.ts) gives the same answers
 * as the one read whole (snapshot-full.ts) on the national lists, when they
 * are present: Ho Chi Minh City whole and a sample of the country. A slow
 * test (the national lists); the bundled sample is units-lazy.test.ts.
 */
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openStore, type DB } from '../src/store/db.js';
import { importUnitsFile } from '../src/units/load/index.js';
import { hasSharedUnits, roster, SHARED_UNITS, tempDir } from './helpers/cli.js';
import { compare } from './helpers/units-compare.js';

describe.skipIf(!hasSharedUnits)('the unit reference read on demand, national lists', () => {
  let db: DB;
  beforeAll(async () => {
    const file = path.join(tempDir(), 'national.db');
    const init = await roster(['init', '--db', file, '--units', path.join(SHARED_UNITS, 'units-2025-03-01.json')]);
    expect(init.code, init.stderr).toBe(0);
    db = openStore(file).db;
    importUnitsFile(db, path.join(SHARED_UNITS, 'merges-2025-07-01.json'), { legalBasis: path.join(SHARED_UNITS, 'legal-basis-2025-07-01.csv'), now: () => new Date() });
  });

  it('gives the same maps and resolutions for Ho Chi Minh City and a sample of the country', () => {
    let i = 0;
    const n = compare(db, (u) => u.provinceCode === '79' || i++ % 100 === 0, ['2025-05-31', '2026-11-30'], [['79'], []]);
    expect(n).toBeGreaterThan(5_000);
  }, 300_000);
});
