/** date.future: a joining or leaving date after the end of the period the roster speaks of. */
import { msg } from '../../text/i18n.js';
import { type Rule, sqlText } from '../rule.js';

const ISO = /^\d{4}-\d{2}-\d{2}$/;

export const rule: Rule = {
  id: 'date.future',
  severity: 'error',
  scope: 'row',
  title: msg('Ngày sau cuối kỳ báo cáo', 'Date after the end of the period'),
  prefilter: (p) => `(joined_on > ${sqlText(p.periodEnd)} OR left_on > ${sqlText(p.periodEnd)})`,
  create(ctx) {
    const end = ctx.periodEnd;
    return {
      row(r) {
        for (const field of ['joined_on', 'left_on'] as const) {
          const v = r[field];
          if (!v || v <= end || !ISO.test(v)) continue;
          ctx.emit(r, {
            field,
            value: v,
            message:
              field === 'joined_on'
                ? msg(`Ngày tham gia ${v} ở sau cuối kỳ ${ctx.period} (${end}).`, `Joined on ${v}, after the end of ${ctx.period} (${end}).`)
                : msg(`Ngày rời tổ ${v} ở sau cuối kỳ ${ctx.period} (${end}).`, `Left on ${v}, after the end of ${ctx.period} (${end}).`),
          });
        }
      },
    };
  },
};
