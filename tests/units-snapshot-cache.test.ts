/** The unit snapshot is read once per connection while nothing changes, and again after a write. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../src/store/db.js';
import { loadSnapshot } from '../src/units/snapshot.js';
import { initDb } from './helpers/seed.js';
import { tempDir } from './helpers/cli.js';

describe('loadSnapshot', () => {
  it('returns the same snapshot until the database changes', async () => {
    const file = await initDb({ dir: tempDir() });
    const { db } = openStore(file);
    const a = loadSnapshot(db);
    expect(loadSnapshot(db)).toBe(a);
    db.prepare("UPDATE units SET name = 'Phường Thử' WHERE code = '26740' AND vintage = '2025-07-01'").run();
    const b = loadSnapshot(db);
    expect(b).not.toBe(a);
    expect([...b.units.values()].some((u) => u.name === 'Phường Thử')).toBe(true);
    db.close();
    // Another connection sees its own snapshot of the changed file.
    const { db: other } = openStore(path.resolve(file), { readonly: true });
    expect([...loadSnapshot(other).units.values()].some((u) => u.name === 'Phường Thử')).toBe(true);
    other.close();
  });
});
