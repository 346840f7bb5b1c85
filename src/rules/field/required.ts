/** field.required: a required value (full name, role, ward) is blank. */
import { FIELD_LABELS } from '../../roster/fields.js';
import { msg } from '../../text/i18n.js';
import { blank, sqlBlank, type Rule } from '../rule.js';

export const rule: Rule = {
  id: 'field.required',
  severity: 'error',
  scope: 'row',
  title: msg('Thiếu giá trị bắt buộc', 'A required value is blank'),
  prefilter: () => `(${sqlBlank('full_name')} OR ${sqlBlank('role')} OR (${sqlBlank('ward')} AND ${sqlBlank('ward_code')}))`,
  create(ctx) {
    const need = (label: { vi: string; en: string }) => msg(`Thiếu "${label.vi}" (bắt buộc).`, `"${label.en}" is blank (required).`);
    return {
      row(r) {
        if (blank(r.full_name)) ctx.emit(r, { field: 'full_name', value: r.full_name, message: need(FIELD_LABELS.full_name) });
        if (blank(r.role)) ctx.emit(r, { field: 'role', value: r.role, message: need(FIELD_LABELS.role) });
        if (blank(r.ward) && blank(r.ward_code)) ctx.emit(r, { field: 'ward', value: r.ward, message: need(FIELD_LABELS.ward) });
      },
    };
  },
};
