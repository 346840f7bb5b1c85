/**
 * unit.retired.unknown-successor: the ward vanished between two code lists
 * and no succession is known (e.g. codes of the former Bà Rịa – Vũng Tàu
 * between the lists of 2024-11 and 2025-03). A decision like a divided ward;
 * the candidates are today's units of the same district.
 */
import { msg } from '../../text/i18n.js';
import { withDistrict } from '../../units/chain.js';
import { parentIn, resolutionRule, wardField, wardValue, retiredUnit } from './common.js';

export const rule = resolutionRule({
  id: 'unit.retired.unknown-successor',
  severity: 'warning',
  title: msg('Đơn vị không còn, chưa rõ đơn vị kế thừa', 'Unit vanished with no known successor'),
  status: 'retired.unknown-successor',
  emission(r, u, s, ctx) {
    const from = retiredUnit(u);
    const where = withDistrict(from, parentIn(ctx));
    const near = u.candidates.map((c) => c.name).join(', ');
    return {
      field: wardField(r),
      value: wardValue(r),
      suggestion: s,
      message: msg(
        `${where} (mã ${from.code}, danh mục ${from.vintage}) không còn trong danh mục sau và chưa có dữ liệu về đơn vị kế thừa.${near ? ` Các đơn vị hiện nay của cùng quận/huyện: ${near}.` : ''} Cần quyết định tổ này thuộc phường/xã nào: chạy "roster remap".`,
        `${where} (code ${from.code}, list of ${from.vintage}) is not in the next list and no succession is known.${near ? ` Today's units of the same district: ${near}.` : ''} Decide which ward this team belongs to: run "roster remap".`,
      ),
    };
  },
});
