/** `roster init`: the file, the office, the sample, and refusing to overwrite. */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openStore } from '../src/store/db.js';
import { SCHEMA_VERSION } from '../src/store/migrations/index.js';
import { roster, tempDir } from './helpers/cli.js';

const NOW = new Date('2026-11-28T08:00:00Z');

describe('roster init', () => {
  it('creates an owner-only file at the current schema with the office, its jurisdiction and the bundled sample', async () => {
    const file = path.join(tempDir(), 'sub', 'roster.db');
    const r = await roster(['init', '--db', file, '--office', 'UBND Phường Sài Gòn', '--jurisdiction', '760,770', '--json'], { now: NOW });
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j).toMatchObject({ ok: true, office: 'UBND Phường Sài Gòn', jurisdiction: ['760', '770'], counts: { units: 50, successions: 33 } });
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const db = new Database(file, { readonly: true });
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(db.prepare('SELECT id, name, jurisdiction, created_at FROM office').all()).toEqual([
      { id: 1, name: 'UBND Phường Sài Gòn', jurisdiction: '760,770', created_at: NOW.toISOString() },
    ]);
    expect(db.prepare("SELECT name FROM units WHERE code = '26740' ORDER BY vintage").all()).toEqual([{ name: 'Phường Bến Nghé' }, { name: 'Phường Sài Gòn' }]);
    db.close();
  });

  it('refuses to overwrite an initialised database (exit 2, file unchanged)', async () => {
    const file = path.join(tempDir(), 'r.db');
    expect((await roster(['init', '--db', file, '--office', 'A'])).code).toBe(0);
    const before = fs.readFileSync(file);
    const r = await roster(['init', '--db', file, '--office', 'B', '--lang', 'en']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/already initialised/);
    expect(r.stderr).toContain('--db');
    expect(fs.readFileSync(file).equals(before)).toBe(true);
    const db = openStore(file).db;
    expect(db.prepare('SELECT name FROM office').get()).toEqual({ name: 'A' });
    db.close();
  });

  it('initialises an existing but empty database file', async () => {
    const file = path.join(tempDir(), 'empty.db');
    fs.writeFileSync(file, '');
    const r = await roster(['init', '--db', file, '--office', 'X']);
    expect(r.code, r.stderr).toBe(0);
    const db = openStore(file).db;
    expect(db.prepare('SELECT count(*) AS n FROM units').get()).toEqual({ n: 50 });
    db.close();
  });

  it('loads --units instead of the sample; a jurisdiction code not in it is exit 2 and no file is left behind', async () => {
    const dir = tempDir();
    const units = path.join(dir, 'units.csv');
    fs.writeFileSync(
      units,
      'vintage,level,code,name,type,parent_code\n2025-03-01,1,79,Thành phố Hồ Chí Minh,,\n2025-03-01,2,760,Quận 1,,79\n2025-03-01,3,26740,Phường Bến Nghé,,760\n',
    );
    const ok = path.join(dir, 'ok.db');
    const r = await roster(['init', '--db', ok, '--units', units, '--jurisdiction', '760', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).counts).toEqual({ units: 3, successions: 0 });
    const bad = path.join(dir, 'bad.db');
    const r2 = await roster(['init', '--db', bad, '--units', units, '--jurisdiction', '770', '--lang', 'en']);
    expect(r2.code).toBe(2);
    expect(r2.stderr).toMatch(/no unit has the code 770/);
    expect(fs.existsSync(bad)).toBe(false);
    const r3 = await roster(['init', '--db', bad, '--units', path.join(dir, 'missing.json')]);
    expect(r3.code).toBe(2);
    expect(fs.existsSync(bad)).toBe(false);
  });

  it('without --office or --jurisdiction records an unnamed office answering for everything', async () => {
    const file = path.join(tempDir(), 'r.db');
    const r = await roster(['init', '--db', file, '--lang', 'en']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/Jurisdiction: everywhere/);
    const db = openStore(file).db;
    expect(db.prepare('SELECT name, jurisdiction FROM office').get()).toEqual({ name: '', jurisdiction: '' });
    db.close();
  });
});
