/**
 * Moving teams from retired wards to the units in force on a date (today by
 * default), through every reorganisation in between (1 January 2025, 1 July
 * 2025, ...). A ward merged whole at every step has one successor: its teams
 * move without a question. A ward divided at any step, or one that vanished
 * with no succession known, needs a decision per team among the units in
 * force it can have gone to. Every move updates teams.unit_id and writes a
 * 'remapped' event with the legal basis of every step and who decided;
 * nothing is ever merged: teams that land on the same neighbourhood of the
 * same ward are reported.
 */
import { present } from '../errors.js';
import { faultPoint } from '../safety/fault.js';
import type { DB } from '../store/db.js';
import { createResolver, loadOffice } from '../units/resolver.js';
import { chainJson } from '../units/chain.js';
import { sameDistrictCandidates, traceSuccessors, validity } from '../units/snapshot.js';
import type { SuccessorLink, UnitRow } from '../units/types.js';

export type DecidedBy = 'auto' | 'interactive' | 'decisions-file';

export interface RemapTeam {
  teamId: number;
  neighbourhood: string;
  neighbourhoodKey: string;
  /** The retired ward the team is filed under now. */
  unit: UnitRow;
  /** Units in force it can go to, each with full/partial, legal basis and the steps on the way. */
  successors: SuccessorLink[];
  /** The ward vanished with no succession known: the candidates are today's units of its district. */
  unknownSuccessor?: boolean;
  /** Roster rows of the team in the period. */
  members: number;
}

export interface RemapPlan {
  period: string | null;
  asOf: string;
  /** One successor, whole at every step: moved by --auto. */
  full: RemapTeam[];
  /** Divided at some step, or vanished: a decision per team. */
  partial: RemapTeam[];
}

/** The one unit a team of `plan.full` goes to. */
export function wholeSuccessor(team: RemapTeam): SuccessorLink {
  return present(team.successors[0], `the successor of team ${team.teamId} in a whole merge`);
}

export interface Move {
  team: RemapTeam;
  to: SuccessorLink;
  decidedBy: DecidedBy;
}

export interface Collision {
  unit: UnitRow;
  neighbourhood: string;
  teamIds: number[];
}

export interface PlanOptions {
  /** ISO date of the units to move to (today, or --as-of). */
  asOf: string;
  /** Only teams with rows in this period's roster (all teams when absent). */
  period?: string | null;
}

export function planRemap(db: DB, opts: PlanOptions): RemapPlan {
  const resolver = createResolver(db, { asOf: opts.asOf, jurisdiction: loadOffice(db)?.jurisdiction ?? [] });
  const snap = resolver.snapshot;
  const rows = (
    opts.period
      ? db
          .prepare(
            `SELECT t.id, t.unit_id, t.neighbourhood, t.neighbourhood_key, count(s.id) AS members
           FROM teams t JOIN source_rows s ON s.team_id = t.id AND s.period = ? AND s.superseded_by IS NULL
           WHERE t.unit_id IS NOT NULL GROUP BY t.id ORDER BY t.id`,
          )
          .all(opts.period)
      : db
          .prepare(
            `SELECT t.id, t.unit_id, t.neighbourhood, t.neighbourhood_key,
             (SELECT count(*) FROM memberships m WHERE m.team_id = t.id AND m.status = 'active') AS members
           FROM teams t WHERE t.unit_id IS NOT NULL ORDER BY t.id`,
          )
          .all()
  ) as { id: number; unit_id: number; neighbourhood: string; neighbourhood_key: string; members: number }[];
  const plan: RemapPlan = { period: opts.period ?? null, asOf: opts.asOf, full: [], partial: [] };
  for (const r of rows) {
    const unit = resolver.byId(r.unit_id);
    if (!unit || validity(snap, unit.vintage, opts.asOf) !== 'past') continue;
    const trace = traceSuccessors(snap, unit, opts.asOf);
    const t: RemapTeam = { teamId: r.id, neighbourhood: r.neighbourhood, neighbourhoodKey: r.neighbourhood_key, unit, successors: trace.finals, members: r.members };
    if (trace.finals.length === 0) {
      const gone = snap.vintages.get(unit.vintage)?.validTo ?? opts.asOf;
      t.successors = sameDistrictCandidates(snap, trace.deadEnds, opts.asOf).map((u) => ({ unit: u, kind: 'partial', effective: gone, legalBasis: null }));
      t.unknownSuccessor = true;
      if (t.successors.length > 0) plan.partial.push(t);
      continue;
    }
    (trace.finals.length === 1 && trace.allFull ? plan.full : plan.partial).push(t);
  }
  return plan;
}

