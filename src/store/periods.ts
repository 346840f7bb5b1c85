import { InputError } from '../errors.js';
import { msg } from '../text/i18n.js';
import type { DB } from './db.js';

/** The latest period any roster was imported for, or null on an empty database. */
export function latestPeriod(db: DB): string | null {
  const r = db.prepare('SELECT max(period) AS p FROM imports').get() as { p: string | null };
  return r.p;
}

/** The one "no roster imported yet" (exit 2), whichever command needed a period. */
export function noRosterYet(): InputError {
  return new InputError(
    msg('Chưa có danh sách nào được nhập.', 'No roster has been imported yet.'),
    msg('Nhập danh sách bằng "roster import TỆP --period YYYY-MM".', 'Import one with "roster import FILE --period YYYY-MM".'),
  );
}

/**
 * The period a command works on: the one asked for (already parsed), else the
 * latest imported; exit 2 when none was asked for and no roster was imported yet.
 */
export function requirePeriod(db: DB, asked?: string | null): string {
  const period = asked ?? latestPeriod(db);
  if (!period) throw noRosterYet();
  return period;
}
