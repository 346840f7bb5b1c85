/** person.email.format: a malformed e-mail address. */
import { msg } from '../../text/i18n.js';
import { isEmail } from '../identifiers.js';
import { blank, type Rule } from '../rule.js';

export const rule: Rule = {
  id: 'person.email.format',
  severity: 'warning',
  scope: 'row',
  title: msg('Email sai định dạng', 'Malformed e-mail'),
  screen: () => (v) => v.email !== null && !isEmail(v.email),
  create(ctx) {
    return {
      row(r) {
        if (blank(r.email)) return;
        const e = r.email as string;
        if (isEmail(e)) return;
        ctx.emit(r, {
          field: 'email',
          value: r.email,
          message: msg(`"${e}" không phải địa chỉ email hợp lệ.`, `"${e}" is not a valid e-mail address.`),
        });
      },
    };
  },
};
