/**
 * text.mixed-script: a name (person, khu phố, ward) that mixes Latin letters
 * with Cyrillic or Greek look-alikes. The team key folds the letters of the
 * look-alike table (src/text/scripts.ts), so the row still lands in the right
 * team; the finding asks the clerk to retype the name.
 */
import { msg } from '../../text/i18n.js';
import { foreignLetters, isMixedScript } from '../../text/scripts.js';
import type { Field } from '../../roster/fields.js';
import type { RosterRow, Rule } from '../rule.js';

/** Greek and Cyrillic blocks (U+0370–U+052F): the rows worth reading. */
const GLOB = "'*[Ͱ-ԯ]*'";
const FIELDS: { column: 'full_name' | 'neighbourhood' | 'ward'; field: Field; vi: string; en: string }[] = [
  { column: 'full_name', field: 'full_name', vi: 'Họ và tên', en: 'Name' },
  { column: 'neighbourhood', field: 'neighbourhood', vi: 'Khu phố/Ấp', en: 'Neighbourhood' },
  { column: 'ward', field: 'ward', vi: 'Phường/Xã', en: 'Ward' },
];

export const rule: Rule = {
  id: 'text.mixed-script',
  severity: 'warning',
  scope: 'roster',
  title: msg('Tên lẫn chữ Kirin hoặc Hy Lạp', 'A name mixes scripts (Cyrillic or Greek look-alikes)'),
  create(ctx) {
    return {
      end() {
        // One query over the period's rows; GLOB narrows to rows with a Greek or Cyrillic letter.
        const where = FIELDS.map((f) => `${f.column} GLOB ${GLOB}`).join(' OR ');
        const rows = ctx.db.prepare(`SELECT * FROM source_rows WHERE ${ctx.roster.where} AND (${where}) ORDER BY id`).all(...ctx.roster.params) as RosterRow[];
        for (const r of rows) {
          for (const f of FIELDS) {
            const v = r[f.column];
            if (!isMixedScript(v)) continue;
            const letters = foreignLetters(v as string).join(' ');
            ctx.emit(r, {
              field: f.field,
              value: v,
              message: msg(
                `${f.vi} "${v}" lẫn chữ cái Kirin/Hy Lạp trông giống chữ Latin (${letters}): gõ lại bằng bàn phím tiếng Việt.`,
                `${f.en} "${v}" mixes Cyrillic/Greek letters that look Latin (${letters}): retype it with a Vietnamese keyboard.`,
              ),
            });
          }
        }
      },
    };
  },
};
