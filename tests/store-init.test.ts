import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../src/errors.js';
import { openStore } from '../src/store/db.js';
import { initDatabase } from '../src/store/init.js';
import { tempDir } from './helpers/cli.js';

const NOW = () => new Date('2026-11-20T08:00:00Z');

describe('initDatabase: the library behind roster init', () => {
  it('creates the file with the office, its jurisdiction and the bundled unit reference', () => {
    const file = path.join(tempDir(), 'r.db');
    const r = initDatabase({ file, name: 'r.db', office: ' Phường Sài Gòn ', jurisdiction: '760, 770', now: NOW });
    expect(r).toMatchObject({ ok: true, db: file, office: 'Phường Sài Gòn', jurisdiction: ['760', '770'] });
    expect(r.counts.units).toBeGreaterThan(0);
    const { db } = openStore(file, { readonly: true });
    try {
      expect(db.prepare('SELECT name, jurisdiction, created_at FROM office').get()).toEqual({ name: 'Phường Sài Gòn', jurisdiction: '760,770', created_at: NOW().toISOString() });
      expect((db.prepare('SELECT count(*) AS n FROM units').get() as { n: number }).n).toBe(r.counts.units);
    } finally {
      db.close();
    }
  });

  it('never overwrites a database already initialised, and leaves it as it was', () => {
    const file = path.join(tempDir(), 'r.db');
    initDatabase({ file, name: 'r.db', now: NOW });
    const before = fs.readFileSync(file);
    expect(() => initDatabase({ file, name: 'r.db', office: 'Khác', now: NOW })).toThrow(InputError);
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });

  it('removes the file it created when the jurisdiction names no known unit', () => {
    const dir = tempDir();
    const file = path.join(dir, 'r.db');
    expect(() => initDatabase({ file, name: 'r.db', jurisdiction: '99999', now: NOW })).toThrow(/99999/);
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});
