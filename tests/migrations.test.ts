/**
 * A database written by schema version 1 (the demo of November 2026, committed
 * in fixtures/migrations/) opens in the current version: a backup is written
 * beside it first, the data are preserved, and the migrated schema is the
 * same as a freshly created one.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openStore } from '../src/store/db.js';
import { SCHEMA_VERSION } from '../src/store/migrations/index.js';
import { FIXTURES, roster, tempDir } from './helpers/cli.js';

const V1 = path.join(FIXTURES, 'migrations', 'schema-v1-demo-2026-11.db');

function schemaOf(file: string) {
  const db = new Database(file, { readonly: true });
  try {
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type IN ('table', 'index') AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[];
    return tables.map(({ name }) => ({
      name,
      columns: db.prepare(`SELECT name, type, "notnull", dflt_value, pk FROM pragma_table_info(?)`).all(name) as object[],
    }));
  } finally {
    db.close();
  }
}

function copyV1(): string {
  const file = path.join(tempDir(), 'old.db');
  fs.copyFileSync(V1, file);
  fs.chmodSync(file, 0o600);
  return file;
}

describe('migrations', () => {
  it('the fixture really is schema version 1', () => {
    const db = new Database(V1, { readonly: true });
    expect(db.pragma('user_version', { simple: true })).toBe(1);
    db.close();
  });

  it('a version-1 file migrates to the current version, with a backup beside it and its data intact', async () => {
    const file = copyV1();
    const original = fs.readFileSync(file);
    const before = new Database(file, { readonly: true });
    const members = before.prepare('SELECT id, person_key, full_name FROM members ORDER BY id').all();
    const rows = (before.prepare('SELECT count(*) AS n FROM source_rows').get() as { n: number }).n;
    before.close();

    const { db, backup } = openStore(file, { now: () => new Date('2026-12-01T08:00:00Z') });
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(db.prepare('SELECT id, person_key, full_name FROM members ORDER BY id').all()).toEqual(members);
    expect((db.prepare('SELECT count(*) AS n FROM source_rows').get() as { n: number }).n).toBe(rows);
    db.close();
    if (SCHEMA_VERSION > 1) {
      expect(backup).toBeDefined();
      expect(fs.readFileSync(backup as string).equals(original)).toBe(true);
      expect(fs.statSync(backup as string).mode & 0o777).toBe(0o600);
    } else {
      expect(backup).toBeUndefined();
    }
  });

  it('the migrated schema equals a freshly created one (so a released migration was never edited)', () => {
    const migrated = copyV1();
    openStore(migrated).db.close();
    const fresh = path.join(tempDir(), 'fresh.db');
    openStore(fresh, { create: true }).db.close();
    expect(schemaOf(migrated)).toEqual(schemaOf(fresh));
  });

  it('doctor on the old file reports the current version and a clean integrity check', async () => {
    const file = copyV1();
    const r = await roster(['doctor', '--json', '--db', file]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ schemaVersion: SCHEMA_VERSION, integrity: ['ok'] });
  });
});
