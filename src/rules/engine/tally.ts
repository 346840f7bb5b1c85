/**
 * What one pass over the roster gathers for the whole-roster rules: per-team
 * counts (rows without a team grouped by a stand-in key), rows that share a
 * member, rows without one.
 */
import type { TeamGroup } from '../rule.js';

export interface Tally {
  teams: TeamGroup[];
  memberGroups: number[][];
  withoutMember: number[];
}

/** Counts one row into its team group. */
export function count(g: TeamGroup, id: number, leader: boolean, left: boolean): void {
  g.rows++;
  if (id < g.firstId) g.firstId = id;
  if (left) return;
  g.members++;
  if (!leader) return;
  g.leaders++;
  if (g.firstLeaderId === null) g.firstLeaderId = id;
  else {
    if (g.leaderIds) g.leaderIds.push(id);
    else g.leaderIds = [g.firstLeaderId, id];
    if (id < g.firstLeaderId) g.firstLeaderId = id;
  }
}

function newGroup(teamId: number | null, standIn: string | null, id: number): TeamGroup {
  return { teamId, standIn, rows: 0, members: 0, leaders: 0, firstId: id, firstLeaderId: null };
}

/** The first row id seen per member id: a typed array when the ids are dense enough, else a Map. */
class FirstSeen {
  private readonly dense: Float64Array | undefined;
  private readonly sparse = new Map<number, number>();

  constructor(maxKey: number) {
    this.dense = maxKey >= 0 && maxKey < 8_000_000 ? new Float64Array(maxKey + 1) : undefined;
  }

  /** Records `id` as the first row of `key` unless one came before; returns that earlier row id, else 0. */
  seen(key: number, id: number): number {
    const d = this.dense;
    if (d !== undefined && key >= 0 && key < d.length && Number.isInteger(key)) {
      const f = d[key]!;
      if (f === 0) d[key] = id;
      return f;
    }
    const f = this.sparse.get(key);
    if (f === undefined) this.sparse.set(key, id);
    return f ?? 0;
  }
}

/** Team groups keyed by team id, rows without a team by their stand-in key; and members seen. */
export class TallyBuilder {
  private readonly byTeam = new Map<number, TeamGroup>();
  private readonly byStandIn = new Map<string, TeamGroup>();
  /** Row ids of team-less rows with their leader/left flags (bit 1 leader, bit 2 left), keyed later. */
  readonly teamless: number[] = [];
  private readonly firstOfMember: FirstSeen;
  private readonly repeated = new Map<number, [first: number, ...later: number[]]>();
  readonly withoutMember: number[] = [];
  /** The last team counted: a team's rows usually follow one another. */
  private last: TeamGroup | undefined;

  constructor(maxMemberId: number) {
    this.firstOfMember = new FirstSeen(maxMemberId);
  }

  /** One row: its team (null: none), member (null: none), whether a leader, whether already left by the period end. */
  add(id: number, teamId: number | null, memberId: number | null, leader: boolean, left: boolean): void {
    if (teamId !== null) count(this.teamGroup(teamId, id), id, leader, left);
    else this.teamless.push(id, (leader ? 1 : 0) | (left ? 2 : 0));
    if (memberId === null) this.withoutMember.push(id);
    else this.member(memberId, id);
  }

  private teamGroup(teamId: number, id: number): TeamGroup {
    let g = this.last;
    if (g === undefined || g.teamId !== teamId) {
      g = this.byTeam.get(teamId);
      if (g === undefined) {
        g = newGroup(teamId, null, id);
        this.byTeam.set(teamId, g);
      }
      this.last = g;
    }
    return g;
  }

  private member(memberId: number, id: number): void {
    const first = this.firstOfMember.seen(memberId, id);
    if (first === 0) return;
    const l = this.repeated.get(memberId);
    if (l) l.push(id);
    else this.repeated.set(memberId, [first, id]);
  }

  /** A team-less row, once its stand-in key (import, ward, code, neighbourhood as written) is known. */
  addStandIn(id: number, standIn: string, leader: boolean, left: boolean): void {
    let g = this.byStandIn.get(standIn);
    if (g === undefined) {
      g = newGroup(null, standIn, id);
      this.byStandIn.set(standIn, g);
    }
    count(g, id, leader, left);
  }

  finish(): Tally {
    const teams = [...this.byTeam.values(), ...this.byStandIn.values()].sort((a, b) => a.firstId - b.firstId);
    for (const g of teams) if (g.leaderIds) g.leaderIds.sort((a, b) => a - b);
    const memberGroups = [...this.repeated.values()];
    for (const l of memberGroups) l.sort((a, b) => a - b);
    memberGroups.sort((a, b) => a[0] - b[0]);
    this.withoutMember.sort((a, b) => a - b);
    return { teams, memberGroups, withoutMember: this.withoutMember };
  }
}
