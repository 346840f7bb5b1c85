/**
 * Findings as the outputs read them: the counts first, then the findings in
 * the order of SPEC § Findings, read from a sorter that spills to disk (a
 * national roster can have a million) or from a Report held in memory.
 */
import type { Finding, FindingSink, Report } from '../rules/types.js';
import { compareFindings, FINDING_KEY, type FindingKey } from './order.js';
import { SpillSorter } from './spill.js';

export interface FindingsStream {
  ok: boolean;
  period: string | null;
  counts: Report['counts'];
  /** How many findings. */
  size: number;
  /** The findings in order; can be read more than once. */
  findings(): Iterable<Finding>;
  /** JSON.stringify of each finding, in order, when the stream has it at hand (a spilled finding's as it was written). */
  findingsJson?(): Iterable<string>;
}

/** A Report held in memory as a stream (a stream as itself). */
export function streamOf(report: Report | FindingsStream): FindingsStream {
  const findings = report.findings;
  if (!Array.isArray(findings)) return report as FindingsStream;
  return { ok: report.ok, period: report.period, counts: report.counts, size: findings.length, findings: () => findings };
}

/**
 * Findings kept in memory before a spill, by their weight: a finding of a
 * whole-roster rule can take a few kilobytes (a national roster's 32,768 held
 * 150 MB), while a row finding shares its message and suggestion with the
 * other rows of its ward (the city's 8,368 hold 1.8 MB). A batch weighs at
 * most 16 MB by findingWeight (which counts every text as if it were the
 * finding's own) and holds at most 65,536 findings; a city's findings are
 * then sorted in memory, with no scratch file to write and read back.
 */
const FINDINGS_BATCH = 65_536;
const FINDINGS_BUDGET = { weigh: findingWeight, bytes: 16 << 20 };

/** An estimate of the bytes a finding holds: its object, its texts (two bytes a character), its candidates. */
export function findingWeight(f: Finding): number {
  const value = f.value === undefined || f.value === null ? 0 : String(f.value).length;
  return 256 + 2 * (f.message.length + value) + 256 * (f.suggestion?.candidates?.length ?? 0);
}

/** Collects findings as the engine finds them (counted, then sorted on disk); `dispose()` deletes the scratch file. */
export class FindingsCollector implements FindingSink {
  private readonly sorter: SpillSorter<Finding, FindingKey>;
  readonly counts = { error: 0, warning: 0, info: 0 };

  /** `prepare` is applied to each finding as it arrives (e.g. masking); `batch`: findings kept in memory before a spill (else by weight). */
  constructor(
    private readonly prepare: (f: Finding) => Finding = (f) => f,
    batch?: number,
  ) {
    this.sorter = new SpillSorter<Finding, FindingKey>(compareFindings, batch ?? FINDINGS_BATCH, batch === undefined ? FINDINGS_BUDGET : undefined, FINDING_KEY);
  }

  add(f: Finding): void {
    const g = this.prepare(f);
    this.counts[g.severity]++;
    this.sorter.add(g);
  }

  stream(period: string | null): FindingsStream {
    const sorter = this.sorter;
    return { ok: this.counts.error === 0, period, counts: this.counts, size: sorter.length, findings: () => sorter.sorted(), findingsJson: () => sorter.sortedJson() };
  }

  dispose(): void {
    this.sorter.dispose();
  }
}
