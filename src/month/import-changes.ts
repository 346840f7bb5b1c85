/**
 * What an import changes in its period, by the one definition of joined /
 * left / moved (changes.ts): the period's figures so far, and the people this
 * import makes "left" (listed by --dry-run before it happens). People whose
 * team no file of the period has listed yet are "not in the files imported so
 * far for this period" (provisional), never "left".
 */
import type { DB } from '../store/db.js';
import { monthChanges, previousPeriod, type MonthChanges } from './changes.js';
import { describeChanges, type ChangeLine } from './describe.js';

export interface ImportChanges {
  /** The latest earlier period with rosters that the figures compare with (null: this is the starting point). */
  previous: string | null;
  /** The period so far, after this import. */
  joined: number;
  moved: number;
  left: number;
  /** People of the earlier period whose team is not in the files imported so far for this period. */
  notYetListed: number;
  /** Expected teams with no roster yet this period. */
  teamsMissing: number;
  /** People this import makes "left" (IDs as stored: callers mask them). */
  leaving: ChangeLine[];
}

/** Snapshot before the import's writes (null when the database holds no roster yet). */
export function changesBefore(db: DB, period: string): MonthChanges | null {
  // Without an earlier period nothing joins, leaves or moves: no need to look.
  return previousPeriod(db, period) === null ? null : monthChanges(db, period);
}

export function importChanges(db: DB, period: string, before: MonthChanges | null): ImportChanges {
  if (previousPeriod(db, period) === null) return { previous: null, joined: 0, moved: 0, left: 0, notYetListed: 0, teamsMissing: 0, leaving: [] };
  const after = monthChanges(db, period);
  const was = new Set((before?.left ?? []).map((c) => c.memberId));
  const leaving = describeChanges(
    db,
    after.left.filter((c) => !was.has(c.memberId)),
  );
  return {
    previous: after.previous,
    joined: after.counts.joined,
    moved: after.counts.moved,
    left: after.counts.left,
    notYetListed: after.counts.pending,
    teamsMissing: after.teams.missing.length,
    leaving,
  };
}
