/**
 * person.id.format: the personal ID is not 12 digits, is an old 9-digit ID card
 * number (CMND, expired 31 Dec 2024), or starts with an unknown province prefix.
 */
import { msg } from '../../text/i18n.js';
import { isPersonId, PROVINCE_CODES } from '../identifiers.js';
import { blank, hasRepair, type Rule } from '../rule.js';

export const rule: Rule = {
  id: 'person.id.format',
  severity: 'error',
  scope: 'row',
  title: msg('Số CCCD sai định dạng', 'Malformed personal ID'),
  screen: () => (v) => v.person_id !== null && !isPersonId(v.person_id),
  create(ctx) {
    return {
      row(r) {
        const id = r.person_id;
        if (blank(id) || hasRepair(r, 'person_id:unrecoverable')) return;
        const v = id as string;
        if (v.length === 12 && /^\d{12}$/.test(v)) {
          if (v[0] === '0' && PROVINCE_CODES.has(v.slice(1, 3))) return;
          ctx.emit(r, {
            field: 'person_id',
            value: v,
            message: msg(
              `Số CCCD ${v} có mã tỉnh "${v.slice(0, 3)}" không tồn tại (3 chữ số đầu là 0 + mã tỉnh nơi đăng ký khai sinh).`,
              `Personal ID ${v} starts with "${v.slice(0, 3)}", which is no province code (the first 3 digits are 0 + the province of birth registration).`,
            ),
          });
          return;
        }
        if (/^\d{9}$/.test(v)) {
          ctx.emit(r, {
            field: 'person_id',
            value: v,
            message: msg(
              `${v} là số CMND 9 chữ số cũ (hết hạn 31/12/2024); cần số CCCD 12 chữ số.`,
              `${v} is an old 9-digit ID card number (expired 31 Dec 2024); the 12-digit personal ID is needed.`,
            ),
          });
          return;
        }
        const digits = v.replace(/\D/g, '');
        ctx.emit(r, {
          field: 'person_id',
          value: v,
          message: msg(`Số CCCD "${v}" không phải 12 chữ số (có ${digits.length} chữ số).`, `Personal ID "${v}" is not 12 digits (it has ${digits.length}).`),
        });
      },
    };
  },
};
