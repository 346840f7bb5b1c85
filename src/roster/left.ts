/**
 * "Left by the end of the period", defined once, in JavaScript and in SQL:
 * a row's person has left when its `left_on` is a readable leaving date on or
 * before the period's last day. A readable leaving date is a calendar date
 * written YYYY-MM-DD, as the importer stores the dates it reads.
 *
 * Anything else in `left_on` (a year alone, a month and year, text the import
 * could not read, an impossible date such as 2025-02-30) does not make the
 * person leave: they stay a member, and the rule date.left.format tells the
 * clerk that the date could not be read. Every count (the import's membership
 * status, team.size, the workbook, the second count) uses this module, so a
 * malformed date cannot make them disagree.
 */

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether `v` is a calendar date written YYYY-MM-DD (as SQLite's date() writes it back). */
export function isLeavingDate(v: string | null | undefined): v is string {
  if (v === null || v === undefined) return false;
  const m = ISO_DATE.exec(v);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1) return false;
  const date = new Date(0);
  date.setUTCFullYear(y, mo - 1, d);
  return date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/** Whether a row with this `left_on` has left by `periodEnd` (ISO date of the period's last day). */
export function hasLeftBy(leftOn: string | null | undefined, periodEnd: string): boolean {
  return isLeavingDate(leftOn) && leftOn <= periodEnd;
}

/**
 * SQL 1 when the column holds a readable leaving date on or before `end`, else
 * 0 (never NULL). `end` is an SQL expression: a parameter (`@end`) or a literal.
 * The cheap comparisons come first; date() runs only on the few rows that pass.
 */
export function leftBySql(column: string, end: string): string {
  return `ifnull(${column} <= ${end} AND ${column} GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' AND date(${column}) IS ${column}, 0)`;
}

/** SQL true when the row's person is still a member at `end` (the negation of leftBySql). */
export function activeAtSql(column: string, end: string): string {
  return `NOT ${leftBySql(column, end)}`;
}
