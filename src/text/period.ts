/** Periods are calendar months, written YYYY-MM. */
import { UsageError } from '../errors.js';
import { msg } from './i18n.js';

export function parsePeriod(s: string): string {
  const m = /^(\d{4})-(\d{2})$/.exec(s.trim());
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 12) {
    throw new UsageError(
      msg(`Kỳ báo cáo "${s}" không hợp lệ.`, `Invalid period "${s}".`),
      msg('Viết kỳ theo dạng NĂM-THÁNG, ví dụ --period 2026-11.', 'Write the period as YEAR-MONTH, e.g. --period 2026-11.'),
    );
  }
  return `${m[1]}-${m[2]}`;
}

export function periodOf(d: Date): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;
}

/** ISO date of the last day of the period. */
export function periodEnd(period: string): string {
  const [y, m] = period.split('-').map(Number);
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return `${period}-${String(last).padStart(2, '0')}`;
}

export function periodStart(period: string): string {
  return `${period}-01`;
}
