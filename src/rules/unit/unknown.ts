/** unit.unknown: no unit matches the ward reference; the suggestion lists the closest names. */
import { msg } from '../../text/i18n.js';
import { resolutionRule, wardField, wardValue } from './common.js';

export const rule = resolutionRule({
  id: 'unit.unknown',
  severity: 'error',
  title: msg('Không tìm thấy đơn vị', 'No unit matches'),
  status: 'unknown',
  // A blank ward is field.required's finding, not this one.
  applies: (r) => Boolean(r.ward?.trim() || r.ward_code?.trim()),
  emission(r, u, s) {
    const near = u.candidates.map((c) => c.name).join(', ');
    return {
      field: wardField(r),
      value: wardValue(r),
      suggestion: s,
      message: near
        ? msg(`Không tìm thấy đơn vị "${u.text}". Gần nhất: ${near}.`, `No unit matches "${u.text}". Closest: ${near}.`)
        : msg(
            `Không tìm thấy đơn vị "${u.text}" (đã nạp danh mục đơn vị chưa? "roster units import").`,
            `No unit matches "${u.text}" (is the unit reference loaded? "roster units import").`,
          ),
    };
  },
});
