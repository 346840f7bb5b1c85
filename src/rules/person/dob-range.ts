/** person.dob.range: age at the end of the period outside the configured range (default 16–80). */
import { msg } from '../../text/i18n.js';
import { dobYear } from '../identifiers.js';
import type { Rule } from '../rule.js';

const DOB = /^(\d{4})(?:-(\d{2})-(\d{2}))?$/;

export const rule: Rule = {
  id: 'person.dob.range',
  severity: 'warning',
  scope: 'row',
  title: msg('Tuổi ngoài khoảng cho phép', 'Age outside the allowed range'),
  options: {
    min: { type: 'integer', min: 0, max: 150, default: 16, description: msg('tuổi tối thiểu', 'minimum age') },
    max: { type: 'integer', min: 0, max: 150, default: 80, description: msg('tuổi tối đa', 'maximum age') },
  },
  screen: (p) => {
    const endY = Number(p.periodEnd.slice(0, 4));
    const young = endY - (p.options.min as number);
    const old = endY - (p.options.max as number);
    // By the year alone: the birthday inside the year is left to the row check.
    return (v) => {
      if (v.dob === null) return false;
      const y = dobYear(v.dob);
      return y >= 0 && (y >= young || y < old);
    };
  },
  create(ctx) {
    const min = ctx.options.min as number;
    const max = ctx.options.max as number;
    const endY = Number(ctx.periodEnd.slice(0, 4));
    const endMD = ctx.periodEnd.slice(5);
    return {
      row(r) {
        if (!r.dob) return;
        const m = DOB.exec(r.dob);
        if (!m) return;
        const y = Number(m[1]);
        // Year only: the age they reach during the period's year.
        const age = m[2] ? endY - y - (`${m[2]}-${m[3]}` > endMD ? 1 : 0) : endY - y;
        if (age >= min && age <= max) return;
        ctx.emit(r, {
          field: 'dob',
          value: r.dob,
          message:
            age < 0
              ? msg(`Ngày sinh ${r.dob} ở sau cuối kỳ báo cáo ${ctx.period}.`, `Date of birth ${r.dob} is after the end of period ${ctx.period}.`)
              : msg(
                  `Tuổi ${age} (ngày sinh ${r.dob}) ngoài khoảng ${min}–${max} vào cuối kỳ ${ctx.period}.`,
                  `Age ${age} (born ${r.dob}) is outside ${min}–${max} at the end of ${ctx.period}.`,
                ),
        });
      },
    };
  },
};
