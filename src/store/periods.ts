import type { DB } from './db.js';

/** The latest period any roster was imported for, or null on an empty database. */
export function latestPeriod(db: DB): string | null {
  const r = db.prepare('SELECT max(period) AS p FROM imports').get() as { p: string | null };
  return r.p;
}
