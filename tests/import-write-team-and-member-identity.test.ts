/**
 * The faster write path keeps the choices of the plain one: an existing team
 * is found by the unit it lay in first, else by the unit it lies in now
 * (teams with a recorded origin before those without, then the oldest); a
 * person already in the database is updated, not inserted again; a person
 * listed twice in one import is one member.
 */
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { openStore, type DB } from '../src/store/db.js';
import type { RosterRecord } from '../src/roster/row.js';
import { RosterWriter } from '../src/importer/write.js';
import type { UnitResolver } from '../src/units/types.js';
import { fakeResolver, rec } from './helpers/fake-resolver.js';
import { tempDir } from './helpers/cli.js';
import { at } from './helpers/defined.js';

function load(db: DB, resolver: UnitResolver, period: string, rows: RosterRecord[]) {
  db.exec('BEGIN');
  const w = new RosterWriter(db, resolver, { period, mode: 'append', now: () => new Date('2026-11-28T00:00:00Z') });
  w.beginFile({ fileName: 'a.csv', filePath: '/x/a.csv', sha256: `sha-${period}-${rows.length}`, columns: [] });
  for (const r of rows) w.add(r);
  w.endFile(0);
  const s = w.finish();
  db.exec('COMMIT');
  return s;
}

function team(db: DB, unitId: number | null, originId: number | null, nk = 'kp 1'): number {
  return Number(
    db.prepare("INSERT INTO teams (unit_id, origin_unit_id, unit_text, neighbourhood, neighbourhood_key) VALUES (?, ?, '', 'Khu phố 1', ?)").run(unitId, originId, nk)
      .lastInsertRowid,
  );
}

const teamOfRow = (db: DB) => (db.prepare('SELECT team_id FROM source_rows ORDER BY id DESC LIMIT 1').get() as { team_id: number }).team_id;

let db: DB;
let resolver: UnitResolver;
beforeEach(() => {
  db = openStore(path.join(tempDir(), 'r.db'), { create: true }).db;
  resolver = fakeResolver(db);
});

describe('faster write path, same choices', () => {
  it('prefers the team whose origin is the ward over teams that lie in it now', () => {
    team(db, 1, null); // lies in Tân Định now, no origin recorded
    team(db, 1, 2); // moved into Tân Định from Sài Gòn
    const origin = team(db, 2, 1); // lay in Tân Định first, lies in Sài Gòn now
    team(db, 1, 1, 'kp 2');
    load(db, resolver, '2026-11', [rec('An', 'Tân Định')]);
    expect(teamOfRow(db)).toBe(origin);
    expect((db.prepare('SELECT count(*) AS n FROM teams').get() as { n: number }).n).toBe(4);
  });

  it('among teams lying in the ward now: one with a recorded origin first, then the oldest', () => {
    team(db, 1, null);
    const moved = team(db, 1, 2);
    team(db, 1, 2);
    load(db, resolver, '2026-11', [rec('An', 'Tân Định')]);
    expect(teamOfRow(db)).toBe(moved);
  });

  it('with only an origin-less team in the ward, that team; with none, a new one', () => {
    const bare = team(db, 1, null);
    load(db, resolver, '2026-11', [rec('An', 'Tân Định')]);
    expect(teamOfRow(db)).toBe(bare);
    load(db, resolver, '2026-11', [rec('Bình', 'Sài Gòn')]);
    const t = db.prepare('SELECT unit_id, origin_unit_id, neighbourhood_key FROM teams WHERE id = ?').get(teamOfRow(db));
    expect(t).toEqual({ unit_id: 2, origin_unit_id: 2, neighbourhood_key: 'kp 1' });
  });

  it('a person already stored is updated in place; one listed twice in a file is one member', () => {
    const a = rec('An', 'Tân Định', { phone: '0912000001' });
    load(db, resolver, '2026-10', [a]);
    const again = { ...a, phone: '0912000002' };
    const twice = rec('Chi', 'Sài Gòn');
    const s = load(db, resolver, '2026-11', [again, twice, { ...twice, neighbourhood: 'Khu phố 2' }]);
    expect(s.rows).toBe(3);
    const members = db.prepare('SELECT person_id, full_name, phone FROM members ORDER BY id').all();
    expect(members).toEqual([
      { person_id: a.person_id, full_name: 'An', phone: '0912000002' },
      { person_id: twice.person_id, full_name: 'Chi', phone: null },
    ]);
    const ev = db.prepare("SELECT details_json FROM events WHERE kind = 'updated'").all();
    expect(ev.map((e) => JSON.parse((e as { details_json: string }).details_json).fields)).toEqual([['phone']]);
    const rows = db.prepare('SELECT member_id FROM source_rows ORDER BY id').all() as { member_id: number }[];
    expect(at(rows, 0).member_id).toBe(at(rows, 1).member_id);
    expect(at(rows, 2).member_id).toBe(at(rows, 3).member_id);
  });
});
