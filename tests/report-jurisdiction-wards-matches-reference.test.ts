/**
 * The monthly report's ward lines start from the commune-level units of the
 * period's list that the office answers for (jurisdictionWards in
 * src/reports/monthly-data.ts). It asks only about the units that are covered
 * or have a successor; the plain definition asks about every unit of the
 * reference. On the bundled sample (and the national lists, when present),
 * for every list and for jurisdictions of provinces, former districts, wards
 * old and new, unknown codes and mixtures, the two give the same units.
 */
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { jurisdictionWards } from '../src/reports/monthly-data.js';
import { openStore, type DB } from '../src/store/db.js';
import { importUnitsFile } from '../src/units/load/index.js';
import { createJurisdiction, inJurisdiction, loadSnapshot } from '../src/units/resolver.js';
import { hasSharedUnits, roster, SHARED_UNITS, tempDir } from './helpers/cli.js';
import { initDb } from './helpers/seed.js';

/** The plain definition: every unit of the reference, read whole. */
function reference(db: DB, vintage: string, codes: string[]): number[] {
  if (codes.length === 0) return [];
  const j = createJurisdiction(db, codes);
  return [...j.snapshot.units.values()].filter((u) => u.level === 3 && u.vintage === vintage && inJurisdiction(j, u)).map((u) => u.id);
}

/** Code lists to ask about: provinces and a sample of districts and wards of each list, alone and mixed, and codes no unit has. */
function jurisdictions(db: DB, every: number, provinces: (code: string) => boolean): string[][] {
  const units = [...loadSnapshot(db).units.values()];
  const out: string[][] = [['79'], ['760', '770'], ['99999'], ['79', 'abc'], []];
  units.forEach((u, i) => {
    if ((u.level === 1 && provinces(u.code)) || i % every === 0) out.push([u.code]);
  });
  for (let i = 0; i + 2 < out.length; i += 7) out.push([...(out[i] ?? []), ...(out[i + 2] ?? [])]);
  return out;
}

/** Each question on a fresh connection, so that the fast path reads the units as it would in a report. */
function compareAll(file: string, every: number, provinces: (code: string) => boolean): number {
  const probe = openStore(file, { readonly: true }).db;
  const vintages = probe.prepare('SELECT vintage FROM unit_lists ORDER BY vintage').pluck().all() as string[];
  const asks = jurisdictions(probe, every, provinces);
  probe.close();
  let compared = 0;
  for (const vintage of vintages) {
    for (const codes of asks) {
      const fast = openStore(file, { readonly: true }).db;
      const got = [...jurisdictionWards(fast, vintage, codes)].sort((a, b) => a - b);
      fast.close();
      const plain = openStore(file, { readonly: true }).db;
      expect(got, `${vintage} ${codes.join(',')}`).toEqual(reference(plain, vintage, codes).sort((a, b) => a - b));
      plain.close();
      compared += got.length;
    }
  }
  return compared;
}

describe('the wards of the jurisdiction, read by candidates, equal the plain definition', () => {
  test('the bundled sample', async () => {
    const file = await initDb();
    expect(compareAll(file, 1, () => true)).toBeGreaterThan(0);
    // Lists that do not follow one another: units reach later ones by stored successions alone.
    const { db } = openStore(file);
    db.prepare('UPDATE unit_lists SET valid_to = NULL').run();
    db.close();
    expect(compareAll(file, 1, () => true)).toBeGreaterThan(0);
  }, 120_000);

  test.skipIf(!hasSharedUnits)(
    'the national lists',
    async () => {
      const file = path.join(tempDir(), 'national.db');
      const init = await roster(['init', '--db', file, '--units', path.join(SHARED_UNITS, 'units-2025-03-01.json')]);
      expect(init.code, init.stderr).toBe(0);
      const { db } = openStore(file);
      importUnitsFile(db, path.join(SHARED_UNITS, 'merges-2025-07-01.json'), { legalBasis: path.join(SHARED_UNITS, 'legal-basis-2025-07-01.csv'), now: () => new Date() });
      db.close();
      expect(compareAll(file, 4000, (code) => ['01', '48', '79'].includes(code))).toBeGreaterThan(1000);
    },
    600_000,
  );
});
