/** unit.ambiguous: several units match (e.g. "Phường 1" without its district). */
import { msg } from '../../text/i18n.js';
import { type Rule } from '../rule.js';
import type { Suggestion } from '../types.js';
import { candidate, wardField, wardValue, untrusted } from './common.js';

export const rule: Rule = {
  id: 'unit.ambiguous',
  severity: 'error',
  scope: 'row',
  title: msg('Nhiều đơn vị trùng tên', 'Several units match'),
  screen: () => untrusted,
  create(ctx) {
    const suggestions = new WeakMap<object, Suggestion>();
    return {
      row(r) {
        if (ctx.unitTrusted(r)) return;
        const u = ctx.unitOf(r);
        if (u.status !== 'ambiguous') return;
        let s = suggestions.get(u);
        if (!s) {
          s = { candidates: u.candidates.map((c) => candidate(c, ctx)) };
          suggestions.set(u, s);
        }
        const list = (s.candidates ?? []).map((c) => (c.parent ? `${c.name} – ${c.parent}` : c.name)).join('; ');
        ctx.emit(r, {
          field: wardField(r),
          value: wardValue(r),
          suggestion: s,
          message: msg(
            `"${u.text}" khớp với ${u.candidates.length} đơn vị: ${list}. Ghi thêm cột Quận/Huyện hoặc mã phường/xã.`,
            `"${u.text}" matches ${u.candidates.length} units: ${list}. Add the district column or the ward code.`,
          ),
        });
      },
    };
  },
};
