/**
 * The unit reference read on demand (snapshot-lazy.ts) gives the same answers
 * as the one read whole (snapshot-full.ts): the same maps, unit by unit, and
 * the same resolutions, on the bundled sample. (The same on the national
 * lists is units-lazy-national.test.ts, a slow test.)
 */
import { describe, expect, it } from 'vitest';
import { openStore } from '../src/store/db.js';
import { createResolverFrom } from '../src/units/resolver.js';
import { LazyMap } from '../src/units/lazy-map.js';
import { readLazySnapshot } from '../src/units/snapshot-lazy.js';
import type { UnitRow } from '../src/units/types.js';
import { initDb } from './helpers/seed.js';
import { tempDir } from './helpers/cli.js';
import { compare } from './helpers/units-compare.js';

describe('the unit reference read on demand', () => {
  it('a LazyMap reads an entry once, remembers a miss, and reads everything in order when iterated', () => {
    const asked: number[] = [];
    const m = new LazyMap<number, string>(
      (k) => {
        asked.push(k);
        return k < 3 ? `v${k}` : undefined;
      },
      () => [0, 1, 2].map((k) => [k, `v${k}`] as [number, string]),
    );
    expect(m.get(2)).toBe('v2');
    expect(m.get(2)).toBe('v2');
    expect(m.has(5)).toBe(false);
    expect(m.get(5)).toBeUndefined();
    expect(asked).toEqual([2, 5]);
    expect(m.complete).toBe(false);
    expect([...m.keys()]).toEqual([0, 1, 2]);
    expect(m.size).toBe(3);
    expect(m.get(7)).toBeUndefined();
    expect(asked).toEqual([2, 5]);
  });

  it('gives the same maps and resolutions as the whole reference on the bundled sample', async () => {
    const { db } = openStore(await initDb({ dir: tempDir() }));
    expect(compare(db, () => true)).toBeGreaterThan(1000);
    db.close();
  });

  it('reads only what a resolution needs', async () => {
    const { db } = openStore(await initDb({ dir: tempDir() }));
    const lazy = readLazySnapshot(db);
    const r = createResolverFrom(lazy, { asOf: '2026-11-30', jurisdiction: ['760'] });
    expect(r.resolve({ name: 'Phường Bến Nghé' }).status).toBe('retired.full');
    const read = (lazy.units as LazyMap<number, UnitRow>).complete;
    expect(read).toBe(false);
    db.close();
  });
});
