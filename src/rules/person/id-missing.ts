/** person.id.missing: no personal ID; the person is identified by name + date of birth. */
import { msg } from '../../text/i18n.js';
import { blank, type Rule } from '../rule.js';

export const rule: Rule = {
  id: 'person.id.missing',
  severity: 'warning',
  scope: 'row',
  title: msg('Không có số CCCD', 'No personal ID'),
  screen: () => (v) => blank(v.person_id),
  create(ctx) {
    return {
      row(r) {
        if (!blank(r.person_id) || blank(r.full_name)) return;
        ctx.emit(r, {
          field: 'person_id',
          value: r.person_id,
          message: msg(
            'Không có số CCCD: người này được nhận diện bằng họ tên và ngày sinh, dễ trùng hoặc tách nhầm. Bổ sung số CCCD 12 chữ số.',
            'No personal ID: this person is identified by name and date of birth, which can merge or split people by mistake. Add the 12-digit ID.',
          ),
        });
      },
    };
  },
};
