/**
 * unit.retired.full: the ward was merged whole into one successor, through
 * one reorganisation or several; `roster remap --auto` moves its teams. A
 * chain is told step by step with every legal basis.
 */
import { msg } from '../../text/i18n.js';
import { explainChain, isChain } from '../../units/chain.js';
import { basis, parentIn, resolutionRule, unitLabel, wardField, wardValue, retiredUnit } from './common.js';

const REMAP = msg(' Chạy "roster remap --auto" để chuyển tổ.', ' Run "roster remap --auto" to move the team.');

export const rule = resolutionRule({
  id: 'unit.retired.full',
  severity: 'warning',
  title: msg('Đơn vị đã sáp nhập toàn bộ', 'Unit merged whole into a successor'),
  status: 'retired.full',
  emission(r, u, s, ctx) {
    const from = unitLabel(retiredUnit(u), true);
    const to = u.successors[0];
    const b = to ? basis(to) : { vi: '', en: '' };
    let message = to
      ? msg(
          `${from} đã sáp nhập toàn bộ vào ${unitLabel(to.unit)} từ ${to.effective}${b.vi}.${REMAP.vi}`,
          `${from} was merged whole into ${unitLabel(to.unit)} on ${to.effective}${b.en}.${REMAP.en}`,
        )
      : msg(`${from} không còn tồn tại.`, `${from} no longer exists.`);
    if (to && isChain(to)) {
      const c = explainChain(retiredUnit(u), to, parentIn(ctx));
      message = msg(`${c.vi} (mã ${u.unit?.code} theo danh mục ${u.unit?.vintage}).${REMAP.vi}`, `${c.en} (code ${u.unit?.code} in the list of ${u.unit?.vintage}).${REMAP.en}`);
    }
    return { field: wardField(r), value: wardValue(r), suggestion: s, message };
  },
});
