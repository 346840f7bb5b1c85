/**
 * Periods are calendar months, written YYYY-MM. One parser serves every flag
 * that takes a period (`--period`, `--from`, `--to`, `--prefill`, …):
 * whitespace around the value is trimmed, anything else is exit 2.
 *
 * A roster's period can also be read from its file name ("2026-11",
 * "11-2026", "T11.2026", "thang-11-2026", "tháng 11 năm 2026") or from the
 * title block above its header ("THÁNG 11/2026", "Tháng 11 năm 2026").
 */
import { UsageError } from '../errors.js';
import { fold } from './fold.js';
import { msg } from './i18n.js';

const PERIOD = /^(\d{4})-(\d{2})$/;

function valid(y: number, m: number): boolean {
  return y >= 1900 && y <= 2199 && m >= 1 && m <= 12;
}

function fmt(y: number, m: number): string {
  return `${y}-${String(m).padStart(2, '0')}`;
}

/**
 * The period of a flag value. `flag` names the flag in the message
 * (default `--period`).
 */
export function parsePeriod(s: string, flag = '--period'): string {
  const t = String(s ?? '').trim();
  const m = PERIOD.exec(t);
  if (!m || !valid(Number(m[1]), Number(m[2]))) {
    const shown = t === '' ? (String(s ?? '') === '' ? '' : ` "${s}"`) : ` "${t}"`;
    throw new UsageError(
      msg(`${flag}: kỳ${shown} không hợp lệ${t === '' ? ' (trống)' : ''}.`, `${flag}: invalid period${shown}${t === '' ? ' (empty)' : ''}.`),
      msg(`Viết kỳ theo dạng NĂM-THÁNG, ví dụ ${flag} 2026-11.`, `Write the period as YEAR-MONTH, e.g. ${flag} 2026-11.`),
    );
  }
  return `${m[1]}-${m[2]}`;
}

/** A Commander option parser for a period flag: `.option('--from <YYYY-MM>', desc, periodArg('--from'))`. */
export function periodArg(flag: string): (value: string) => string {
  return (value: string) => parsePeriod(value, flag);
}

export function periodOf(d: Date): string {
  return fmt(d.getFullYear(), d.getMonth() + 1);
}

/** The month before `d`'s month: the usual period of a roster handed in early in a month. */
export function previousPeriod(d: Date): string {
  const y = d.getFullYear();
  const m = d.getMonth(); // 0-based: the previous month, 1-based
  return m === 0 ? fmt(y - 1, 12) : fmt(y, m);
}

/** ISO date of the last day of the period. */
export function periodEnd(period: string): string {
  const [y = NaN, m = NaN] = period.split('-').map(Number);
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return `${period}-${String(last).padStart(2, '0')}`;
}

export function periodStart(period: string): string {
  return `${period}-01`;
}

/** Month-year patterns over folded text (no diacritics, lower case). */
const NAME_PATTERNS: { re: RegExp; y: number; m: number }[] = [
  // 2026-11, 2026_11, 2026.11 (also the month of a date 2026-11-30)
  { re: /(?<!\d)(\d{4})[-_.](\d{1,2})(?!\d)/g, y: 1, m: 2 },
  // thang-11-2026, thang 11 nam 2026, thang11.2026, t11.2026, t11-2026
  { re: /(?<![a-z])(?:thang|t)[\s_.-]*(\d{1,2})[\s_./-]*(?:nam[\s_.-]*)?(\d{4})(?!\d)/g, y: 2, m: 1 },
  // 11-2026, 11_2026, 11.2026 (two-digit month only: "phuong-1-4-5-2026" is not May)
  { re: /(?<!\d)(\d{2})[-_.](\d{4})(?!\d)/g, y: 2, m: 1 },
];

function collect(text: string, patterns: { re: RegExp; y: number; m: number }[]): string[] {
  const found = new Set<string>();
  const taken: [number, number][] = [];
  for (const p of patterns) {
    for (const mt of text.matchAll(p.re)) {
      const from = mt.index ?? 0;
      const to = from + mt[0].length;
      // A span already read by an earlier pattern ("thang-11-2026" is not also "11-2026").
      if (taken.some(([a, b]) => from < b && to > a)) continue;
      const y = Number(mt[p.y]);
      const m = Number(mt[p.m]);
      if (!valid(y, m) || y < 2000) continue;
      taken.push([from, to]);
      found.add(fmt(y, m));
    }
  }
  return [...found];
}

/**
 * Periods a file name speaks of, in order of appearance: usually one; none
 * when the name has no month; several when it names more than one month.
 */
export function periodsInFileName(name: string): string[] {
  const base = name.replace(/^.*[\\/]/, '').replace(/\.[A-Za-z0-9]{1,5}$/, '');
  return collect(fold(base), NAME_PATTERNS);
}

/** "tháng 11/2026", "tháng 11 năm 2026", "tháng 11-2026", "T11/2026". */
const TITLE_PATTERNS: { re: RegExp; y: number; m: number }[] = [{ re: /(?<![a-z])(?:thang|t)\s*(\d{1,2})\s*(?:[/.-]|\s+nam|\s*,\s*nam)\s*(\d{4})(?!\d)/g, y: 2, m: 1 }];

/** A date line ("TP. HCM, ngày 30 tháng 11 năm 2026") speaks of the day it was signed, not of the roster's month. */
const DATE_LINE = /ngay\s*[\d.…_ ]*\s*$/;

/** Periods a title text names ("DANH SÁCH … THÁNG 11/2026"), ignoring date lines. */
export function periodsInTitle(text: string): string[] {
  const f = fold(text);
  const out: string[] = [];
  for (const p of TITLE_PATTERNS) {
    for (const mt of f.matchAll(p.re)) {
      if (DATE_LINE.test(f.slice(0, mt.index ?? 0))) continue;
      const y = Number(mt[p.y]);
      const m = Number(mt[p.m]);
      if (valid(y, m) && y >= 2000 && !out.includes(fmt(y, m))) out.push(fmt(y, m));
    }
  }
  return out;
}
