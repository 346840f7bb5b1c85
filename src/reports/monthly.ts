/**
 * `report monthly`: the figures of the period collected, counted a second
 * time (src/month/recount.ts), and the summary workbook (./summary/) written
 * atomically.
 *
 * Loads exceljs through ./summary/: load lazily.
 */
import { teamLine } from '../month/describe.js';
import type { Report } from '../rules/types.js';
import type { DB } from '../store/db.js';
import type { Lang } from '../text/i18n.js';
import type { Counts, MonthlyData } from './monthly-data.js';
import { listedFindings } from './summary/findings.js';
import type { SummaryResult } from './summary/input.js';
import { writeSummaryWorkbook } from './summary/workbook.js';

export interface MonthlyReportOptions {
  db: DB;
  period: string;
  out: string;
  lang: Lang;
  report: Report;
  draft: boolean;
  signer?: string;
  includePii: boolean;
  now: Date;
  /** Fault injection for tests (ROSTER_FAULT), see src/safety/atomic.ts. */
  fault?: string;
  /** --accept-missing: team ids, or ['all']. */
  accepted?: string[];
}

/** Collects the figures of the period and writes the workbook atomically to `out`. */
export async function writeMonthlyReport(o: MonthlyReportOptions): Promise<SummaryResult & { data: MonthlyData }> {
  const { collectMonthly, changeRows, iterateMembers } = await import('./monthly-data.js');
  const { writeAtomically } = await import('./output.js');
  // Only the first findings go into the workbook: let the rest go before the big sheets are written.
  // (report.findings is cut in place; callers use only its counts afterwards.)
  const { listed, total } = listedFindings(o.report, o.draft);
  o.report.findings = listed;
  const data = collectMonthly(o.db, o.period);
  // Double entry: the figures about to be written, counted again by another path (exit 3 on a difference).
  const { assertFigures } = await import('../month/recount.js');
  const sum = (k: keyof Counts) => data.wards.reduce((a, w) => a + w.counts[k], 0);
  assertFigures(o.db, o.period, {
    members: sum('members'),
    teams: sum('teamsWard') + sum('teamsNeighbourhood'),
    joined: sum('joined'),
    left: sum('left'),
    moved: data.changes.counts.moved,
  });
  const res = await writeAtomically(
    o.out,
    (tmp) =>
      writeSummaryWorkbook(tmp, {
        lang: o.lang,
        period: o.period,
        periodEnd: data.bounds.end,
        office: data.office,
        vintage: data.vintage,
        wards: data.wards,
        teams: data.teams,
        files: data.files,
        members: iterateMembers(o.db, o.period),
        changes: changeRows(o.db, o.period, data.changes),
        completeness: {
          missing: data.missing.map((t) => teamLine(t, o.lang)),
          movedAway: data.movedAway.map((m) => `${m.team.label} → ${m.to.map((t) => t.label).join('; ')}`),
          accepted: o.accepted ?? [],
          listedTwice: data.listedTwice,
        },
        report: o.report,
        openTotal: total,
        draft: o.draft,
        signer: o.signer,
        includePii: o.includePii,
        now: o.now,
      }),
    { fault: o.fault },
  );
  return { ...res, data };
}
