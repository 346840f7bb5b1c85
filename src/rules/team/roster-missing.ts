/**
 * team.roster.missing: a team expected this period has sent no roster
 * (DECISIONS § Periods and the month's completeness; the expected teams are
 * defined with joined / left / moved in src/month/changes.ts). Its people count
 * neither as members nor as having left until the roster arrives, the team is
 * closed (`roster teams close`), or the clerk accepts its absence
 * (`report monthly --accept-missing`).
 */
import { monthChanges, previousPeriod } from '../../month/changes.js';
import { teamLabeller } from '../../month/describe.js';
import { msg } from '../../text/i18n.js';
import type { Rule } from '../rule.js';

export const rule: Rule = {
  id: 'team.roster.missing',
  severity: 'error',
  scope: 'roster',
  title: msg('Tổ chưa nộp danh sách trong kỳ', 'An expected team sent no roster this period'),
  create(ctx) {
    return {
      end() {
        // The first period with rosters expects only the teams it has; a period with no roster at all is
        // not a roster to check (report monthly refuses it, exit 2).
        if (previousPeriod(ctx.db, ctx.period) === null) return;
        if (!ctx.db.prepare('SELECT 1 FROM source_rows WHERE period = ? AND superseded_by IS NULL LIMIT 1').get(ctx.period)) return;
        const c = monthChanges(ctx.db, ctx.period);
        if (c.teams.missing.length === 0) return;
        const label = teamLabeller(ctx.db);
        const pending = new Map<number, number>();
        for (const p of c.pending) pending.set(p.teamId, (pending.get(p.teamId) ?? 0) + 1);
        for (const id of c.teams.missing) {
          const t = label(id);
          const n = pending.get(id) ?? 0;
          ctx.emit(null, {
            value: String(id),
            message: msg(
              `Chưa nộp danh sách: ${t.label} (mã tổ ${id}) có ${n} thành viên ở kỳ ${c.previous ?? '-'} nhưng chưa có danh sách kỳ ${ctx.period}. Nhập danh sách của tổ, giải thể tổ bằng "roster teams close ${id} --from ${ctx.period}", hoặc chấp nhận bằng "--accept-missing ${id}".`,
              `Roster not received: ${t.label} (team id ${id}) had ${n} members in ${c.previous ?? '-'} but has no roster for ${ctx.period}. Import its roster, close the team with "roster teams close ${id} --from ${ctx.period}", or accept with "--accept-missing ${id}".`,
            ),
          });
        }
      },
    };
  },
};
