/**
 * The fast path of a first load (src/importer/first-load.ts: rows and new
 * memberships written in bulk, foreign keys checked once before COMMIT) leaves
 * exactly the database the plain row-by-row path leaves, table by table and
 * id by id, on generated rosters full of awkward values: people listed twice
 * with other details, template rows naming a member, blank names, unknown
 * wards, odd roles and leaving dates, several files in one batch.
 */
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { checkForeignKeys, foreignKeysOffForLoad, isFirstLoad } from '../src/importer/first-load.js';
import { RosterWriter } from '../src/importer/write.js';
import type { RosterRecord } from '../src/roster/row.js';
import { openStore, type DB } from '../src/store/db.js';
import { tempDir } from './helpers/cli.js';
import { fakeResolver } from './helpers/fake-resolver.js';

const text = (values: (string | null)[]) => fc.oneof(fc.constantFrom(...values), fc.string({ maxLength: 6 }));

/** A roster record with awkward values; few distinct IDs and names, so people repeat. */
const recordArb: fc.Arbitrary<RosterRecord> = fc.record({
  full_name: text(['Nguyễn Văn An', 'Trần Thị Bình', '', null, ' ', 'Lê  Văn An']),
  dob: text(['1990-01-01', '1990', null, '31/02/1990', '2001-02-03']),
  gender: fc.constantFrom('male', 'female', null, 'Nam'),
  person_id: fc.oneof(fc.constantFrom('079190000001', '079190000002', '001090000003', null, '12345', ''), fc.stringMatching(/^07919000000[0-9]$/)),
  phone: text(['0903123456', null, '01689123456']),
  email: text(['a@b.vn', null]),
  role: fc.constantFrom('leader', 'deputy', 'member', 'Tổ viên', null),
  organisation: text(['UBND', null]),
  neighbourhood: fc.constantFrom('Khu phố 1', 'KP 1', 'Khu phố 2', null, ''),
  ward: fc.constantFrom('Phường Sài Gòn', 'Phường Tân Định', 'Phường Không Có', null),
  ward_code: fc.constantFrom(null, '26740', '99999'),
  district: fc.constantFrom(null, 'Quận 1'),
  joined_on: text(['2025-01-01', null, '2026']),
  left_on: text(['2026-11-30', '2026-12-01', null, '2026', '2026-02-30', '']),
  onetouch: fc.constantFrom(1, 0, null),
  notes: text([null, 'ghi chú']),
  repairs: fc.subarray(['person_id:repaired', 'dob:unparsed', 'left_on:unparsed']),
  member_id: fc.option(fc.integer({ min: 1, max: 6 }), { nil: undefined, freq: 8 }),
}).map(({ member_id, ...r }) => ({ row: 0, ...r, ...(member_id === undefined ? {} : { member_id }) }));

const batchArb = fc.array(fc.array(recordArb, { minLength: 1, maxLength: 25 }), { minLength: 1, maxLength: 3 });

function load(fast: boolean, files: RosterRecord[][], mode: 'sync' | 'append'): DB {
  const db = openStore(path.join(tempDir(), 'r.db'), { create: true }).db;
  const resolver = fakeResolver(db);
  expect(isFirstLoad(db)).toBe(true);
  const restore = fast ? foreignKeysOffForLoad(db) : null;
  db.exec('BEGIN IMMEDIATE');
  const writer = new RosterWriter(db, resolver, { period: '2026-11', mode, now: () => new Date('2026-11-28T09:00:00Z') });
  expect(writer.writesInBulk).toBe(fast);
  files.forEach((rows, i) => {
    writer.beginFile({ fileName: `ds-${i}.csv`, filePath: `/in/ds-${i}.csv`, sha256: `sha-${i}`, columns: [] });
    rows.forEach((r, n) => writer.add({ ...r, repairs: [...r.repairs], row: n + 2 }));
    writer.endFile(0);
  });
  writer.finish();
  if (restore) checkForeignKeys(db);
  db.exec('COMMIT');
  restore?.();
  return db;
}

/** Every table, every row, in rowid order. */
function dump(db: DB): Record<string, unknown[]> {
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all() as string[];
  return Object.fromEntries(tables.map((t) => [t, db.prepare(`SELECT * FROM "${t}" ORDER BY rowid`).raw().all()]));
}

describe('first load: the bulk path leaves the database the row-by-row path leaves', () => {
  test('on generated rosters, sync and append', () => {
    fc.assert(
      fc.property(batchArb, fc.constantFrom('sync' as const, 'append' as const), (files, mode) => {
        const plain = load(false, files, mode);
        const fast = load(true, files, mode);
        try {
          expect(dump(fast)).toEqual(dump(plain));
          expect(fast.pragma('foreign_keys', { simple: true })).toBe(1);
        } finally {
          plain.close();
          fast.close();
        }
      }),
      { numRuns: 60 },
    );
  });

  test('a database that holds rows is not a first load', () => {
    const db = load(true, [[{ ...fc.sample(recordArb, 1)[0], full_name: 'Nguyễn Văn An', member_id: undefined }]], 'sync');
    expect(isFirstLoad(db)).toBe(false);
    expect(db.prepare('SELECT count(*) FROM source_rows').pluck().get()).toBe(1);
    db.close();
  });
});
