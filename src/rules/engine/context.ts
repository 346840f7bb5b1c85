/**
 * What every rule sees of the period (RuleContext): the units, teams and
 * sources of the roster, reads by id, what the pass gathered, and `emit`,
 * which turns an emission into a Finding and hands it to the sink.
 */
import type { DB } from '../../store/db.js';
import type { Lang } from '../../text/i18n.js';
import type { UnitResolver } from '../../units/types.js';
import type { ResolvedRule } from '../config.js';
import type { Emission, RosterRow, Rule, RuleContext } from '../rule.js';
import type { Finding, FindingSink } from '../types.js';
import { resolverLookup, type UnitLookup } from '../units-view.js';
import { rosterScope, rowsByIdReader, type RosterScope } from './rows.js';
import { loadSources, type Sources } from './sources.js';
import type { Tally } from './tally.js';
import { teamsOf, type Teams } from './teams.js';
import { rowUnits, type RowUnits } from './units.js';

/** The period's shared context, built once and given to every rule. */
export interface EngineContext {
  db: DB;
  period: string;
  periodEnd: string;
  lang: Lang;
  roster: RosterScope;
  lookup: UnitLookup;
  units: RowUnits;
  teams: Teams;
  sources: Sources;
  rowsById(ids: readonly number[]): RosterRow[];
  /** What the pass gathered (throws before the pass has run). */
  tally(): Tally;
}

export function engineContext(db: DB, p: { period: string; periodEnd: string; lang: Lang; resolver: UnitResolver; tally: () => Tally }): EngineContext {
  const lookup = resolverLookup(p.resolver);
  return {
    db,
    period: p.period,
    periodEnd: p.periodEnd,
    lang: p.lang,
    roster: rosterScope(p.period),
    lookup,
    units: rowUnits(lookup),
    teams: teamsOf(db, (id) => lookup.byId(id)),
    sources: loadSources(db, p.period),
    rowsById: rowsByIdReader(db),
    tally: p.tally,
  };
}

/** The finding of one emission: the rule's severity unless the emission overrides it, the message in the run's language, where it points. */
export function findingOf(e: EngineContext, rule: string, severity: Finding['severity'], row: Pick<RosterRow, 'import_id' | 'row_number'> | null, em: Emission): Finding {
  const f: Finding = { rule, severity: em.severity ?? severity, message: em.message[e.lang] };
  if (em.value !== undefined) f.value = em.value;
  if (row) {
    const s = e.sources.source(row, em.field);
    if (s && em.column) {
      s.column = em.column.header;
      if (em.column.letter) s.cell = `${em.column.letter}${row.row_number}`;
      else delete s.cell;
    }
    if (s) f.source = s;
  }
  if (em.suggestion) f.suggestion = em.suggestion;
  return f;
}

export function ruleContext(e: EngineContext, rule: Rule, setting: ResolvedRule, sink: FindingSink): RuleContext {
  const { units, teams, lookup } = e;
  return {
    db: e.db,
    period: e.period,
    periodEnd: e.periodEnd,
    options: setting.options,
    roster: e.roster,
    emit: (row, em) => sink.add(findingOf(e, rule.id, setting.severity, row, em)),
    unitOf: units.unitOf,
    unitTrusted: units.unitTrusted,
    team: teams.team,
    teamLabel: teams.teamLabel,
    unit: (id) => lookup.byId(id),
    successors: (u) => lookup.successors(u),
    isCurrent: units.isCurrent,
    where: e.sources.where,
    teams: () => e.tally().teams,
    memberGroups: () => e.tally().memberGroups,
    rowsWithoutMember: () => e.tally().withoutMember,
    rowsById: e.rowsById,
  };
}
