/**
 * unit.retired.partial: the ward was divided among several successors; a
 * decision per team is needed (`roster remap`), every candidate with its legal basis.
 */
import { msg } from '../../text/i18n.js';
import { resolutionRule, unitLabel, wardField, wardValue } from './common.js';

export const rule = resolutionRule({
  id: 'unit.retired.partial',
  severity: 'error',
  title: msg('Đơn vị đã bị chia cho nhiều đơn vị mới', 'Unit divided among several successors'),
  status: 'retired.partial',
  emission(r, u, s) {
    const names = u.successors.map((l) => unitLabel(l.unit)).join(', ');
    const lb = [...new Set(u.successors.map((l) => l.legalBasis).filter(Boolean))].join(', ');
    return {
      field: wardField(r),
      value: wardValue(r),
      suggestion: s,
      message: msg(
        `${unitLabel(u.unit!, true)} đã được chia cho: ${names}${lb ? ` (${lb})` : ''}. Cần quyết định tổ này thuộc phường/xã mới nào: chạy "roster remap".`,
        `${unitLabel(u.unit!, true)} was divided among: ${names}${lb ? ` (${lb})` : ''}. Decide which new ward this team now belongs to: run "roster remap".`,
      ),
    };
  },
});
