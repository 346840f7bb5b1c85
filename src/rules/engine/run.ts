/**
 * The rule engine: runs every enabled rule over a period's roster
 * (`source_rows WHERE period = ? AND superseded_by IS NULL`). Data problems
 * are findings, sent to a sink as they are found (unsorted); only a bad period
 * or rules file throws.
 *
 * One pass over the roster, in id ranges (bounded memory; the database is free
 * between ranges for the lookups rules make): the fast pass (fast-pass.ts)
 * reads a few flags and the identity columns of every row, screens them,
 * tallies the teams and spots repeated members; only the rows a prefilter or
 * screen flags are read in full and given to the row rules. `reference: true`
 * instead reads every row in full and gives it to every rule: the plain way,
 * which tests compare the fast one with. The whole-roster rules run at the end
 * over the tally.
 */
import type { DB } from '../../store/db.js';
import type { Lang } from '../../text/i18n.js';
import { parsePeriod, periodEnd as lastDayOf } from '../../text/period.js';
import { createResolver, loadOffice } from '../../units/resolver.js';
import type { UnitResolver } from '../../units/types.js';
import { resolveRules, type RulesConfig } from '../config.js';
import { makeReport, type Finding, type FindingSink, type Report } from '../types.js';
import { compareFindings } from '../../findings/order.js';
import { engineContext } from './context.js';
import { fastPass } from './fast-pass.js';
import { referencePass } from './reference-pass.js';
import { planRules } from './row-pass.js';
import type { Tally } from './tally.js';

export interface ValidateOptions {
  /** YYYY-MM. */
  period: string;
  lang: Lang;
  config?: RulesConfig;
  /**
   * The unit reference at the period end (default: createResolver over the
   * database with the office's jurisdiction). Rows the import stored as in a
   * current unit inside the jurisdiction are trusted; every other row's ward
   * reference is resolved again through it.
   */
  resolver?: UnitResolver;
  /** Width of the id ranges read at a time (tests use small ones). */
  chunkSize?: number;
  /** Read every row in full and give it to every rule (slow; the yardstick of the fast path in tests). */
  reference?: boolean;
  /** Filled with milliseconds per phase (benchmarks). */
  timings?: Record<string, number>;
  /** Called during the pass over the roster: `done` of `total` row ids (a progress bar). */
  onProgress?: (done: number, total: number) => void;
}

/** ISO date of the last day of a YYYY-MM period; a malformed period is a usage error. */
export function periodEnd(period: string): string {
  return lastDayOf(parsePeriod(period));
}

function stopwatch(timings: Record<string, number> | undefined): (phase: string) => void {
  let t0 = performance.now();
  return (phase) => {
    const t = performance.now();
    if (timings) timings[phase] = (timings[phase] ?? 0) + (t - t0);
    t0 = t;
  };
}

/** Runs every enabled rule over the period's roster, sending each finding to `sink` as it is found (in no particular order). */
export function runRules(db: DB, opts: ValidateOptions, sink: FindingSink): void {
  const lap = stopwatch(opts.timings);
  const end = periodEnd(opts.period);
  const settings = resolveRules(opts.config);
  let tally: Tally | undefined;
  const resolver = opts.resolver ?? createResolver(db, { asOf: end, jurisdiction: loadOffice(db)?.jurisdiction ?? [] });
  const e = engineContext(db, {
    period: opts.period,
    periodEnd: end,
    lang: opts.lang,
    resolver,
    tally: () => {
      if (!tally) throw new Error('validatePeriod: the roster pass has not run');
      return tally;
    },
  });
  lap('setup');
  const plan = planRules(e, settings, sink, opts.reference === true);
  // About 1 MB of text per range: fewer ranges cost less SQL, smaller ones less memory.
  const span = Math.max(1, Math.floor(opts.chunkSize ?? 10_000));
  lap('rules');
  if (opts.reference) tally = referencePass(db, e.roster, end, span, plan.checkRows);
  else {
    tally = fastPass(db, e.roster, {
      periodEnd: end,
      span,
      suspectSql: plan.suspectSql,
      screens: plan.screens,
      staleUnit: e.units.staleUnit,
      checkSuspects: (ids) => {
        if (plan.hasRowRules) plan.checkRows(e.rowsById(ids));
      },
      timings: opts.timings,
      onProgress: opts.onProgress,
    });
  }
  lap('pass');
  for (const { id, end: finish } of plan.ends) {
    finish();
    lap(`end ${id}`);
  }
}

/** Runs every enabled rule over the period's roster and returns the Report, its findings in order (held in memory: outputs stream instead, see src/findings/). */
export function validatePeriod(db: DB, opts: ValidateOptions): Report {
  const findings: Finding[] = [];
  runRules(db, opts, { add: (f) => findings.push(f) });
  const t0 = performance.now();
  findings.sort(compareFindings);
  if (opts.timings) opts.timings.sort = (opts.timings.sort ?? 0) + (performance.now() - t0);
  return makeReport(opts.period, findings);
}
