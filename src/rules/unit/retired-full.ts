/** unit.retired.full: the ward was merged whole into one successor; `roster remap --auto` moves its teams. */
import { msg } from '../../text/i18n.js';
import { type Rule } from '../rule.js';
import type { Suggestion } from '../types.js';
import { basis, candidate, movedMsg, remappedTo, unitLabel, wardField, wardValue, untrusted } from './common.js';

export const rule: Rule = {
  id: 'unit.retired.full',
  severity: 'warning',
  scope: 'row',
  title: msg('Đơn vị đã sáp nhập toàn bộ', 'Unit merged whole into a successor'),
  screen: () => untrusted,
  create(ctx) {
    const suggestions = new WeakMap<object, Suggestion>();
    return {
      row(r) {
        if (ctx.unitTrusted(r)) return;
        const u = ctx.unitOf(r);
        if (u.status !== 'retired.full' || !u.unit) return;
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
        const to = u.successors[0];
        const b = to ? basis(to) : { vi: '', en: '' };
        ctx.emit(r, {
          field: wardField(r),
          value: wardValue(r),
          suggestion: s,
          message: to
            ? msg(
                `${unitLabel(u.unit, true)} đã sáp nhập toàn bộ vào ${unitLabel(to.unit)} từ ${to.effective}${b.vi}. Chạy "roster remap --auto" để chuyển tổ.`,
                `${unitLabel(u.unit, true)} was merged whole into ${unitLabel(to.unit)} on ${to.effective}${b.en}. Run "roster remap --auto" to move the team.`,
              )
            : msg(`${unitLabel(u.unit, true)} không còn tồn tại.`, `${unitLabel(u.unit, true)} no longer exists.`),
        });
      },
    };
  },
};
