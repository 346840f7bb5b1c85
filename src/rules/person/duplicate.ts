/**
 * person.duplicate: the same person (the same member: 12-digit ID, else name +
 * date of birth) appears on more than one row of the period's roster. Each
 * later row is reported, pointing at the first.
 */
import { fold } from '../../text/fold.js';
import { msg } from '../../text/i18n.js';
import { blank, type RosterRow, type Rule } from '../rule.js';

export const rule: Rule = {
  id: 'person.duplicate',
  severity: 'error',
  scope: 'roster',
  title: msg('Một người xuất hiện nhiều lần', 'The same person appears more than once'),
  create(ctx) {
    const report = (rows: RosterRow[]) => {
      rows.sort((a, b) => a.id - b.id);
      const [first, ...rest] = rows;
      if (!first) return;
      const w = ctx.where(first);
      for (const r of rest) {
        const byId = !blank(r.person_id);
        const who = byId ? (r.person_id as string) : `${r.full_name ?? ''} (${r.dob ?? '?'})`;
        ctx.emit(r, {
          field: byId ? 'person_id' : 'full_name',
          value: byId ? r.person_id : r.full_name,
          message: msg(
            `${who} đã có trong danh sách (${w.vi}); mỗi người chỉ ở một tổ, trên một dòng.`,
            `${who} is already on the roster (${w.en}); each person belongs in one team, on one row.`,
          ),
        });
      }
    };
    return {
      end() {
        // Rows linked to a member: the groups the engine gathered in its pass.
        const groups = ctx.memberGroups();
        if (groups.length > 0) {
          const rows = new Map(ctx.rowsById(groups.flat()).map((r) => [r.id, r]));
          for (const ids of groups) report(ids.map((id) => rows.get(id)).filter((r): r is RosterRow => r !== undefined));
        }
        // Rows not linked to a member (should not happen after an import): the importer's identity.
        const loose = ctx.rowsById(ctx.rowsWithoutMember());
        const byKey = new Map<string, RosterRow[]>();
        for (const r of loose) {
          const key = r.person_id && /^\d{12}$/.test(r.person_id) ? `id:${r.person_id}` : !blank(r.full_name) ? `nd:${fold(r.full_name as string)}|${r.dob ?? ''}` : null;
          if (!key) continue;
          const l = byKey.get(key);
          if (l) l.push(r);
          else byKey.set(key, [r]);
        }
        for (const rows of byKey.values()) if (rows.length > 1) report(rows);
      },
    };
  },
};
