/**
 * person.id.mismatch: digit 4 of the personal ID (century and gender) or
 * digits 5–6 (birth year) disagree with the date of birth or the gender.
 */
import { msg } from '../../text/i18n.js';
import { decodeId, dobYear, isPersonId, PROVINCE_CODES } from '../identifiers.js';
import type { Rule } from '../rule.js';

const YEAR = /^(\d{4})(?:-\d{2}-\d{2})?$/;

export const rule: Rule = {
  id: 'person.id.mismatch',
  severity: 'error',
  scope: 'row',
  title: msg('Số CCCD không khớp ngày sinh hoặc giới tính', 'Personal ID disagrees with date of birth or gender'),
  // The same test as row(), on character codes.
  screen: () => (v) => {
    const id = v.person_id;
    if (id === null || !isPersonId(id)) return false;
    const d = id.charCodeAt(3) - 48;
    if (v.dob) {
      const y = dobYear(v.dob);
      if (y >= 0 && y !== 1900 + (d >> 1) * 100 + (id.charCodeAt(4) - 48) * 10 + (id.charCodeAt(5) - 48)) return true;
    }
    return (v.gender === 'male' && (d & 1) === 1) || (v.gender === 'female' && (d & 1) === 0);
  },
  create(ctx) {
    return {
      row(r) {
        const id = r.person_id;
        if (id?.length !== 12 || !/^\d{12}$/.test(id) || id[0] !== '0' || !PROVINCE_CODES.has(id.slice(1, 3))) return;
        const d = decodeId(id);
        const y = r.dob ? YEAR.exec(r.dob) : null;
        if (y) {
          const year = Number(y[1]);
          const idYear = d.century + d.yy;
          if (year !== idYear) {
            ctx.emit(r, {
              field: 'person_id',
              value: id,
              message: msg(
                `Số CCCD ${id} ứng với năm sinh ${idYear}, nhưng ngày sinh ghi ${r.dob}.`,
                `Personal ID ${id} encodes birth year ${idYear}, but the date of birth is ${r.dob}.`,
              ),
            });
            return;
          }
        }
        if ((r.gender === 'male' || r.gender === 'female') && r.gender !== d.gender) {
          const vi = (g: string) => (g === 'male' ? 'nam' : 'nữ');
          ctx.emit(r, {
            field: 'person_id',
            value: id,
            message: msg(
              `Số CCCD ${id} ứng với giới tính ${vi(d.gender)}, nhưng cột giới tính ghi ${vi(r.gender)}.`,
              `Personal ID ${id} encodes ${d.gender}, but the gender column says ${r.gender}.`,
            ),
          });
        }
      },
    };
  },
};
