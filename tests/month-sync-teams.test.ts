/**
 * Sync is per team (SPEC § Import semantics): a ward's khu phố files imported
 * one per command give the same database as importing them together; a
 * corrected file for one team replaces only that team's rows for the period;
 * a closed team is no longer expected and its members count as left.
 */
import path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { roster, tempDir } from './helpers/cli.js';
import { initDb } from './helpers/seed.js';
import { expectedChanges, personName, team, writeFiles, type RosterFile } from './helpers/month-model.js';
import { openStore } from '../src/store/db.js';
import { at, defined } from './helpers/defined.js';

const OCT: RosterFile[] = [
  { name: 'kp1-2026-10.csv', rows: team('TD', 'Khu phố 1', [1, 2, 3]) },
  { name: 'kp2-2026-10.csv', rows: team('TD', 'Khu phố 2', [4, 5, 6]) },
  { name: 'kp3-2026-10.csv', rows: team('TD', 'Khu phố 3', [7, 8, 9]) },
];
const NOV: RosterFile[] = [
  { name: 'kp1-2026-11.csv', rows: team('TD', 'Khu phố 1', [1, 2, 10]) },
  { name: 'kp2-2026-11.csv', rows: team('TD', 'Khu phố 2', [4, 5, 3]) },
  { name: 'kp3-2026-11.csv', rows: team('TD', 'Khu phố 3', [7, 8]) },
];

/** The database as the reports see it: rows in force (person, team, period) and memberships. */
function state(file: string) {
  const { db } = openStore(file, { readonly: true });
  try {
    const rows = db
      .prepare(
        `SELECT s.period, m.person_key, t.neighbourhood_key, s.row_number, i.file_name FROM source_rows s JOIN members m ON m.id = s.member_id
         JOIN teams t ON t.id = s.team_id JOIN imports i ON i.id = s.import_id WHERE s.superseded_by IS NULL ORDER BY 1, 2, 3`,
      )
      .all();
    const memberships = db
      .prepare(
        `SELECT m.person_key, t.neighbourhood_key, ms.status, ms.first_period, ms.last_period, ms.left_period FROM memberships ms
         JOIN members m ON m.id = ms.member_id JOIN teams t ON t.id = ms.team_id ORDER BY 1, 2`,
      )
      .all();
    return { rows, memberships };
  } finally {
    db.close();
  }
}

async function load(dir: string, oneByOne: boolean) {
  const db = await initDb({ dir });
  for (const [period, files] of [
    ['2026-10', OCT],
    ['2026-11', NOV],
  ] as const) {
    const paths = writeFiles(dir, files);
    const batches = oneByOne ? paths.map((p) => [p]) : [paths];
    for (const b of batches) {
      const r = await roster(['import', '--db', db, '--period', period, ...b]);
      if (r.code !== 0) throw new Error(r.stderr);
    }
  }
  return db;
}

