/**
 * unit.retired.partial: the ward was divided among several successors; a
 * decision per team is needed (`roster remap`), every candidate with its legal basis.
 */
import { msg } from '../../text/i18n.js';
import { type Rule } from '../rule.js';
import type { Suggestion } from '../types.js';
import { candidate, movedMsg, remappedTo, unitLabel, wardField, wardValue, untrusted } from './common.js';

export const rule: Rule = {
  id: 'unit.retired.partial',
  severity: 'error',
  scope: 'row',
  title: msg('Đơn vị đã bị chia cho nhiều đơn vị mới', 'Unit divided among several successors'),
  screen: () => untrusted,
  create(ctx) {
    const suggestions = new WeakMap<object, Suggestion>();
    return {
      row(r) {
        if (ctx.unitTrusted(r)) return;
        const u = ctx.unitOf(r);
        if (u.status !== 'retired.partial' || !u.unit) return;
        const moved = remappedTo(r, u.unit, ctx);
        if (moved) {
          ctx.emit(r, { field: wardField(r), value: wardValue(r), severity: 'info', message: movedMsg(u.unit, moved) });
          return;
        }
        let s = suggestions.get(u);
        if (!s) {
          s = { candidates: u.successors.map((l) => candidate(l.unit, ctx, l)) };
          suggestions.set(u, s);
        }
        const names = u.successors.map((l) => unitLabel(l.unit)).join(', ');
        const lb = [...new Set(u.successors.map((l) => l.legalBasis).filter(Boolean))].join(', ');
        ctx.emit(r, {
          field: wardField(r),
          value: wardValue(r),
          suggestion: s,
          message: msg(
            `${unitLabel(u.unit, true)} đã được chia cho: ${names}${lb ? ` (${lb})` : ''}. Cần quyết định tổ này thuộc phường/xã mới nào: chạy "roster remap".`,
            `${unitLabel(u.unit, true)} was divided among: ${names}${lb ? ` (${lb})` : ''}. Decide which new ward this team now belongs to: run "roster remap".`,
          ),
        });
      },
    };
  },
};
