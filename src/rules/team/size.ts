/**
 * team.size: a team has fewer or more members than configured (defaults from
 * DOMAIN.md: 3–10 for a neighbourhood team, 3–15 for a ward-level team).
 * Members who left before the period end do not count.
 */
import { msg } from '../../text/i18n.js';
import { blank, type Rule } from '../rule.js';

export const rule: Rule = {
  id: 'team.size',
  severity: 'warning',
  scope: 'roster',
  title: msg('Số thành viên của tổ ngoài khoảng cho phép', 'Team size outside the allowed range'),
  options: {
    neighbourhoodMin: { type: 'integer', min: 0, default: 3, description: msg('tối thiểu, tổ khu phố/ấp', 'minimum, neighbourhood team') },
    neighbourhoodMax: { type: 'integer', min: 1, default: 10, description: msg('tối đa, tổ khu phố/ấp', 'maximum, neighbourhood team') },
    wardMin: { type: 'integer', min: 0, default: 3, description: msg('tối thiểu, tổ cấp phường/xã', 'minimum, ward-level team') },
    wardMax: { type: 'integer', min: 1, default: 15, description: msg('tối đa, tổ cấp phường/xã', 'maximum, ward-level team') },
  },
  create(ctx) {
    const o = ctx.options as Record<'neighbourhoodMin' | 'neighbourhoodMax' | 'wardMin' | 'wardMax', number>;
    return {
      end() {
        // Teams outside the narrower of the two ranges; the kind of team decides below.
        const lo = Math.max(o.neighbourhoodMin, o.wardMin);
        const hi = Math.min(o.neighbourhoodMax, o.wardMax);
        const maybe = ctx.teams().filter((g) => g.members < lo || g.members > hi);
        const first = new Map(ctx.rowsById(maybe.map((g) => g.firstId)).map((r) => [r.id, r]));
        for (const g of maybe) {
          const r = first.get(g.firstId);
          if (!r) continue;
          const team = ctx.team(r.team_id);
          const wardLevel = team ? team.neighbourhoodKey === '' : blank(r.neighbourhood);
          const [min, max] = wardLevel ? [o.wardMin, o.wardMax] : [o.neighbourhoodMin, o.neighbourhoodMax];
          if (g.members >= min && g.members <= max) continue;
          const label = ctx.teamLabel(r);
          ctx.emit(r, {
            value: String(g.members),
            message: msg(`${label.vi} có ${g.members} thành viên, ngoài khoảng ${min}–${max}.`, `${label.en} has ${g.members} members, outside ${min}–${max}.`),
          });
        }
      },
    };
  },
};
