/**
 * A unit as the `units` commands print it: where it lies and the way from an
 * old unit to the one in force today.
 */
import type { Lang } from '../text/i18n.js';
import { dmy } from './chain.js';
import type { Became, UnitBrief } from './search.js';

/** "Quận 3, Thành phố Hồ Chí Minh": the district and province a unit lies in, as far as known. */
export function place(u: UnitBrief): string {
  return [u.district, u.province].filter((x): x is string => Boolean(x)).join(', ');
}

/** "Phường 9 (01/01/2025, 1278/…) → Phường Khánh Hội (01/07/2025, 1685/…)": the way to a unit in force. */
export function becameText(b: Became, lang: Lang): string {
  const steps = b.steps.filter((s) => !s.same);
  const part = lang === 'vi' ? ', một phần' : ', in part';
  const way = steps.map((s) => `${s.name} (${s.code}; ${[dmy(s.effective), s.legalBasis].filter(Boolean).join(', ')}${s.kind === 'partial' ? part : ''})`).join(' → ');
  return way || `${b.name} (${b.code})`;
}
