/** team.leader.missing: a team has no leader (tổ trưởng). */
import { msg } from '../../text/i18n.js';
import type { Rule } from '../rule.js';

export const rule: Rule = {
  id: 'team.leader.missing',
  severity: 'error',
  scope: 'roster',
  title: msg('Tổ chưa có tổ trưởng', 'Team without a leader'),
  create(ctx) {
    return {
      end() {
        const bad = ctx.teams().filter((g) => g.leaders === 0 && g.members > 0);
        const first = new Map(ctx.rowsById(bad.map((g) => g.firstId)).map((r) => [r.id, r]));
        for (const g of bad) {
          const r = first.get(g.firstId);
          if (!r) continue;
          const label = ctx.teamLabel(r);
          ctx.emit(r, {
            field: 'role',
            value: r.role,
            message: msg(
              `${label.vi} chưa có tổ trưởng (${g.members} thành viên); mỗi tổ cần đúng một tổ trưởng.`,
              `${label.en} has no leader (${g.members} members); every team needs exactly one leader (tổ trưởng).`,
            ),
          });
        }
      },
    };
  },
};
