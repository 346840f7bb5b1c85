/** person.phone.legacy: an 11-digit mobile number from before the 2018 change; suggests the 10-digit form. */
import { msg } from '../../text/i18n.js';
import { checkPhone } from '../identifiers.js';
import { blank, type Rule } from '../rule.js';

export const rule: Rule = {
  id: 'person.phone.legacy',
  severity: 'warning',
  scope: 'row',
  title: msg('Số di động 11 số cũ', 'Old 11-digit mobile number'),
  // Legacy numbers have 11 digits, 12 with the country code.
  screen: () => (v) => v.phone !== null && (v.phone.length === 11 || v.phone.length === 12),
  create(ctx) {
    return {
      row(r) {
        if (blank(r.phone)) return;
        const c = checkPhone(r.phone as string);
        if (c.kind !== 'legacy') return;
        ctx.emit(r, {
          field: 'phone',
          value: r.phone,
          suggestion: { value: c.converted },
          message: msg(
            `${c.national} là số di động 11 số cũ; từ 2018 (Quyết định 798/QĐ-BTTTT) số này là ${c.converted}.`,
            `${c.national} is an old 11-digit mobile number; since 2018 (Decision 798/QĐ-BTTTT) it is ${c.converted}.`,
          ),
        });
      },
    };
  },
};
