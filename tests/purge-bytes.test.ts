/**
 * Purge leaves no bytes of the person: two people of the sample roster purged
 * one after the other, then the raw bytes of the database, its WAL and every
 * output (exports, the annotated workbook unzipped, validate json and csv,
 * the monthly workbook unzipped) hold neither their ID, their name (NFC, NFD,
 * UTF-16) nor their phone. A backup beside the database that still holds a
 * person is named. Real processes of the built binary.
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, roster, rosterBin, tempDir } from './helpers/cli.js';
import { fileBytes, found, unzipAll } from './helpers/bytes.js';
import { at } from './helpers/defined.js';

/** The two people, read from the sample roster itself. */
function person(id: string): string[] {
  const line = fs
    .readFileSync(path.join(FIXTURES, 'sample', 'tan-dinh-2026-11.csv'), 'utf8')
    .split(/\r?\n/)
    .find((l) => l.includes(id));
  if (!line) throw new Error(`${id} is not in the sample roster`);
  const cells = line.split(',');
  // STT, Họ và tên, Ngày sinh, Giới tính, Số CCCD, Số điện thoại, …
  return [at(cells, 4), at(cells, 1), at(cells, 5)];
}

const FIRST = '079172135623';
const SECOND = '079091143542';

let dir: string;
let db: string;
beforeAll(() => {
  dir = tempDir('roster-purge-bytes-');
  expect(rosterBin(['demo', '--out', 'd'], { cwd: dir }).code).toBe(0);
  db = path.join(dir, 'd', 'roster.db');
}, 300_000);

describe('purge leaves no bytes of the person', () => {
  it('two people purged one after the other are nowhere in the database, its WAL, or any output', { timeout: 300_000 }, async () => {
    const needles = [...person(FIRST), ...person(SECOND)];
    expect(needles).toEqual([FIRST, 'Nguyễn Thị Hoa', '0908123123', SECOND, 'Trần Văn Tài', '0932111999']);
    // Before: they are there (the test would find them).
    expect(found(fileBytes(db), needles).length).toBeGreaterThan(0);
    // A backup copy beside the database still holds them: the purge says so.
    const bak = path.join(dir, 'd', 'roster.db.v0-20261101T000000.bak');
    fs.copyFileSync(db, bak);
    for (const id of [FIRST, SECOND]) {
      const r = rosterBin(['--db', db, 'purge', '--member', id]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toContain(bak);
      expect(r.stderr).not.toContain(id);
    }
    fs.rmSync(bak);
    const outs = path.join(dir, 'outs');
    fs.mkdirSync(outs);
    // Outputs in-process (the same code as the binary; paths absolute).
    const run = async (args: string[]) => {
      const r = await roster(['--db', db, ...args.map((a) => (/\.(csv|json|xlsx)$/.test(a) ? path.join(outs, a) : a))]);
      expect([0, 1], `${args.join(' ')}: ${r.stderr}`).toContain(r.code);
      return r;
    };
    await run(['export', 'members', '-o', 'members.csv']);
    await run(['export', 'members', '--include-pii', '-o', 'members-pii.csv']);
    await run(['export', 'members', '--format', 'xlsx', '--include-pii', '-o', 'members.xlsx']);
    await run(['export', 'teams', '-o', 'teams.csv']);
    await run(['validate', '--period', '2026-11', '--format', 'json', '--include-pii', '-o', 'v.json']);
    await run(['validate', '--period', '2026-11', '--format', 'csv', '--include-pii', '-o', 'v.csv']);
    await run(['validate', '--period', '2026-11', '--format', 'xlsx', '-o', 'annotated.xlsx']);
    await run(['validate', '--period', '2026-11', '--format', 'xlsx', '--include-pii', '-o', 'annotated-pii.xlsx']);
    await run(['report', 'monthly', '--period', '2026-11', '--draft', '--include-pii', '-o', 'monthly.xlsx']);
    // The purged person is not found by their ID any more (exit 2), and the message does not repeat it.
    const history = rosterBin(['--db', db, 'history', '--member', FIRST, '--include-pii']);
    expect(history.code).toBe(2);
    const stdout = [history.stdout, history.stderr, (await run(['diff', '--from', '2026-10', '--to', '2026-11', '--include-pii'])).stdout].join('\n');
    const places: [string, Buffer][] = [
      ['database', fileBytes(db)],
      ['WAL', fileBytes(`${db}-wal`)],
      ['stdout', Buffer.from(stdout)],
      ...(['members.csv', 'members-pii.csv', 'teams.csv', 'v.json', 'v.csv'].map((f) => [f, fileBytes(path.join(outs, f))]) as [string, Buffer][]),
    ];
    for (const f of ['members.xlsx', 'annotated.xlsx', 'annotated-pii.xlsx', 'monthly.xlsx']) places.push([f, await unzipAll(path.join(outs, f))]);
    for (const [where, bytes] of places) expect(found(bytes, needles), where).toEqual([]);
    // The other people are still there in full with --include-pii (the outputs are not simply empty).
    expect(
      found(await unzipAll(path.join(outs, 'annotated-pii.xlsx')), ['079089246489']).length + found(fileBytes(path.join(outs, 'members-pii.csv')), ['Phường']).length,
    ).toBeGreaterThan(0);
    // The anonymous counts stay: both are still member rows of the period.
    const doctor = JSON.parse(rosterBin(['--db', db, 'doctor', '--json']).stdout);
    expect(doctor.integrity).toEqual(['ok']);
    expect(doctor.counts.members).toBeGreaterThan(0);
  });
});
