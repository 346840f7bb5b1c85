/**
 * What the summary writer takes and gives back: the figures and lists of a
 * monthly (or consolidated) workbook, already computed. Types only, shared by
 * the sheet writers and the hidden `_data` sheet.
 */
import type { Report } from '../../rules/types.js';
import type { Lang } from '../../text/i18n.js';
import type { ChangeRow, Counts, MemberRow, Office, SourceFile, TeamLine, WardLine } from '../monthly-data.js';

export interface SummaryInput {
  lang: Lang;
  period: string;
  periodEnd: string;
  office: Office;
  vintage: string;
  /** Consolidated (city) workbook: one row per office and ward, no member lists. */
  consolidated?: { offices: string[] };
  wards: WardLine[];
  teams: TeamLine[];
  files: SourceFile[];
  members?: Iterable<MemberRow>;
  changes?: Iterable<ChangeRow>;
  report: Report;
  /** Set when report.findings was already cut to the listed ones: how many open findings there are in all. */
  openTotal?: number;
  draft: boolean;
  signer?: string;
  includePii: boolean;
  /** Date printed on the place-and-date line. */
  now: Date;
  /** Extra lines for `Kiểm tra` (e.g. overlaps found by consolidate). */
  checks?: string[];
  /** Completeness (monthly workbook): expected teams without a roster, and what the clerk accepted. */
  completeness?: Completeness;
}

export interface Completeness {
  /** "Khu phố 2, Phường Tân Định (mã tổ 7)" per expected team without a roster. */
  missing: string[];
  /** Teams whose members all moved: "Khu phố 3, … → Khu phố 5, …". */
  movedAway: string[];
  /** The clerk accepted the missing rosters (--accept-missing): the teams named, or all. */
  accepted: string[];
  /** People listed more than once this period (each counted once). */
  listedTwice: number;
}

export interface SummaryResult {
  totals: Counts;
  /** Rows of the member list (0 in a consolidated workbook). */
  members: number;
  /** Rows of the change list (0 in a consolidated workbook). */
  changes: number;
  sheets: string[];
}

/** Where the visible figures are, so that they can be checked against the records. */
export interface FigureLayout {
  /** Tổng hợp: one row per ward line from `first`; columns of COUNT_KEYS in order. */
  summary?: { sheet: string; first: number; total: number; rate: number; cols: number[] };
  /** Danh sách tổ: one row per team line from `first`; columns of members, women, under35, onetouch. */
  teams?: { sheet: string; first: number; cols: number[] };
  /** Thành viên: the member rows from `first`, and the digest of their cells as written. */
  members?: { sheet: string; first: number; count: number; sha256: string };
}
