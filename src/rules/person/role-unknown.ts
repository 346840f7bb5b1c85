/** person.role.unknown: the role is none of Tổ trưởng / Tổ phó / Thành viên; counted as a member. */
import { msg } from '../../text/i18n.js';
import { blank, type Rule } from '../rule.js';

export const rule: Rule = {
  id: 'person.role.unknown',
  severity: 'warning',
  scope: 'row',
  title: msg('Chức danh không rõ', 'Unknown role'),
  prefilter: () => `role NOT IN ('leader', 'deputy', 'member')`,
  create(ctx) {
    return {
      row(r) {
        const v = r.role;
        if (blank(v) || v === 'leader' || v === 'deputy' || v === 'member') return;
        ctx.emit(r, {
          field: 'role',
          value: v,
          message: msg(
            `Chức danh "${v}" không rõ; dùng Tổ trưởng, Tổ phó hoặc Thành viên. Tạm tính là thành viên.`,
            `Role "${v}" is not recognised; use Tổ trưởng (leader), Tổ phó (deputy) or Thành viên (member). Counted as a member.`,
          ),
        });
      },
    };
  },
};
