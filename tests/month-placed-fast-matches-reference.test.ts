/**
 * The report's shortcuts over the placement rule (src/month/changes.ts):
 * placedRowsWhere (the plain filter when nobody is on two live rows) against
 * `s.id IN (PLACED_ROWS)`, the team figures summed over either, the first
 * period's changes (startingPoint) against the general rule (classifyMonth),
 * and the remembered count of people listed twice, on generated rows full of
 * awkward cases: people without a member id, rows without a team, superseded
 * rows, leaving dates readable or not, before or after the period end, the
 * same person in several imports or twice in one.
 */
import Database from 'better-sqlite3';
import { describe, expect, test } from 'vitest';
import { classifyMonth, listedTwice, monthChanges, PLACED_ROWS, placedRowsWhere } from '../src/month/changes.js';
import { iterateMembers, MEMBER_ORDER } from '../src/reports/monthly-data.js';
import type { DB } from '../src/store/db.js';
import { migrations } from '../src/store/migrations/index.js';
import { periodEnd } from '../src/text/period.js';
import { at } from './helpers/defined.js';
import { rng } from './helpers/rng.js';

const LEFT_ON = [null, null, null, '2026-11-15', '2026-11-30', '2026-12-01', '2026-10-31', '2026-11-31', '2026-02-30', '2026', '11/2026', 'x', ''];
const PERIODS = ['2026-10', '2026-11'];

/** A database with the real schema and generated rows; `twice`: people may be on two live rows. */
function generated(seed: number, twice: boolean): DB {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]) => at(xs, Math.floor(r() * xs.length));
  const db = new Database(':memory:');
  db.pragma('foreign_keys = OFF');
  for (const m of migrations) db.exec(m.sql);
  const insert = db.prepare(
    `INSERT INTO source_rows (import_id, period, row_number, full_name, dob, gender, role, onetouch, ward, left_on, team_id, member_id, superseded_by)
     VALUES (@import, @period, @row, @name, @dob, @gender, @role, @onetouch, @ward, @left, @team, @member, @superseded)`,
  );
  let nextMember = 1;
  for (const period of PERIODS) {
    const used = new Set<number>();
    // A person of an earlier period again (stays, moves, or is on a row that does not place them), or someone new.
    const person = () => {
      const old = 1 + Math.floor(r() * (nextMember - 1));
      if (nextMember > 1 && r() < 0.6 && (twice || !used.has(old))) return old;
      return nextMember++;
    };
    const n = 20 + Math.floor(r() * 60);
    for (let row = 1; row <= n; row++) {
      const member = r() < 0.1 ? null : person();
      if (member !== null) used.add(member);
      const fields = {
        import: pick([3, 1, 2, 4]),
        period,
        row,
        name: pick(['An', 'Bình', 'Chi', null, '  Dũng ']),
        dob: pick(['1990-01-01', '1995-06-30', '1990', null, 'x']),
        gender: pick(['female', 'male', null]),
        role: pick(['leader', 'member', 'member', 'deputy', null]),
        onetouch: pick([1, 0, null]),
        ward: pick(['Phường 1', 'Bến Nghé', null]),
        left: pick(LEFT_ON),
        team: r() < 0.1 ? null : 1 + Math.floor(r() * 6),
        member,
        superseded: r() < 0.1 ? 9 : null,
      };
      insert.run(fields);
      // The same person again on rows that cannot place them: left before the period end, superseded, without a team.
      if (member !== null && r() < 0.3) insert.run({ ...fields, row: row + 1000, left: '2026-09-01', superseded: null });
      if (member !== null && r() < 0.2) insert.run({ ...fields, row: row + 2000, left: null, superseded: 8 });
      if (member !== null && r() < 0.2) insert.run({ ...fields, row: row + 3000, left: null, team: null, superseded: null });
    }
  }
  return db as unknown as DB;
}

const ids = (db: DB, where: string, period: string) =>
  db
    .prepare(`SELECT s.id FROM source_rows s WHERE ${where} ORDER BY s.id`)
    .pluck()
    .all({ period, end: periodEnd(period) });

const teamFigures = (db: DB, where: string, period: string) =>
  db
    .prepare(
      `SELECT s.team_id, count(*), sum(s.role = 'leader'), group_concat(CASE WHEN s.role = 'leader' THEN s.full_name END, '; '), max(s.ward)
       FROM source_rows s JOIN teams t ON t.id = s.team_id WHERE ${where} GROUP BY s.team_id`,
    )
    .raw()
    .all({ period, end: periodEnd(period) });

