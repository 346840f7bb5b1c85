/** person.id.repaired: the importer restored the leading zero Excel dropped from the ID. */
import { msg } from '../../text/i18n.js';
import { hasRepair, type Rule } from '../rule.js';

export const rule: Rule = {
  id: 'person.id.repaired',
  severity: 'warning',
  scope: 'row',
  title: msg('Đã khôi phục số 0 đầu của số CCCD', 'Leading zero of the personal ID restored'),
  prefilter: () => `(repairs IS NOT NULL AND instr(repairs, 'person_id:repaired') > 0)`,
  create(ctx) {
    return {
      row(r) {
        if (!hasRepair(r, 'person_id:repaired')) return;
        ctx.emit(r, {
          field: 'person_id',
          value: r.person_id,
          suggestion: r.person_id ? { value: r.person_id } : undefined,
          message: msg(
            `Excel đã lưu số CCCD dưới dạng số và làm mất số 0 đầu; đã khôi phục thành ${r.person_id}. Hãy định dạng cột là Văn bản (Text) trong tệp gốc.`,
            `Excel stored the personal ID as a number and dropped its leading zero; restored as ${r.person_id}. Format the column as Text in the source file.`,
          ),
        });
      },
    };
  },
};
