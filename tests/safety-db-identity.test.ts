/**
 * A roster database is recognised before any write (PRAGMA application_id
 * 0x524F5354, else the v1 schema read-only): another program's SQLite file is
 * exit 2 for every command and its bytes never change (not even switched to
 * WAL); a 0-byte --db is "run roster init"; a v1 file without the id gets it
 * at its next write. Every command in-process (the same code as the
 * binary); the built binary on the same files is
 * safety-db-identity-bin.test.ts, a slow test.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { FIXTURES, roster, tempDir } from './helpers/cli.js';
import { foreignDb, header, sha } from './helpers/foreign-db.js';

const ROSTER = path.join(FIXTURES, 'sample', 'tan-dinh-2026-11.csv');

const COMMANDS: string[][] = [
  ['init'],
  ['import', '--period', '2026-11', ROSTER],
  ['purge', '--member', '079172135623'],
  ['remap', '--auto'],
  ['units', 'import', path.join(FIXTURES, 'units')],
  ['validate'],
  ['export', 'members'],
  ['doctor'],
  ['history', '--member', '079172135623'],
  ['report', 'monthly', '--period', '2026-11', '--draft', '-o', path.join(tempDir(), 'r.xlsx')],
];

describe('a foreign SQLite file is never changed', () => {
  const variants: [object, string[][]][] = [
    [{}, COMMANDS],
    [{ userVersion: 1 }, COMMANDS],
    [{ appId: 0x12345678 }, COMMANDS.slice(0, 4)],
    [{ userVersion: 1, tables: ['office', 'units', 'members'] }, [...COMMANDS.slice(0, 2), ['validate'], ['doctor']]],
  ];
  for (const [variant, commands] of variants) {
    it(`every command is exit 2 and leaves it byte for byte (${JSON.stringify(variant)})`, { timeout: 300_000 }, async () => {
      const file = foreignDb(variant);
      const before = sha(file);
      for (const args of commands) {
        const r = await roster(['--db', file, ...args]);
        expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(2);
        expect(r.stderr).toMatch(/chương trình khác|không phải là cơ sở dữ liệu roster/);
        expect(sha(file), args.join(' ')).toBe(before);
        expect(header(file).writeVersion, 'not switched to WAL').toBe(1);
        expect(fs.existsSync(`${file}-wal`)).toBe(false);
      }
    });
  }

  it('a file that is not SQLite at all is exit 2 and unchanged', { timeout: 300_000 }, async () => {
    const file = path.join(tempDir(), 'junk.db');
    fs.writeFileSync(file, 'not a database, just text '.repeat(20));
    for (const args of [['import', '--period', '2026-11', ROSTER], ['doctor'], ['init']]) {
      const r = await roster(['--db', file, ...args]);
      expect(r.code, args.join(' ')).toBe(2);
    }
    expect(fs.readFileSync(file, 'utf8')).toMatch(/^not a database/);
  });
});

describe('an empty --db', () => {
  it('a 0-byte file is exit 2 "roster init" for every command but init, and stays empty', { timeout: 300_000 }, async () => {
    const file = path.join(tempDir(), 'empty.db');
    fs.writeFileSync(file, '');
    for (const args of COMMANDS.slice(1)) {
      const r = await roster(['--db', file, ...args]);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(2);
      expect(r.stderr).toMatch(/roster init/);
      expect(fs.statSync(file).size).toBe(0);
    }
    const init = await roster(['--db', file, 'init']);
    expect(init.code, init.stderr).toBe(0);
    expect(header(file).appId).toBe(0x524f5354);
  });
});

describe('the application_id', () => {
  it('init writes PRAGMA application_id = 0x524F5354 ("ROST")', async () => {
    const file = path.join(tempDir(), 'new.db');
    expect((await roster(['--db', file, 'init'])).code).toBe(0);
    const d = new Database(file, { readonly: true });
    expect(d.pragma('application_id', { simple: true })).toBe(0x524f5354);
    d.close();
    expect(header(file).appId).toBe(0x524f5354);
  });

  it('a v1 database from before the id is recognised by its schema: read-only commands leave it as it is, the next write adds the id', { timeout: 300_000 }, async () => {
    const file = path.join(tempDir(), 'v1.db');
    fs.copyFileSync(path.join(FIXTURES, 'migrations', 'schema-v1-demo-2026-11.db'), file);
    const d0 = new Database(file);
    d0.pragma('application_id = 0');
    d0.close();
    const before = sha(file);
    for (const args of [['doctor'], ['validate', '--json'], ['export', 'members']]) {
      const r = await roster(['--db', file, ...args]);
      expect([0, 1], `${args.join(' ')}: ${r.stderr}`).toContain(r.code);
    }
    expect(sha(file)).toBe(before);
    const r = await roster(['--db', file, 'import', '--period', '2026-12', ROSTER]);
    expect(r.code, r.stderr).toBe(0);
    const d = new Database(file, { readonly: true });
    expect(d.pragma('application_id', { simple: true })).toBe(0x524f5354);
    d.close();
  });
});
