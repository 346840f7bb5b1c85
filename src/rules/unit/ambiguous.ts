/** unit.ambiguous: several units match (e.g. "Phường 1" without its district). */
import { msg } from '../../text/i18n.js';
import { resolutionRule, wardField, wardValue } from './common.js';

export const rule = resolutionRule({
  id: 'unit.ambiguous',
  severity: 'error',
  title: msg('Nhiều đơn vị trùng tên', 'Several units match'),
  status: 'ambiguous',
  emission(r, u, s) {
    const list = (s.candidates ?? []).map((c) => (c.parent ? `${c.name} – ${c.parent}` : c.name)).join('; ');
    return {
      field: wardField(r),
      value: wardValue(r),
      suggestion: s,
      message: msg(
        `"${u.text}" khớp với ${u.candidates.length} đơn vị: ${list}. Ghi thêm cột Quận/Huyện hoặc mã phường/xã.`,
        `"${u.text}" matches ${u.candidates.length} units: ${list}. Add the district column or the ward code.`,
      ),
    };
  },
});
