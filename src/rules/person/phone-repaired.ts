/** person.phone.repaired: the importer restored the leading zero Excel dropped from the phone number. */
import { msg } from '../../text/i18n.js';
import { hasRepair, type Rule } from '../rule.js';

export const rule: Rule = {
  id: 'person.phone.repaired',
  severity: 'info',
  scope: 'row',
  title: msg('Đã khôi phục số 0 đầu của số điện thoại', 'Leading zero of the phone number restored'),
  prefilter: () => `(repairs IS NOT NULL AND instr(repairs, 'phone:repaired') > 0)`,
  create(ctx) {
    return {
      row(r) {
        if (!hasRepair(r, 'phone:repaired')) return;
        ctx.emit(r, {
          field: 'phone',
          value: r.phone,
          suggestion: r.phone ? { value: r.phone } : undefined,
          message: msg(
            `Excel đã lưu số điện thoại dưới dạng số và làm mất số 0 đầu; đã khôi phục thành ${r.phone}.`,
            `Excel stored the phone number as a number and dropped its leading zero; restored as ${r.phone}.`,
          ),
        });
      },
    };
  },
};
