/**
 * team.duplicate-neighbourhood: two teams claim the same neighbourhood of the
 * same ward, typically after a merger (both "Khu phố 1" of two old wards now in
 * one new ward). A team of a ward merged whole counts under its successor
 * already, so the clash shows before `roster remap` moves it.
 */
import { fold } from '../../text/fold.js';
import { msg } from '../../text/i18n.js';
import { blank, type RosterRow, type Rule } from '../rule.js';

export const rule: Rule = {
  id: 'team.duplicate-neighbourhood',
  severity: 'error',
  scope: 'roster',
  title: msg('Hai tổ cùng một khu phố/ấp', 'Two teams claim the same neighbourhood'),
  create(ctx) {
    const effective = (unitId: number): number => {
      let id = unitId;
      for (let i = 0; i < 4 && !ctx.isCurrent(id); i++) {
        const u = ctx.unit(id);
        const s = u ? ctx.successors(u) : [];
        const only = s.length === 1 ? s[0] : undefined;
        if (only?.kind !== 'full') break;
        id = only.unit.id;
      }
      return id;
    };
    return {
      end() {
        const groups = ctx.teams();
        const claims = new Map<string, number[]>();
        const standIns: number[] = [];
        for (const g of groups) {
          const team = ctx.team(g.teamId);
          if (!team) {
            standIns.push(g.firstId);
            continue;
          }
          const claim = team.unitId !== null ? `u${effective(team.unitId)}|${team.neighbourhoodKey}` : `t${team.unitText}|${team.neighbourhoodKey}`;
          const list = claims.get(claim);
          if (list) list.push(g.firstId);
          else claims.set(claim, [g.firstId]);
        }
        // Rows without a team: by ward and neighbourhood as written, across files.
        for (const r of ctx.rowsById(standIns)) {
          const claim = `t${fold(r.ward || r.ward_code || '')}|${blank(r.neighbourhood) ? '' : fold(r.neighbourhood as string)}`;
          const list = claims.get(claim);
          if (list) list.push(r.id);
          else claims.set(claim, [r.id]);
        }
        const clashes = [...claims.values()].filter((l) => l.length > 1);
        if (clashes.length === 0) return;
        const rows = new Map<number, RosterRow>(ctx.rowsById(clashes.flat()).map((r) => [r.id, r]));
        for (const ids of clashes) {
          const sorted = ids.map((id) => rows.get(id)).filter((r): r is RosterRow => r !== undefined);
          sorted.sort((a, b) => a.id - b.id);
          const [first, ...rest] = sorted;
          if (!first) continue;
          const firstLabel = ctx.teamLabel(first);
          const w = ctx.where(first);
          for (const r of rest) {
            const label = ctx.teamLabel(r);
            ctx.emit(r, {
              field: blank(r.neighbourhood) ? 'ward' : 'neighbourhood',
              value: blank(r.neighbourhood) ? r.ward : r.neighbourhood,
              message: msg(
                `${label.vi} trùng khu phố/ấp với một tổ khác của cùng phường/xã (${firstLabel.vi}, ${w.vi}). Đặt tên phân biệt hoặc hợp nhất hai tổ bằng quyết định của phường/xã.`,
                `${label.en} claims the same neighbourhood of the same ward as another team (${firstLabel.en}, ${w.en}). Give them distinct names or consolidate them by a ward decision.`,
              ),
            });
          }
        }
      },
    };
  },
};
