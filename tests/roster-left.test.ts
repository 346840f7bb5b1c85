/**
 * "Left by the end of the period" has one definition (src/roster/left.ts) in
 * JavaScript and in SQL. On generated leaving dates full of awkward values
 * the two agree, and on generated rosters imported through the writer the
 * membership status, team.size and the workbook's member count tell the same
 * story.
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { RosterWriter } from '../src/importer/write.js';
import { collectMonthly } from '../src/reports/monthly-data.js';
import { hasLeftBy, isLeavingDate, leftBySql } from '../src/roster/left.js';
import type { RosterRecord } from '../src/roster/row.js';
import { validatePeriod } from '../src/rules/engine.js';
import { openStore, type DB } from '../src/store/db.js';
import { periodEnd } from '../src/text/period.js';
import type { UnitResolver } from '../src/units/types.js';
import { tempDir } from './helpers/cli.js';
import { fakeResolver, rec } from './helpers/fake-resolver.js';

const pad = (n: number, w: number) => String(n).padStart(w, '0');

/** Leaving dates as the import may store them: real dates, impossible ones, partial ones, text as written. */
const awkwardLeftOn: fc.Arbitrary<string | null> = fc.oneof(
  fc.constant(null),
  fc.constantFrom(
    '',
    ' ',
    '\u00a0',
    '2025',
    '03/2025',
    '2025-02-29',
    '2024-02-29',
    '2025-02-30',
    '2025-13-01',
    '2025-00-10',
    '2025-04-31',
    '2025-01-15T00:00',
    '2025-01-15 ',
    ' 2025-01-15',
    '2025-1-5',
    '0000-01-01',
    '9999-12-31',
    '２０２５-０１-１５',
    'gone',
    '2025-01-15x',
    '1999-12-31',
    '2026-11-30',
    '2026-12-01',
  ),
  fc.tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 })).map(([y, m, d]) => `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`),
  fc.string({ maxLength: 12 }),
  fc.string({ unit: fc.constantFrom('0', '1', '2', '9', '-', '/', ' '), maxLength: 12 }),
);

const periodArb = fc.tuple(fc.integer({ min: 1990, max: 2040 }), fc.integer({ min: 1, max: 12 })).map(([y, m]) => `${y}-${pad(m, 2)}`);

describe('left by the end of the period: JavaScript and SQL', () => {
  const sqlite = new Database(':memory:');
  const left = sqlite.prepare(`SELECT ${leftBySql('v', '@end')} AS l FROM (SELECT @v AS v)`).pluck();

  afterAll(() => sqlite.close());

  test('agree on awkward leaving dates', () => {
    fc.assert(
      fc.property(awkwardLeftOn, periodArb, (v, period) => {
        const end = periodEnd(period);
        expect([v, end, left.get({ v, end })]).toEqual([v, end, hasLeftBy(v, end) ? 1 : 0]);
      }),
      { numRuns: 3000 },
    );
  });

  test('a readable leaving date is a calendar date written YYYY-MM-DD', () => {
    expect(['2024-02-29', '2025-12-31', '1999-01-01'].map(isLeavingDate)).toEqual([true, true, true]);
    expect(['2025-02-29', '2025-04-31', '2025-13-01', '2025', '2025-01-15 ', '15/01/2025', '', null].map(isLeavingDate)).toEqual(Array(8).fill(false));
    expect(hasLeftBy('2026-11-30', '2026-11-30')).toBe(true);
    expect(hasLeftBy('2026-12-01', '2026-11-30')).toBe(false);
    // A year alone sorts before the period end as text, yet does not make the person leave.
    expect(hasLeftBy('2026', '2026-11-30')).toBe(false);
  });
});

describe('left by the end of the period: writer, team.size and the workbook', () => {
  let db: DB;
  let resolver: UnitResolver;

  beforeAll(() => {
    db = openStore(path.join(tempDir(), 'r.db'), { create: true }).db;
    resolver = fakeResolver(db);
  });
  afterAll(() => db.close());

  /** Rosters of a few teams, every row a distinct person with an awkward leaving date. */
  const rosterArb = fc.array(fc.tuple(fc.integer({ min: 1, max: 4 }), awkwardLeftOn, fc.boolean()), { minLength: 1, maxLength: 40 });

  test('count the same members in each team', () => {
    let run = 0;
    fc.assert(
      fc.property(rosterArb, (rows) => {
        const period = `${2000 + run}-11`;
        run++;
        const writer = new RosterWriter(db, resolver, { period, mode: 'sync', now: () => new Date('2026-11-28T00:00:00Z') });
        writer.beginFile({ fileName: `ds-${period}.csv`, filePath: `ds-${period}.csv`, sha256: `sha-${period}`, columns: [] });
        for (const [team, leftOn, leader] of rows) {
          const r: RosterRecord = rec(`Nguyễn Văn ${run}`, 'Phường Sài Gòn', { neighbourhood: `Khu phố ${team}`, left_on: leftOn, role: leader ? 'leader' : 'member' });
          writer.add(r);
        }
        writer.endFile(0);
        writer.finish();
        checkPeriod(db, resolver, period);
      }),
      { numRuns: 25 },
    );
  });
});

/** The members of each team at the period end, as counted by the writer, team.size and the workbook, and by the JavaScript rule. */
function checkPeriod(db: DB, resolver: UnitResolver, period: string): void {
  const end = periodEnd(period);
  const rows = db.prepare('SELECT row_number, team_id, left_on FROM source_rows WHERE period = ?').all(period) as { row_number: number; team_id: number; left_on: string | null }[];
  const expected = new Map<number, number>();
  for (const r of rows) expected.set(r.team_id, (expected.get(r.team_id) ?? 0) + (hasLeftBy(r.left_on, end) ? 0 : 1));

  const statuses = db
    .prepare(`SELECT m.team_id, sum(m.status = 'active') AS n FROM memberships m JOIN source_rows s ON s.id = m.source_row_id WHERE s.period = ? GROUP BY m.team_id`)
    .all(period) as { team_id: number; n: number }[];
  expect(new Map(statuses.map((s) => [s.team_id, s.n]))).toEqual(expected);

  // team.size reports every team when its range is out of reach: the finding's value is the team's member count.
  const config = { rules: { 'team.size': { neighbourhoodMin: 1000, neighbourhoodMax: 1001, wardMin: 1000, wardMax: 1001 } } };
  const teamOfRow = new Map(rows.map((r) => [r.row_number, r.team_id]));
  for (const reference of [false, true]) {
    const report = validatePeriod(db, { period, lang: 'en', resolver, config, reference });
    const sizes = report.findings.filter((f) => f.rule === 'team.size').map((f) => [teamOfRow.get(f.source?.row ?? -1), Number(f.value)] as const);
    expect(new Map(sizes)).toEqual(expected);
  }

  const workbook = new Map(
    collectMonthly(db, period)
      .teams.filter((t) => t.teamId !== undefined)
      .map((t) => [t.teamId as number, t.members]),
  );
  for (const [team, n] of expected) expect([team, workbook.get(team) ?? 0]).toEqual([team, n]);
}