describe('sync per team', () => {
  let together: string;
  let apart: string;
  beforeAll(async () => {
    together = await load(tempDir(), false);
    apart = await load(tempDir(), true);
  }, 60_000);

  test('khu phố files one per command give the same database as together', () => {
    const a = state(apart);
    expect(a.rows.length).toBe(OCT.concat(NOV).reduce((n, f) => n + f.rows.length, 0));
    expect(a).toEqual(state(together));
  });

  test('importing Khu phố 2 alone marks nobody of Khu phố 1 as left', async () => {
    const dir = tempDir();
    const db = await initDb({ dir });
    for (const f of writeFiles(dir, OCT)) await roster(['import', '--db', db, '--period', '2026-10', f]);
    const kp2 = at(writeFiles(dir, NOV), 1);
    const r = JSON.parse((await roster(['import', '--db', db, '--period', '2026-11', kp2, '--json'])).stdout) as {
      changes: { left: number; moved: number; notYetListed: number; leaving: unknown[] };
    };
    // 3 came from Khu phố 1 (not yet sent): a move already; 6 is absent from Khu phố 2's own file: left.
    expect(r.changes).toMatchObject({ left: 1, moved: 1, notYetListed: 5 });
    expect(r.changes.leaving).toHaveLength(1);
  });

  test('a corrected file for one team replaces that team’s rows only', async () => {
    const dir = tempDir();
    const db = await load(dir, true);
    const fixed = writeFiles(dir, [{ name: 'kp3-2026-11-fix.csv', rows: team('TD', 'Khu phố 3', [7, 8, 9]) }]);
    await roster(['import', '--db', db, '--period', '2026-11', ...fixed]);
    const s = state(db).rows.filter((r) => (r as { period: string }).period === '2026-11') as { file_name: string; neighbourhood_key: string }[];
    expect(s.filter((r) => r.neighbourhood_key === 'kp 3').map((r) => r.file_name)).toEqual(['kp3-2026-11-fix.csv', 'kp3-2026-11-fix.csv', 'kp3-2026-11-fix.csv']);
    expect(s.filter((r) => r.neighbourhood_key !== 'kp 3').every((r) => r.file_name !== 'kp3-2026-11-fix.csv')).toBe(true);
    const d = JSON.parse((await roster(['diff', '--db', db, '--from', '2026-10', '--to', '2026-11', '--json'])).stdout) as { left: { fullName: string }[] };
    const want = expectedChanges(OCT, '2026-10-31', [...NOV.slice(0, 2), { name: 'x', rows: team('TD', 'Khu phố 3', [7, 8, 9]) }], '2026-11-30');
    expect(d.left.map((x) => x.fullName).sort()).toEqual(want.left.map(personName).sort());
  });
});

describe('roster teams close', () => {
  test('a closed team is not expected; its members count as left, with the closure in history', async () => {
    const dir = tempDir();
    const db = await initDb({ dir });
    for (const f of writeFiles(dir, OCT)) await roster(['import', '--db', db, '--period', '2026-10', f]);
    for (const f of writeFiles(dir, NOV.slice(0, 2))) await roster(['import', '--db', db, '--period', '2026-11', f]);
    const teams = JSON.parse((await roster(['teams', '--db', db, '--json'])).stdout) as { teams: { id: number; neighbourhood: string; members: number; period: string }[] };
    const kp3 = defined(teams.teams.find((t) => t.neighbourhood === 'Khu phố 3'));
    expect(kp3).toMatchObject({ members: 3, period: '2026-10' });
    const out = path.join(dir, 'nov.xlsx');
    const before = await roster(['report', 'monthly', '--db', db, '--period', '2026-11', '-o', out]);
    expect(before.code).toBe(1);
    expect(before.stderr).toContain(`Khu phố 3, Phường Tân Định (mã tổ ${kp3.id})`);
    expect((await roster(['teams', 'close', String(kp3.id), '--db', db, '--from', '2026-11'])).code).toBe(0);
    expect((await roster(['teams', 'close', String(kp3.id), '--db', db, '--from', '2026-11'])).code).toBe(2);
    const d = JSON.parse((await roster(['diff', '--db', db, '--from', '2026-10', '--to', '2026-11', '--json'])).stdout) as {
      left: { fullName: string }[];
      missingTeams: unknown[];
    };
    expect(d.missingTeams).toEqual([]);
    for (const n of [7, 8, 9]) expect(d.left.map((x) => x.fullName)).toContain(personName(n));
    const h = JSON.parse((await roster(['history', '--db', db, '--member', '079085000007', '--json'])).stdout) as {
      events: { kind: string; details: { reason?: string } | null }[];
    };
    expect(h.events).toEqual([expect.objectContaining({ kind: 'left', details: { reason: 'closed' } })]);
    const th = JSON.parse((await roster(['history', '--db', db, '--team', String(kp3.id), '--json'])).stdout) as { events: { kind: string; period: string }[] };
    expect(th.events).toEqual([expect.objectContaining({ kind: 'closed', period: '2026-11' })]);
    const after = await roster(['report', 'monthly', '--db', db, '--period', '2026-11', '-o', out]);
    expect(after.code, after.stderr).toBe(0);
  });
});
