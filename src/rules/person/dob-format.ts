/** person.dob.format: the date of birth could not be read as a date or a year. */
import { msg } from '../../text/i18n.js';
import { dobYear } from '../identifiers.js';
import { blank, hasRepair, type Rule } from '../rule.js';

export const rule: Rule = {
  id: 'person.dob.format',
  severity: 'warning',
  scope: 'row',
  title: msg('Ngày sinh không đọc được', 'Unreadable date of birth'),
  prefilter: () => `(repairs IS NOT NULL AND instr(repairs, 'dob:unparsed') > 0)`,
  screen: () => (v) => v.dob !== null && dobYear(v.dob) < 0,
  create(ctx) {
    return {
      row(r) {
        if (blank(r.dob)) return;
        if (!hasRepair(r, 'dob:unparsed') && /^\d{4}(-\d{2}-\d{2})?$/.test(r.dob as string)) return;
        ctx.emit(r, {
          field: 'dob',
          value: r.dob,
          message: msg(
            `Không đọc được ngày sinh "${r.dob}"; ghi theo dạng dd/mm/yyyy hoặc chỉ năm sinh.`,
            `Cannot read the date of birth "${r.dob}"; write it as dd/mm/yyyy or the year alone.`,
          ),
        });
      },
    };
  },
};