/** Live rows per person, counted in JavaScript from the rows themselves. */
function listedTwiceByHand(db: DB, period: string): number {
  const rows = db.prepare('SELECT member_id, team_id, superseded_by, left_on, period FROM source_rows').all() as {
    member_id: number | null;
    team_id: number | null;
    superseded_by: number | null;
    left_on: string | null;
    period: string;
  }[];
  const readable = (v: string | null) =>
    v !== null && /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v);
  const per = new Map<number, number>();
  for (const s of rows) {
    if (s.period !== period || s.superseded_by !== null || s.team_id === null || s.member_id === null) continue;
    if (readable(s.left_on) && (s.left_on ?? '') <= periodEnd(period)) continue;
    per.set(s.member_id, (per.get(s.member_id) ?? 0) + 1);
  }
  return [...per.values()].filter((n) => n > 1).length;
}

function withTeams(db: DB): DB {
  for (let t = 1; t <= 6; t++) db.prepare('INSERT INTO teams (id, neighbourhood, neighbourhood_key) VALUES (?, ?, ?)').run(t, `Khu phố ${t}`, t === 3 ? '' : `kp${t}`);
  for (let i = 1; i <= 4; i++)
    db.prepare("INSERT INTO imports (id, period, mode, file_name, file_sha256, sheet, imported_at) VALUES (?, '2026-11', 'sync', ?, 'x', ?, 'now')").run(
      i,
      `to-${i}.xlsx`,
      i === 2 ? null : 'Sheet1',
    );
  return db;
}

/** The member list as the driver gives it for the plain query: objects, by `s.id IN (PLACED_ROWS)`. */
function plainMembers(db: DB, period: string): unknown[] {
  return db
    .prepare(
      `SELECT u.code AS ward_code, coalesce(u.name, s.ward) AS ward_name, t.unit_text, t.neighbourhood, s.full_name, s.dob, s.gender,
         s.person_id, s.phone, s.role, s.organisation, s.onetouch, s.joined_on, i.file_name, i.sheet, s.row_number
       FROM source_rows s JOIN teams t ON t.id = s.team_id
       LEFT JOIN units u ON u.id = t.unit_id JOIN imports i ON i.id = s.import_id
       WHERE s.id IN (${PLACED_ROWS})
       ORDER BY ${MEMBER_ORDER}`,
    )
    .all({ period, end: periodEnd(period) });
}

describe('the placement shortcuts give what the placement rule gives', () => {
  for (const twice of [false, true]) {
    test.each(Array.from({ length: 25 }, (_, k) => k + 1))(`seed %i, ${twice ? 'people on two live rows' : 'nobody on two live rows'}`, (seed) => {
      const db = withTeams(generated(seed * 7919, twice));
      for (const period of PERIODS) {
        const n = listedTwice(db, period);
        expect(n).toBe(listedTwiceByHand(db, period));
        if (!twice) expect(n).toBe(0);
        const fast = placedRowsWhere(db, period);
        expect(ids(db, fast, period)).toEqual(ids(db, `s.id IN (${PLACED_ROWS})`, period));
        expect(teamFigures(db, fast, period)).toEqual(teamFigures(db, `s.id IN (${PLACED_ROWS})`, period));
        // The member list: the same objects, fields in the same order.
        expect(JSON.stringify([...iterateMembers(db, period)])).toBe(JSON.stringify(plainMembers(db, period)));
      }
      // The first period: the shortened rule against the general one, with no earlier period.
      expect(monthChanges(db, '2026-10')).toEqual(classifyMonth(db, '2026-10', null));
      expect(monthChanges(db, '2026-11')).toEqual(classifyMonth(db, '2026-11', '2026-10'));
    });
  }

  test('a change to the rows is seen by the remembered count', () => {
    const db = withTeams(generated(11, false));
    expect(listedTwice(db, '2026-11')).toBe(0);
    const live = db
      .prepare(`SELECT s.* FROM source_rows s WHERE ${placedRowsWhere(db, '2026-11')} AND s.member_id IS NOT NULL LIMIT 1`)
      .get({ period: '2026-11', end: periodEnd('2026-11') }) as Record<string, unknown>;
    db.prepare('INSERT INTO source_rows (import_id, period, row_number, team_id, member_id) VALUES (?, ?, ?, ?, ?)').run(
      live.import_id,
      '2026-11',
      9999,
      live.team_id,
      live.member_id,
    );
    expect(listedTwice(db, '2026-11')).toBe(1);
    expect(placedRowsWhere(db, '2026-11')).toContain('PARTITION BY');
  });
});
