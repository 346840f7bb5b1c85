/**
 * Findings as the outputs read them: the counts first, then the findings in
 * the order of SPEC § Findings, read from a sorter that spills to disk (a
 * national roster can have a million) or from a Report held in memory.
 */
import type { Finding, FindingSink, Report } from '../rules/types.js';
import { compareFindings } from './order.js';
import { SpillSorter } from './spill.js';

export interface FindingsStream {
  ok: boolean;
  period: string | null;
  counts: Report['counts'];
  /** How many findings. */
  size: number;
  /** The findings in order; can be read more than once. */
  findings(): Iterable<Finding>;
}

/** A Report held in memory as a stream (a stream as itself). */
export function streamOf(report: Report | FindingsStream): FindingsStream {
  const findings = report.findings;
  if (!Array.isArray(findings)) return report as FindingsStream;
  return { ok: report.ok, period: report.period, counts: report.counts, size: findings.length, findings: () => findings };
}

/**
 * Findings kept in memory before a spill: a finding of a whole-roster rule can
 * take a few kilobytes (a national roster's 32,768 held 150 MB).
 */
const FINDINGS_BATCH = 4096;

/** Collects findings as the engine finds them (counted, then sorted on disk); `dispose()` deletes the scratch file. */
export class FindingsCollector implements FindingSink {
  private readonly sorter: SpillSorter<Finding>;
  readonly counts = { error: 0, warning: 0, info: 0 };

  /** `prepare` is applied to each finding as it arrives (e.g. masking); `batch`: findings kept in memory before a spill. */
  constructor(
    private readonly prepare: (f: Finding) => Finding = (f) => f,
    batch?: number,
  ) {
    this.sorter = new SpillSorter<Finding>(compareFindings, batch ?? FINDINGS_BATCH);
  }

  add(f: Finding): void {
    const g = this.prepare(f);
    this.counts[g.severity]++;
    this.sorter.add(g);
  }

  stream(period: string | null): FindingsStream {
    return { ok: this.counts.error === 0, period, counts: this.counts, size: this.sorter.length, findings: () => this.sorter.sorted() };
  }

  dispose(): void {
    this.sorter.dispose();
  }
}
