/**
 * What the numbers of the monthly workbook mean, defined once. Every report
 * figure is computed from these SQL fragments, and the notes line on the
 * `Kiểm tra` sheet states them in words (NOTES below).
 *
 * - The roster of a period: `source_rows WHERE period = ? AND superseded_by IS NULL`,
 *   filed under its team; the team's current ward is `teams.unit_id`.
 * - A member at the period end: a roster row with no leaving date, or one
 *   after the period end. A person listed twice counts once, in the team of the
 *   earliest import still in force, then file, sheet, row.
 * - Under 35: born after the day 35 years before the period end (a birth year
 *   alone counts as 1 January of that year).
 * - Joined, left, moved: src/month/changes.ts (one definition for every output),
 *   judged against the latest earlier period that has rosters.
 */
import type { Msg } from '../text/i18n.js';
import { msg } from '../text/i18n.js';
import { periodEnd, periodStart } from '../text/period.js';

export interface PeriodBounds {
  period: string;
  start: string;
  end: string;
  /** The last birth date that is 35 or more years before the period end. */
  age35: string;
}

export function bounds(period: string): PeriodBounds {
  const end = periodEnd(period);
  const [y, m, d] = [Number(end.slice(0, 4)), Number(end.slice(5, 7)), Number(end.slice(8, 10))]; // YYYY-MM-DD
  // 35th birthday on or before the period end: born on or before (end - 35 years).
  const last = new Date(Date.UTC(y - 35, m - 1, d));
  // 29 February: Date rolls over to 1 March, which is what we want (not 35 yet on the 28th).
  return { period, start: periodStart(period), end, age35: last.toISOString().slice(0, 10) };
}

/** SQL: the row `s` (source_rows) is a member at the period end. Parameter: @end. Defined with the changes. */
export { ACTIVE_ROW } from '../month/changes.js';

/** SQL: birth date of row `s` as ISO, or NULL. */
const BIRTH = `(CASE WHEN s.dob GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' THEN s.dob
  WHEN s.dob GLOB '[0-9][0-9][0-9][0-9]' THEN s.dob || '-01-01' END)`;

/** SQL: row `s` is under 35 at the period end. Parameter: @age35. */
export const UNDER35 = `(${BIRTH} IS NOT NULL AND ${BIRTH} > @age35)`;

export const NOTES: Msg[] = [
  msg(
    'Thành viên: có tên trong danh sách của kỳ, chưa rời tổ đến ngày cuối kỳ; người ghi nhiều lần tính một lần, ở tổ của lần nhập sớm nhất còn hiệu lực (rồi tệp, trang tính, dòng).',
    'Members: on the roster of the period, not left by its last day; a person listed more than once counts once, in the team of the earliest import still in force (then file, sheet, row).',
  ),
  msg(
    'Dưới 35 tuổi: sinh sau ngày tròn 35 năm trước ngày cuối kỳ (chỉ có năm sinh thì tính ngày 01/01 năm đó).',
    'Under 35: born after the day 35 years before the period end (a birth year alone counts as 1 January of that year).',
  ),
  msg(
    'Vào tổ / rời tổ / chuyển tổ: so với kỳ gần nhất trước đó có danh sách (tháng đầu tiên là mốc). Chuyển tổ: vẫn trong đơn vị nhưng ở tổ hoặc khu phố khác. Rời tổ: có ngày rời tổ trong tháng, hoặc tổ đã nộp danh sách mà không còn tên, hoặc tổ đã giải thể; người của tổ chưa nộp danh sách không tính là rời tổ, cũng không tính là thành viên.',
    'Joined / left / moved: compared with the latest earlier period with rosters (the first month is the starting point). Moved: still in the office, in another team or khu phố. Left: a leaving date in the month, or their team sent a roster without them, or the team was closed; people of a team without a roster count neither as left nor as members.',
  ),
  msg('Tỷ lệ OneTouch = số thành viên đã hoàn thành OneTouch / số thành viên.', 'OneTouch rate = members who completed OneTouch / members.'),
];
