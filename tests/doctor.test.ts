import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openStore } from '../src/store/db.js';
import { SCHEMA_VERSION } from '../src/store/migrations/index.js';
import { roster, tempDir } from './helpers/cli.js';

describe('store', () => {
  it('creates the database owner-only, at the current schema version', () => {
    const dir = tempDir();
    const file = path.join(dir, 'r.db');
    const { db, created } = openStore(file, { create: true });
    expect(created).toBe(true);
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    db.close();
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  });

  it('refuses a file that is not a database, with exit 2 and the file left untouched', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'bad.db');
    fs.writeFileSync(file, 'this is not sqlite\n'.repeat(100));
    const before = fs.readFileSync(file);
    const r = await roster(['doctor', '--db', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/không phải là cơ sở dữ liệu/);
    expect(r.stderr).not.toMatch(/at .*\.js:\d+/);
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });

  it('refuses a foreign SQLite file instead of adding tables to it', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'other.db');
    const other = new Database(file);
    other.exec('CREATE TABLE x(a)');
    other.close();
    const r = await roster(['doctor', '--db', file, '--lang', 'en']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/another program's SQLite database/);
  });
});

describe('doctor', () => {
  it('reports schema version, integrity and counts as JSON on stdout only', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'r.db');
    openStore(file, { create: true }).db.close();
    const r = await roster(['doctor', '--db', file, '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.schemaVersion).toBe(SCHEMA_VERSION);
    expect(j.integrity).toEqual(['ok']);
    expect(j.counts.units).toBe(0);
  });

  it('a missing database is exit 2 with the command to run', async () => {
    const r = await roster(['doctor', '--db', path.join(tempDir(), 'none.db')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('roster init');
  });
});
