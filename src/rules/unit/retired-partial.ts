/**
 * unit.retired.partial: the ward was divided among several successors, or a
 * part of it went elsewhere at some step of a chain of reorganisations; a
 * decision per team is needed (`roster remap`), every candidate (a unit in
 * force) with its way there and legal basis.
 */
import { msg } from '../../text/i18n.js';
import { explainChain, isChain } from '../../units/chain.js';
import { parentIn, resolutionRule, unitLabel, wardField, wardValue, retiredUnit } from './common.js';

const DECIDE = msg('Cần quyết định tổ này thuộc phường/xã mới nào: chạy "roster remap".', 'Decide which new ward this team now belongs to: run "roster remap".');

export const rule = resolutionRule({
  id: 'unit.retired.partial',
  severity: 'error',
  title: msg('Đơn vị đã bị chia cho nhiều đơn vị mới', 'Unit divided among several successors'),
  status: 'retired.partial',
  emission(r, u, s, ctx) {
    const from = retiredUnit(u);
    const names = u.successors.map((l) => unitLabel(l.unit)).join(', ');
    const lb = [...new Set(u.successors.map((l) => l.legalBasis).filter(Boolean))].join(', ');
    let message = msg(
      `${unitLabel(from, true)} đã được chia cho: ${names}${lb ? ` (${lb})` : ''}. ${DECIDE.vi}`,
      `${unitLabel(from, true)} was divided among: ${names}${lb ? ` (${lb})` : ''}. ${DECIDE.en}`,
    );
    if (u.successors.some(isChain)) {
      const ways = u.successors.map((l) => explainChain(from, l, parentIn(ctx)));
      message = msg(
        `${unitLabel(from, true)} không còn nguyên vẹn: ${ways.map((w) => w.vi).join('; ')}. ${DECIDE.vi}`,
        `${unitLabel(from, true)} did not stay whole: ${ways.map((w) => w.en).join('; ')}. ${DECIDE.en}`,
      );
    }
    return { field: wardField(r), value: wardValue(r), suggestion: s, message };
  },
});
