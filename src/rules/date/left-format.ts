/**
 * date.left.format: a leaving date that cannot be read as a date. Such a date
 * does not make the person leave (src/roster/left.ts): they still count as a
 * member until the clerk writes the date so that it can be read.
 */
import { isLeavingDate } from '../../roster/left.js';
import { msg } from '../../text/i18n.js';
import { blank, type Rule } from '../rule.js';

export const rule: Rule = {
  id: 'date.left.format',
  severity: 'error',
  scope: 'row',
  title: msg('Ngày rời tổ không đọc được', 'Unreadable leaving date'),
  prefilter: () => `(left_on IS NOT NULL AND NOT (left_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' AND date(left_on) IS left_on))`,
  create(ctx) {
    return {
      row(r) {
        if (blank(r.left_on) || isLeavingDate(r.left_on)) return;
        ctx.emit(r, {
          field: 'left_on',
          value: r.left_on,
          message: msg(
            `Không đọc được ngày rời tổ "${r.left_on}"; người này vẫn được tính là thành viên. Ghi ngày theo dạng dd/mm/yyyy.`,
            `Cannot read the leaving date "${r.left_on}"; the person still counts as a member. Write the date as dd/mm/yyyy.`,
          ),
        });
      },
    };
  },
};
