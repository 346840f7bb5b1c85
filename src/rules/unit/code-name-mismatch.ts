/** unit.code-name-mismatch: the ward code and the ward name denote different units in every code list. */
import { msg } from '../../text/i18n.js';
import { type Rule } from '../rule.js';
import type { Suggestion } from '../types.js';
import { candidate, untrusted } from './common.js';

export const rule: Rule = {
  id: 'unit.code-name-mismatch',
  severity: 'error',
  scope: 'row',
  title: msg('Mã và tên đơn vị không khớp', 'Ward code and name disagree'),
  screen: () => untrusted,
  create(ctx) {
    const suggestions = new WeakMap<object, Suggestion>();
    return {
      row(r) {
        if (ctx.unitTrusted(r)) return;
        const u = ctx.unitOf(r);
        if (u.status !== 'code-name-mismatch') return;
        let s = suggestions.get(u);
        if (!s) {
          s = { candidates: u.candidates.map((c) => candidate(c, ctx)) };
          suggestions.set(u, s);
        }
        const list = u.candidates.map((c) => `${c.code} = ${c.name} (${c.vintage})`).join('; ');
        ctx.emit(r, {
          field: 'ward_code',
          value: r.ward_code,
          suggestion: s,
          message: msg(
            `Mã ${r.ward_code ?? ''} và tên "${r.ward ?? ''}" không cùng chỉ một đơn vị trong bất kỳ danh mục nào${list ? ` (${list})` : ''}. Sửa mã hoặc tên.`,
            `Code ${r.ward_code ?? ''} and name "${r.ward ?? ''}" denote different units in every code list${list ? ` (${list})` : ''}. Correct the code or the name.`,
          ),
        });
      },
    };
  },
};
