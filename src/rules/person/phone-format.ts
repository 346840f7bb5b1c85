/** person.phone.format: not a valid Vietnamese mobile or fixed-line number. */
import { msg } from '../../text/i18n.js';
import { checkPhone, isMobile } from '../identifiers.js';
import { blank, hasRepair, type Rule } from '../rule.js';

export const rule: Rule = {
  id: 'person.phone.format',
  severity: 'warning',
  scope: 'row',
  title: msg('Số điện thoại không hợp lệ', 'Invalid phone number'),
  prefilter: () => `(repairs IS NOT NULL AND instr(repairs, 'phone:unrecoverable') > 0)`,
  screen: () => (v) => v.phone !== null && !isMobile(v.phone),
  create(ctx) {
    return {
      row(r) {
        if (blank(r.phone)) return;
        const p = r.phone as string;
        if (hasRepair(r, 'phone:unrecoverable')) {
          ctx.emit(r, {
            field: 'phone',
            value: p,
            message: msg(
              `Số điện thoại "${p}" đã bị Excel làm tròn thành dạng số mũ: các chữ số đã mất.`,
              `Phone number "${p}" was rounded by Excel into scientific notation: its digits are lost.`,
            ),
          });
          return;
        }
        const c = checkPhone(p);
        if (c.kind !== 'invalid') return;
        ctx.emit(r, {
          field: 'phone',
          value: p,
          message: msg(
            `"${p}" không phải số điện thoại Việt Nam hợp lệ (di động 10 chữ số với đầu số của nhà mạng, hoặc số cố định 0 + mã vùng, 11 chữ số).`,
            `"${p}" is not a valid Vietnamese phone number (a 10-digit mobile with an operator prefix, or an 11-digit fixed line: 0 + area code).`,
          ),
        });
      },
    };
  },
};
