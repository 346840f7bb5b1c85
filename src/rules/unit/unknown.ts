/** unit.unknown: no unit matches the ward reference; the suggestion lists the closest names. */
import { msg } from '../../text/i18n.js';
import { type Rule } from '../rule.js';
import type { Suggestion } from '../types.js';
import { candidate, wardField, wardValue, untrusted } from './common.js';

export const rule: Rule = {
  id: 'unit.unknown',
  severity: 'error',
  scope: 'row',
  title: msg('Không tìm thấy đơn vị', 'No unit matches'),
  screen: () => untrusted,
  create(ctx) {
    const suggestions = new WeakMap<object, Suggestion>();
    return {
      row(r) {
        if (ctx.unitTrusted(r)) return;
        const u = ctx.unitOf(r);
        if (u.status !== 'unknown' || (!r.ward?.trim() && !r.ward_code?.trim())) return;
        let s = suggestions.get(u);
        if (!s) {
          s = { candidates: u.candidates.map((c) => candidate(c, ctx)) };
          suggestions.set(u, s);
        }
        const near = u.candidates.map((c) => c.name).join(', ');
        ctx.emit(r, {
          field: wardField(r),
          value: wardValue(r),
          suggestion: s,
          message: near
            ? msg(`Không tìm thấy đơn vị "${u.text}". Gần nhất: ${near}.`, `No unit matches "${u.text}". Closest: ${near}.`)
            : msg(
                `Không tìm thấy đơn vị "${u.text}" (đã nạp danh mục đơn vị chưa? "roster units import").`,
                `No unit matches "${u.text}" (is the unit reference loaded? "roster units import").`,
              ),
        });
      },
    };
  },
};
