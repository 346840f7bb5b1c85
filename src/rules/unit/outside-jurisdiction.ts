/** unit.outside-jurisdiction: the ward (and, for a retired ward, each successor) is not one this office answers for. */
import { msg } from '../../text/i18n.js';
import type { Rule } from '../rule.js';
import { unitLabel, wardField, wardValue, untrusted } from './common.js';

export const rule: Rule = {
  id: 'unit.outside-jurisdiction',
  severity: 'error',
  scope: 'row',
  title: msg('Đơn vị ngoài phạm vi quản lý', 'Unit outside the office’s jurisdiction'),
  screen: () => untrusted,
  create(ctx) {
    return {
      row(r) {
        if (ctx.unitTrusted(r)) return;
        const u = ctx.unitOf(r);
        if (!u.unit || u.inJurisdiction) return;
        if (u.status !== 'current' && u.status !== 'retired.full' && u.status !== 'retired.partial') return;
        ctx.emit(r, {
          field: wardField(r),
          value: wardValue(r),
          message: msg(
            `${unitLabel(u.unit)} không thuộc phạm vi quản lý của đơn vị này (xem "roster init --jurisdiction"). Chuyển dòng này cho đơn vị quản lý đúng.`,
            `${unitLabel(u.unit)} is not one this office answers for (see "roster init --jurisdiction"). Send this row to the office responsible.`,
          ),
        });
      },
    };
  },
};
