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
    const { where, params } = ctx.roster;
    const report = (rows: RosterRow[]) => {
      rows.sort((a, b) => a.id - b.id);
      const [first, ...rest] = rows;
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
        // Rows linked to a member: one aggregate query.
        const dup = ctx.db
          .prepare(`SELECT member_id, group_concat(id) AS ids FROM source_rows WHERE ${where} AND member_id IS NOT NULL GROUP BY member_id HAVING count(*) > 1`)
          .all(...params) as { member_id: number; ids: string }[];
        for (const d of dup) report(ctx.rowsById(d.ids.split(',').map(Number)));
        // Rows not linked to a member (should not happen after an import): the importer's identity.
        const loose = ctx.db.prepare(`SELECT id, person_id, full_name, dob FROM source_rows WHERE ${where} AND member_id IS NULL`).all(...params) as {
          id: number;
          person_id: string | null;
          full_name: string | null;
          dob: string | null;
        }[];
        const byKey = new Map<string, number[]>();
        for (const r of loose) {
          const key =
            r.person_id && /^\d{12}$/.test(r.person_id) ? 'id:' + r.person_id : !blank(r.full_name) ? 'nd:' + fold(r.full_name as string) + '|' + (r.dob ?? '') : null;
          if (!key) continue;
          const l = byKey.get(key);
          if (l) l.push(r.id);
          else byKey.set(key, [r.id]);
        }
        for (const ids of byKey.values()) if (ids.length > 1) report(ctx.rowsById(ids));
      },
    };
  },
};
