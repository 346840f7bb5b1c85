/** team.leader.multiple: a team has more than one leader (tổ trưởng); each extra leader's row is reported. */
import { msg } from '../../text/i18n.js';
import type { Rule } from '../rule.js';

export const rule: Rule = {
  id: 'team.leader.multiple',
  severity: 'error',
  scope: 'roster',
  title: msg('Tổ có nhiều tổ trưởng', 'Team with several leaders'),
  create(ctx) {
    return {
      end() {
        const multiple = ctx.teams().filter((g) => g.leaders >= 2 && g.leaderIds);
        const rows = new Map(ctx.rowsById(multiple.flatMap((g) => g.leaderIds as number[])).map((r) => [r.id, r]));
        for (const g of multiple) {
          const leaders = (g.leaderIds as number[]).map((id) => rows.get(id)).filter((r) => r !== undefined);
          const first = leaders[0];
          if (!first) continue;
          const label = ctx.teamLabel(first);
          const w = ctx.where(first);
          for (const r of leaders.slice(1)) {
            ctx.emit(r, {
              field: 'role',
              value: r.role,
              message: msg(
                `${label.vi} đã có tổ trưởng (${w.vi}); mỗi tổ chỉ có một tổ trưởng, người này nên là tổ phó hoặc thành viên.`,
                `${label.en} already has a leader (${w.en}); a team has one leader, so this person should be a deputy or a member.`,
              ),
            });
          }
        }
      },
    };
  },
};
