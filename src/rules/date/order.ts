/** date.order: the date a member left the team is before the date they joined. */
import { msg } from '../../text/i18n.js';
import type { Rule } from '../rule.js';

const ISO = /^\d{4}-\d{2}-\d{2}$/;

export const rule: Rule = {
  id: 'date.order',
  severity: 'error',
  scope: 'row',
  title: msg('Ngày rời tổ trước ngày tham gia', 'Left before joining'),
  prefilter: () => `(left_on < joined_on)`,
  create(ctx) {
    return {
      row(r) {
        const j = r.joined_on;
        const l = r.left_on;
        if (!j || !l || !ISO.test(j) || !ISO.test(l) || l >= j) return;
        ctx.emit(r, {
          field: 'left_on',
          value: l,
          message: msg(`Ngày rời tổ ${l} trước ngày tham gia ${j}.`, `Left on ${l}, before joining on ${j}.`),
        });
      },
    };
  },
};
