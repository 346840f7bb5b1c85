/**
 * The built binary recognises a roster database before any write, as the
 * commands do in-process (safety-db-identity.test.ts): another program's
 * SQLite file, a file that is not SQLite, a 0-byte --db are exit 2 and keep
 * their bytes; init writes the application_id; a v1 file without it gets it
 * at its next write. A slow test: real processes.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { FIXTURES, rosterBin, tempDir } from './helpers/cli.js';
import { foreignDb, header, sha } from './helpers/foreign-db.js';

const ROSTER = path.join(FIXTURES, 'sample', 'tan-dinh-2026-11.csv');
const IMPORT = ['import', '--period', '2026-11', ROSTER];

describe('the built binary and a file that is not a roster database', () => {
  for (const variant of [{}, { userVersion: 1 }, { appId: 0x12345678 }, { userVersion: 1, tables: ['office', 'units', 'members'] }]) {
    it(`an import into another program's SQLite file is exit 2 and leaves it byte for byte (${JSON.stringify(variant)})`, () => {
      const file = foreignDb(variant);
      const before = sha(file);
      const r = rosterBin(['--db', file, ...IMPORT]);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(/chương trình khác|không phải là cơ sở dữ liệu roster/);
      expect(sha(file)).toBe(before);
      expect(header(file).writeVersion, 'not switched to WAL').toBe(1);
      expect(fs.existsSync(`${file}-wal`)).toBe(false);
    });
  }

  it('a file that is not SQLite at all is exit 2 and unchanged', () => {
    const file = path.join(tempDir(), 'junk.db');
    fs.writeFileSync(file, 'not a database, just text '.repeat(20));
    for (const args of [IMPORT, ['doctor'], ['init']]) {
      const r = rosterBin(['--db', file, ...args]);
      expect(r.code, args.join(' ')).toBe(2);
    }
    expect(fs.readFileSync(file, 'utf8')).toMatch(/^not a database/);
  });

  it('a 0-byte file is exit 2 "roster init" and stays empty; init makes it a roster database', () => {
    const file = path.join(tempDir(), 'empty.db');
    fs.writeFileSync(file, '');
    const r = rosterBin(['--db', file, ...IMPORT]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/roster init/);
    expect(fs.statSync(file).size).toBe(0);
    const init = rosterBin(['--db', file, 'init']);
    expect(init.code, init.stderr).toBe(0);
    expect(header(file).appId).toBe(0x524f5354);
  });

  it('a v1 database from before the id gets it at the next import', () => {
    const file = path.join(tempDir(), 'v1.db');
    fs.copyFileSync(path.join(FIXTURES, 'migrations', 'schema-v1-demo-2026-11.db'), file);
    const d0 = new Database(file);
    d0.pragma('application_id = 0');
    d0.close();
    const r = rosterBin(['--db', file, 'import', '--period', '2026-12', ROSTER]);
    expect(r.code, r.stderr).toBe(0);
    const d = new Database(file, { readonly: true });
    expect(d.pragma('application_id', { simple: true })).toBe(0x524f5354);
    d.close();
  });
});
