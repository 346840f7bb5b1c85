/**
 * The write side of an import, with a small fake unit resolver: sync marks
 * absent members as left (history kept), append does not, rows of the same
 * wards and period are superseded, identity by personal ID else name + dob.
 */
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { openStore, type DB } from '../src/store/db.js';
import type { RosterRecord } from '../src/roster/row.js';
import { personKey, RosterWriter } from '../src/importer/write.js';
import { monthChanges } from '../src/month/changes.js';
import type { UnitResolver } from '../src/units/types.js';
import { fakeResolver, rec } from './helpers/fake-resolver.js';
import { tempDir } from './helpers/cli.js';
import { at } from './helpers/defined.js';

function load(db: DB, resolver: UnitResolver, period: string, mode: 'sync' | 'append', rows: RosterRecord[], file = 'a.csv') {
  db.exec('BEGIN');
  const w = new RosterWriter(db, resolver, { period, mode, now: () => new Date('2026-11-28T00:00:00Z') });
  w.beginFile({ fileName: file, filePath: path.join('/x', file), sha256: `sha-${file}-${period}`, columns: [] });
  for (const r of rows) w.add(r);
  w.endFile(0);
  const s = w.finish();
  db.exec('COMMIT');
  return s;
}

let db: DB;
let resolver: UnitResolver;
beforeEach(() => {
  db = openStore(path.join(tempDir(), 'r.db'), { create: true }).db;
  resolver = fakeResolver(db);
});

describe('RosterWriter', () => {
  it('files rows under a team per (ward, neighbourhood), keyed without diacritics or leading zeros', () => {
    const a = rec('An', 'Tân Định');
    const b = rec('Bình', 'tân định', { neighbourhood: 'KP 01' });
    const c = rec('Chi', 'Sài Gòn');
    load(db, resolver, '2026-10', 'sync', [a, b, c]);
    const teams = db.prepare('SELECT unit_id, neighbourhood_key, count(*) AS n FROM teams GROUP BY unit_id, neighbourhood_key ORDER BY unit_id').all();
    expect(teams).toEqual([
      { unit_id: 1, neighbourhood_key: 'kp 1', n: 1 },
      { unit_id: 2, neighbourhood_key: 'kp 1', n: 1 },
    ]);
    const rows = db.prepare('SELECT row_number, team_id, member_id, unit_status FROM source_rows ORDER BY id').all() as { team_id: number }[];
    expect(rows).toHaveLength(3);
    expect(at(rows, 0).team_id).toBe(at(rows, 1).team_id);
  });

  it('sync: a member absent from the next month is marked as left, with an event, and nothing is deleted', () => {
    const a = rec('An', 'Tân Định');
    const b = rec('Bình', 'Tân Định');
    const c = rec('Chi', 'Sài Gòn');
    load(db, resolver, '2026-10', 'sync', [a, b, c], 'oct.csv');
    const s = load(db, resolver, '2026-11', 'sync', [a], 'nov.csv');
    expect(s).toMatchObject({ rows: 1, added: 0, left: 1 });
    const left = db.prepare("SELECT m.full_name, ms.left_period FROM memberships ms JOIN members m ON m.id = ms.member_id WHERE ms.status = 'left'").all();
    // Chi's ward (Sài Gòn) is not covered by the November file: she stays.
    expect(left).toEqual([{ full_name: 'Bình', left_period: '2026-11' }]);
    // Leaving is derived from the rows in force (src/month/changes.ts), not stored as an event.
    expect(monthChanges(db, '2026-11').left.map((c) => c.memberId)).toEqual([(db.prepare("SELECT id FROM members WHERE full_name = 'Bình'").get() as { id: number }).id]);
    expect(db.prepare('SELECT count(*) AS n FROM members').get()).toEqual({ n: 3 });
  });

  it('append: absent members stay active', () => {
    const a = rec('An', 'Tân Định');
    const b = rec('Bình', 'Tân Định');
    load(db, resolver, '2026-10', 'sync', [a, b], 'oct.csv');
    const s = load(db, resolver, '2026-11', 'append', [a], 'nov.csv');
    expect(s.left).toBe(0);
    expect(db.prepare("SELECT count(*) AS n FROM memberships WHERE status = 'active'").get()).toEqual({ n: 2 });
  });

  it('a corrected file for the same ward and period supersedes the earlier rows', () => {
    const a = rec('An', 'Tân Định');
    const b = rec('Bình', 'Tân Định');
    load(db, resolver, '2026-11', 'sync', [a, b], 'v1.csv');
    load(db, resolver, '2026-11', 'sync', [a], 'v2.csv');
    const current = db.prepare("SELECT full_name FROM source_rows WHERE period = '2026-11' AND superseded_by IS NULL").all();
    expect(current).toEqual([{ full_name: 'An' }]);
    expect(db.prepare('SELECT count(*) AS n FROM source_rows').get()).toEqual({ n: 3 });
  });

  it('a changed phone updates the member and records which field changed, its values masked', () => {
    const a = rec('An', 'Tân Định', { phone: '0912345678' });
    load(db, resolver, '2026-10', 'sync', [a], 'oct.csv');
    const s = load(db, resolver, '2026-11', 'sync', [{ ...a, phone: '0987654321' }], 'nov.csv');
    expect(s.updated).toBe(1);
    expect(db.prepare('SELECT phone FROM members').get()).toEqual({ phone: '0987654321' });
    const ev = db.prepare("SELECT details_json FROM events WHERE kind = 'updated'").get() as { details_json: string };
    expect(JSON.parse(ev.details_json)).toEqual({ fields: ['phone'], values: { phone: { from: '091****678', to: '098****321' } } });
    expect(ev.details_json).not.toContain('0987654321');
    expect(ev.details_json).not.toContain('0912345678');
  });

  it('identity: personal ID when present, else folded name + date of birth', () => {
    expect(personKey({ person_id: '079190012345', full_name: 'X', dob: null })).toBe('id:079190012345');
    expect(personKey({ person_id: null, full_name: 'Nguyễn Văn  A', dob: '1990-01-01' })).toBe('nd:nguyen van a|1990-01-01');
    expect(personKey({ person_id: '7.92E+10', full_name: 'Đỗ B', dob: null })).toBe('nd:do b|');
  });

  it('unresolved wards still file their rows, under a team keyed by the text as written', () => {
    load(db, resolver, '2026-11', 'sync', [rec('An', 'Phường Không Có')]);
    const row = db.prepare('SELECT unit_id, unit_status, team_id FROM source_rows').get() as { unit_id: null; unit_status: string; team_id: number };
    expect(row).toMatchObject({ unit_id: null, unit_status: 'unknown' });
    expect(db.prepare('SELECT unit_text FROM teams WHERE id = ?').get(row.team_id)).toEqual({ unit_text: 'phuong khong co' });
  });
});