export interface ApplyOptions {
  now: Date;
  period?: string | null;
}

/** Applies the moves in one transaction; returns the neighbourhood collisions they leave. */
export function applyRemap(db: DB, moves: Move[], opts: ApplyOptions): Collision[] {
  const update = db.prepare('UPDATE teams SET unit_id = ? WHERE id = ? AND unit_id = ?');
  const event = db.prepare(
    `INSERT INTO events (at, period, kind, team_id, from_unit_id, to_unit_id, legal_basis, decided_by, details_json)
     VALUES (?, ?, 'remapped', ?, ?, ?, ?, ?, ?)`,
  );
  const at = opts.now.toISOString();
  db.transaction(() => {
    for (const m of moves) {
      const r = update.run(m.to.unit.id, m.team.teamId, m.team.unit.id);
      if (r.changes === 0) continue;
      event.run(
        at,
        opts.period ?? null,
        m.team.teamId,
        m.team.unit.id,
        m.to.unit.id,
        m.to.legalBasis,
        m.decidedBy,
        JSON.stringify({
          from: { code: m.team.unit.code, name: m.team.unit.name, vintage: m.team.unit.vintage },
          to: { code: m.to.unit.code, name: m.to.unit.name, vintage: m.to.unit.vintage },
          kind: m.to.kind,
          effective: m.to.effective,
          neighbourhood: m.team.neighbourhood,
          chain: chainJson(m.to),
        }),
      );
    }
    faultPoint('remap.after-moves');
  })();
  return collisions(db, moves);
}

/**
 * Teams that share a neighbourhood of a ward the moves lead to (the ward-level
 * team counts as neighbourhood ''), counting the moves as done: the same list
 * before (dry run) and after applying them.
 */
export function collisions(db: DB, moves: Move[]): Collision[] {
  const out: Collision[] = [];
  const q = db.prepare(
    `SELECT id, neighbourhood, neighbourhood_key FROM teams
     WHERE unit_id = ? AND EXISTS (SELECT 1 FROM memberships m WHERE m.team_id = teams.id AND m.status = 'active')`,
  );
  const targets = new Map<number, UnitRow>();
  for (const m of moves) targets.set(m.to.unit.id, m.to.unit);
  for (const u of targets.values()) {
    const byKey = new Map<string, { neighbourhood: string; ids: Set<number> }>();
    const add = (id: number, neighbourhood: string, key: string) => {
      let g = byKey.get(key);
      if (!g) {
        g = { neighbourhood, ids: new Set() };
        byKey.set(key, g);
      }
      g.ids.add(id);
    };
    for (const r of q.all(u.id) as { id: number; neighbourhood: string; neighbourhood_key: string }[]) add(r.id, r.neighbourhood, r.neighbourhood_key);
    for (const m of moves) if (m.to.unit.id === u.id) add(m.team.teamId, m.team.neighbourhood, m.team.neighbourhoodKey);
    for (const g of byKey.values()) {
      if (g.ids.size > 1) out.push({ unit: u, neighbourhood: g.neighbourhood, teamIds: [...g.ids].sort((a, b) => a - b) });
    }
  }
  return out;
}
