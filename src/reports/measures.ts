/**
 * What the numbers of the monthly workbook mean, defined once. Every report
 * figure is computed from these SQL fragments, and the notes line on the
 * `Kiểm tra` sheet states them in words (NOTES below).
 *
 * - The roster of a period: `source_rows WHERE period = ? AND superseded_by IS NULL`,
 *   filed under its team; the team's current ward is `teams.unit_id`.
 * - A member at the period end: a roster row with no leaving date, or one
 *   after the period end. A person listed twice in one team counts once.
 * - Under 35: born after the day 35 years before the period end (a birth year
 *   alone counts as 1 January of that year).
 * - Joined this month: a membership whose joining date falls in the month; or,
 *   when the roster gives no joining date, one first listed in this period,
 *   provided the database holds an earlier period (the first month loaded is the
 *   starting point, not a month in which everybody joined).
 * - Left this month: a membership whose leaving date falls in the month; or,
 *   when no leaving date was given, one that a complete (sync) roster of this
 *   period no longer lists.
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
  const [y, m, d] = end.split('-').map(Number);
  // 35th birthday on or before the period end: born on or before (end - 35 years).
  const last = new Date(Date.UTC(y - 35, m - 1, d));
  // 29 February: Date rolls over to 1 March, which is what we want (not 35 yet on the 28th).
  return { period, start: periodStart(period), end, age35: last.toISOString().slice(0, 10) };
}

/** SQL: the row `s` (source_rows) is a member at the period end. Parameter: @end. */
export const ACTIVE_ROW = `(s.left_on IS NULL OR s.left_on = '' OR NOT (s.left_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]*') OR s.left_on > @end)`;

/** SQL: birth date of row `s` as ISO, or NULL. */
const BIRTH = `(CASE WHEN s.dob GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' THEN s.dob
  WHEN s.dob GLOB '[0-9][0-9][0-9][0-9]' THEN s.dob || '-01-01' END)`;

/** SQL: row `s` is under 35 at the period end. Parameter: @age35. */
export const UNDER35 = `(${BIRTH} IS NOT NULL AND ${BIRTH} > @age35)`;

/** SQL: membership `m` joined this month. Parameters: @period, @start, @end. */
export const JOINED = `((m.joined_on >= @start AND m.joined_on <= @end)
  OR ((m.joined_on IS NULL OR m.joined_on = '') AND m.first_period = @period
      AND EXISTS (SELECT 1 FROM imports earlier WHERE earlier.period < @period)))`;

/** SQL: membership `m` left this month. Parameters: @period, @start, @end. */
export const LEFT = `((m.left_on >= @start AND m.left_on <= @end)
  OR ((m.left_on IS NULL OR m.left_on = '') AND m.left_period = @period))`;

export const NOTES: Msg[] = [
  msg(
    'Thành viên: người có tên trong danh sách của kỳ, chưa có ngày rời tổ hoặc rời tổ sau ngày cuối kỳ; một người ghi hai lần trong cùng một tổ được tính một lần.',
    'Members: people on the roster of the period with no leaving date, or one after the period end; a person listed twice in one team counts once.',
  ),
  msg(
    'Dưới 35 tuổi: sinh sau ngày tròn 35 năm trước ngày cuối kỳ (chỉ có năm sinh thì tính ngày 01/01 năm đó).',
    'Under 35: born after the day 35 years before the period end (a birth year alone counts as 1 January of that year).',
  ),
  msg(
    'Vào tổ trong tháng: ngày tham gia nằm trong tháng; nếu danh sách không ghi ngày tham gia thì là người có tên lần đầu trong kỳ này (trừ tháng đầu tiên có dữ liệu: đó là mốc ban đầu).',
    'Joined this month: the joining date falls in the month; when the roster gives no joining date, listed for the first time in this period (except in the first month with data: that is the starting point).',
  ),
  msg(
    'Rời tổ trong tháng: ngày rời tổ nằm trong tháng; nếu không ghi ngày rời tổ thì là người không còn trong danh sách đầy đủ (chế độ đồng bộ) của kỳ này.',
    'Left this month: the leaving date falls in the month; when no leaving date was given, no longer listed by a complete (sync) roster of this period.',
  ),
  msg(
    'Tỷ lệ OneTouch = số thành viên đã hoàn thành OneTouch / số thành viên.',
    'OneTouch rate = members who completed OneTouch / members.',
  ),
];
