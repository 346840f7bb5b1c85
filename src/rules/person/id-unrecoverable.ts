/** person.id.unrecoverable: the ID was saved in scientific notation; its digits are lost. */
import { msg } from '../../text/i18n.js';
import { hasRepair, type Rule } from '../rule.js';

export const rule: Rule = {
  id: 'person.id.unrecoverable',
  severity: 'error',
  scope: 'row',
  title: msg('Số CCCD bị mất chữ số', 'Personal ID digits lost'),
  prefilter: () => `(repairs IS NOT NULL AND instr(repairs, 'person_id:unrecoverable') > 0)`,
  create(ctx) {
    return {
      row(r) {
        if (!hasRepair(r, 'person_id:unrecoverable')) return;
        ctx.emit(r, {
          field: 'person_id',
          value: r.person_id,
          message: msg(
            `Số CCCD "${r.person_id ?? ''}" đã bị Excel làm tròn thành dạng số mũ: các chữ số đã mất, không thể đoán lại. Nhập lại số CCCD từ giấy tờ gốc.`,
            `Personal ID "${r.person_id ?? ''}" was rounded by Excel into scientific notation: its digits are gone and cannot be guessed. Type the ID again from the original document.`,
          ),
        });
      },
    };
  },
};
