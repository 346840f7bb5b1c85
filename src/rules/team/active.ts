/** Rows of people who had already left by the period end do not count in a team. */
import { sqlText } from '../rule.js';

/** SQL 1 when the row's person had left by the period end, else 0. */
export const LEFT_SQL = (periodEnd: string): string =>
  `ifnull(left_on <= ${sqlText(periodEnd)} AND left_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]', 0)`;

/** SQL true for rows of people still in the team at the period end. */
export const ACTIVE_SQL = (periodEnd: string): string => `NOT ${LEFT_SQL(periodEnd)}`;
