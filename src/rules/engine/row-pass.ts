/**
 * The enabled rules, created for one run: their row hooks (with the SQL
 * prefilters and JavaScript screens that say which rows they need) and their
 * end hooks.
 */
import type { ResolvedRule } from '../config.js';
import { RULES } from '../registry.js';
import type { RosterRow, RuleRun, ScreenValues } from '../rule.js';
import type { FindingSink } from '../types.js';
import { ruleContext, type EngineContext } from './context.js';

export interface RulePlan {
  /** Gives the rows to every row hook, in order. */
  checkRows(rows: RosterRow[]): void;
  hasRowRules: boolean;
  /** SQL true for rows some prefilter flags ('1': every row must be checked; '0': none). */
  suspectSql: string;
  /** Screens of the identity values (empty when every row is checked). */
  screens: ((v: ScreenValues) => boolean)[];
  /** The end hooks, by rule id, in registry order. */
  ends: { id: string; end: () => void }[];
}

export function planRules(e: EngineContext, settings: Map<string, ResolvedRule>, sink: FindingSink, reference: boolean): RulePlan {
  const runs: RuleRun[] = [];
  const ends: RulePlan['ends'] = [];
  const prefilters: string[] = [];
  const screens: ((v: ScreenValues) => boolean)[] = [];
  let everyRow = reference;
  for (const rule of RULES) {
    const setting = settings.get(rule.id);
    if (!setting?.enabled) continue;
    const run = rule.create(ruleContext(e, rule, setting, sink));
    runs.push(run);
    if (run.end) ends.push({ id: rule.id, end: run.end.bind(run) });
    if (!run.row) continue;
    const p = { periodEnd: e.periodEnd, options: setting.options };
    if (rule.prefilter) prefilters.push(rule.prefilter(p));
    if (rule.screen) screens.push(rule.screen(p));
    if (!rule.prefilter && !rule.screen) everyRow = true;
  }
  const rowFns = runs.flatMap((r) => (r.row ? [r.row.bind(r)] : []));
  const checkRows = (rows: RosterRow[]) => {
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i]!;
      for (let j = 0; j < rowFns.length; j++) rowFns[j]!(r);
    }
  };
  return {
    checkRows,
    hasRowRules: rowFns.length > 0,
    suspectSql: everyRow ? '1' : prefilters.length > 0 ? prefilters.map((p) => `(${p})`).join(' OR ') : '0',
    screens: everyRow ? [] : screens,
    ends,
  };
}
