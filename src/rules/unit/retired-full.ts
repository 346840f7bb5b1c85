/** unit.retired.full: the ward was merged whole into one successor; `roster remap --auto` moves its teams. */
import { msg } from '../../text/i18n.js';
import { basis, resolutionRule, unitLabel, wardField, wardValue } from './common.js';

export const rule = resolutionRule({
  id: 'unit.retired.full',
  severity: 'warning',
  title: msg('Đơn vị đã sáp nhập toàn bộ', 'Unit merged whole into a successor'),
  status: 'retired.full',
  emission(r, u, s) {
    const from = unitLabel(u.unit!, true);
    const to = u.successors[0];
    const b = to ? basis(to) : { vi: '', en: '' };
    return {
      field: wardField(r),
      value: wardValue(r),
      suggestion: s,
      message: to
        ? msg(
            `${from} đã sáp nhập toàn bộ vào ${unitLabel(to.unit)} từ ${to.effective}${b.vi}. Chạy "roster remap --auto" để chuyển tổ.`,
            `${from} was merged whole into ${unitLabel(to.unit)} on ${to.effective}${b.en}. Run "roster remap --auto" to move the team.`,
          )
        : msg(`${from} không còn tồn tại.`, `${from} no longer exists.`),
    };
  },
});
