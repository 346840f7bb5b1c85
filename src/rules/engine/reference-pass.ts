/** The plain way: every row read in full, every rule on every row, counts from the rows themselves. */
import { hasLeftBy } from '../../roster/left.js';
import type { DB } from '../../store/db.js';
import type { RosterRow, TeamGroup } from '../rule.js';
import { ROW_COLUMNS, type RosterScope } from './rows.js';
import type { Tally } from './tally.js';

class PlainTally {
  private readonly groups = new Map<string, TeamGroup>();
  private readonly byMember = new Map<number, number[]>();
  private readonly withoutMember: number[] = [];

  constructor(private readonly end: string) {}

  add(r: RosterRow): void {
    const left = hasLeftBy(r.left_on, this.end);
    const leader = r.role === 'leader' && !left;
    const standIn = r.team_id === null ? `${r.import_id}\u0001${r.ward ?? ''}\u0001${r.ward_code ?? ''}\u0001${r.neighbourhood ?? ''}` : null;
    const key = r.team_id !== null ? `t${r.team_id}` : `s${standIn}`;
    let g = this.groups.get(key);
    if (!g) {
      g = { teamId: r.team_id, standIn, rows: 0, members: 0, leaders: 0, firstId: r.id, firstLeaderId: null };
      this.groups.set(key, g);
    }
    g.rows++;
    if (!left) g.members++;
    if (leader) {
      g.leaders++;
      if (g.firstLeaderId === null) g.firstLeaderId = r.id;
      g.leaderIds ??= [];
      g.leaderIds.push(r.id);
    }
    if (r.member_id === null) this.withoutMember.push(r.id);
    else {
      const l = this.byMember.get(r.member_id);
      if (l) l.push(r.id);
      else this.byMember.set(r.member_id, [r.id]);
    }
  }

  finish(): Tally {
    const teams = [...this.groups.values()];
    for (const g of teams) if (g.leaderIds && g.leaderIds.length < 2) delete g.leaderIds;
    return { teams, memberGroups: [...this.byMember.values()].filter((l) => l.length > 1), withoutMember: this.withoutMember };
  }
}

export function referencePass(db: DB, roster: RosterScope, end: string, span: number, checkRows: (rows: RosterRow[]) => void): Tally {
  const tally = new PlainTally(end);
  const stmt = db.prepare(`SELECT ${ROW_COLUMNS} FROM source_rows WHERE ${roster.where} AND id >= ? AND id < ? ORDER BY id`);
  const bounds = db.prepare(`SELECT min(id) AS lo, max(id) AS hi FROM source_rows WHERE ${roster.where}`).get(...roster.params) as { lo: number | null; hi: number | null };
  if (bounds.lo !== null && bounds.hi !== null) {
    for (let lo = bounds.lo; lo <= bounds.hi; lo += span) {
      const rows = stmt.all(...roster.params, lo, lo + span) as RosterRow[];
      checkRows(rows);
      for (const r of rows) tally.add(r);
    }
  }
  return tally.finish();
}
