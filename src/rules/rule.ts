/**
 * What a rule is: a stable id, a default severity, its options (checked when a
 * rules file is loaded), and a factory that returns the per-run hooks. Row
 * hooks see every roster row the rule could report on (its SQL prefilter and
 * JavaScript screen say which; a row rule with neither sees every row); end
 * hooks run after the last row (whole-roster rules: duplicates, team
 * composition, neighbourhood clashes) over counts the engine gathers in its
 * one pass. Rules never throw on bad data: they emit findings.
 */
import type { Field } from '../roster/fields.js';
import type { RosterRow } from '../roster/row.js';
import type { DB } from '../store/db.js';
import type { Msg } from '../text/i18n.js';
import type { Resolution, SuccessorLink, UnitRow } from '../units/types.js';
import type { Severity, Suggestion } from './types.js';

export type { RosterRow } from '../roster/row.js';

/** The unit a row's ward reference denotes, resolved once per distinct reference. */
export interface RowUnit extends Resolution {
  /** The reference as written, for messages: "Phường Đa Kao (26737)". */
  text: string;
  /** Whether the unit (or a successor of a retired unit) lies in the office's jurisdiction. */
  inJurisdiction: boolean;
}

export interface TeamInfo {
  id: number;
  unitId: number | null;
  originUnitId: number | null;
  unitText: string;
  neighbourhood: string;
  neighbourhoodKey: string;
}

export interface Emission {
  message: Msg;
  /** The field whose cell the finding points at (for column and cell). */
  field?: Field;
  /** A column other than the field's mapped one (e.g. a second column of the same field). */
  column?: { header: string; letter: string };
  value?: string | null;
  suggestion?: Suggestion;
  /** Overrides the configured severity (e.g. a retired unit already remapped becomes info). */
  severity?: Severity;
}

export interface RuleContext {
  db: DB;
  /** YYYY-MM. */
  period: string;
  /** ISO date of the period's last day. */
  periodEnd: string;
  /** The rule's options: defaults merged with the rules file. */
  options: Record<string, unknown>;
  /** The period's roster as a WHERE clause over source_rows, and its parameters. */
  roster: { where: string; params: unknown[] };
  /** Finding at a row (null: no row). */
  emit(row: Pick<RosterRow, 'import_id' | 'row_number'> | null, e: Emission): void;
  /** The unit of a row (resolved once per distinct ward reference). */
  unitOf(row: RosterRow): RowUnit;
  /**
   * The import filed the row under a unit that is still in force at the period
   * end and inside the jurisdiction: the unit.* rules trust it and do not
   * resolve its ward reference again.
   */
  unitTrusted(row: RosterRow): boolean;
  team(id: number | null): TeamInfo | undefined;
  /** "Tổ Khu phố 1, Phường Sài Gòn" for messages. */
  teamLabel(row: RosterRow): Msg;
  unit(id: number): UnitRow | undefined;
  successors(unit: UnitRow): SuccessorLink[];
  /** Whether the unit is in force at the period end (has no successor by then). */
  isCurrent(id: number): boolean;
  /** "file.xlsx row 12" for messages that point at another row. */
  where(row: { import_id: number; row_number: number }): Msg;
  /** Per-team counts of the period's roster (gathered in the engine's one pass, shared by the team rules), in order of each team's first row. */
  teams(): TeamGroup[];
  /** Row ids that share one member (person), per member with more than one row: each list in id order, lists in order of their first row. */
  memberGroups(): number[][];
  /** Ids of rows not linked to a member (should not happen after an import), in id order. */
  rowsWithoutMember(): number[];
  /** Full rows by id, in id order. */
  rowsById(ids: readonly number[]): RosterRow[];
}

/** One team's counts in the period's roster. Rows not linked to a team are grouped by file, ward and neighbourhood. */
export interface TeamGroup {
  teamId: number | null;
  /** For rows without a team: import id + ward + ward code + neighbourhood as written. */
  standIn: string | null;
  rows: number;
  /** Rows of people who had not left by the period end. */
  members: number;
  leaders: number;
  firstId: number;
  firstLeaderId: number | null;
  /** Ids of the leaders' rows (people still in the team), in id order, when there is more than one. */
  leaderIds?: number[];
}

/** What a rule's SQL prefilter and JavaScript screen may depend on. */
export interface PrefilterContext {
  periodEnd: string;
  options: Record<string, unknown>;
}

/**
 * The values a screen sees for every row: the identity columns as stored
 * (NULL as null), and whether the unit.* rules trust the row's unit.
 */
export interface ScreenValues {
  person_id: string | null;
  dob: string | null;
  gender: string | null;
  phone: string | null;
  email: string | null;
  unitTrusted: boolean;
}

export interface RuleRun {
  /** Row rules: called for every row the prefilter lets through (every row without one). */
  row?(row: RosterRow): void;
  /** After the last row; whole-roster rules do their work here with aggregate queries. */
  end?(): void;
}

export interface OptionSpec {
  type: 'integer';
  min?: number;
  max?: number;
  default: number;
  description: Msg;
}

export interface Rule {
  id: string;
  severity: Severity;
  scope: 'row' | 'roster';
  title: Msg;
  options?: Record<string, OptionSpec>;
  /**
   * Row rules: which rows the rule could report. `prefilter` is a cheap SQL
   * condition over source_rows (comparisons, no string functions: SQLite
   * checks it on every row); `screen` a JavaScript test of the identity
   * columns the engine reads for every row. Every row the rule could report
   * must make one of them true (they may be true for more); only those rows
   * are read in full and given to `row`. Without either the rule sees every row.
   */
  prefilter?(p: PrefilterContext): string;
  screen?(p: PrefilterContext): (v: ScreenValues) => boolean;
  create(ctx: RuleContext): RuleRun;
}

/** The comma-separated repair tokens of a row contain `token` ("person_id:repaired"). */
export function hasRepair(row: RosterRow, token: string): boolean {
  const r = row.repairs;
  if (!r) return false;
  if (r === token) return true;
  return `,${r},`.includes(`,${token},`);
}

export function blank(s: string | null | undefined): boolean {
  return s === null || s === undefined || s.trim() === '';
}

/** An SQL string literal. */
export function sqlText(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

/**
 * SQL true when the column may be blank in the sense of blank(): NULL, empty,
 * or starting with a character JavaScript's trim() removes (a superset: "  x"
 * too). Those are U+0009–U+000D, space, U+00A0, U+1680, U+2000 and above
 * (U+2000–U+200A, U+2028, U+2029, U+202F, U+205F, U+3000, U+FEFF); plain
 * comparisons of the UTF-8 bytes, which SQLite does without a function call.
 */
export function sqlBlank(col: string): string {
  return `(${col} IS NULL OR ${col} < '!' OR (${col} >= char(160) AND ${col} < char(161)) OR (${col} >= char(5760) AND ${col} < char(5761)) OR ${col} >= char(8192))`;
}
