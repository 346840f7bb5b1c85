/** Rows of people who had already left by the period end do not count in a team (the rule: src/roster/left.ts). */
import { leftBySql } from '../../roster/left.js';
import { sqlText } from '../rule.js';

/** SQL 1 when the row's person had left by the period end, else 0. */
export const LEFT_SQL = (periodEnd: string): string => leftBySql('left_on', sqlText(periodEnd));
