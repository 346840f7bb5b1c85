/**
 * The column to offer first when the clerk is asked which column holds a
 * required field: the header whose words come closest to one of the field's
 * names, or whose values look like the field's values. When nothing comes
 * close, no column is offered: pressing Enter must never map the wrong one
 * (an "STT" column mapped to the name gives members called "1", "2", "3").
 */
import { type Field, headerKey, synonymsOf } from '../roster/fields.js';
import type { HeaderCell } from './header.js';
import type { SourceRow } from '../readers/types.js';
import { cellText, parseDate, parseGender, parsePersonId, parsePhone, parseRole } from './values.js';
import { fold } from '../text/fold.js';

/** Scores below this offer "not in this file". */
export const GUESS_THRESHOLD = 0.6;

function words(s: string): Set<string> {
  return new Set(
    fold(s)
      .split(/[^a-z0-9]+/)
      .filter(Boolean),
  );
}

/** Share of a synonym's words the header has, best over the synonyms (1: every word). */
function headerScore(field: Field, header: string): number {
  const key = headerKey(header);
  if (!key) return 0;
  const hw = words(header);
  let best = 0;
  for (const s of synonymsOf(field)) {
    if (headerKey(s) === key) return 1;
    const sw = words(s);
    let common = 0;
    for (const w of sw) if (hw.has(w)) common++;
    // Both ways: "Tên" alone is half of "Họ và tên" at most, and a long header naming a field in passing scores low.
    best = Math.max(best, Math.min(common / sw.size, common / hw.size));
  }
  return best;
}

/** A person's name: two or more words of letters, no digits. */
const NAME = /^[\p{L}][\p{L}'’.-]*(\s+[\p{L}][\p{L}'’.-]*)+$/u;

function looksLike(field: Field, v: string): boolean {
  switch (field) {
    case 'full_name':
      return NAME.test(v);
    case 'role':
      return parseRole(v) !== null;
    case 'gender':
      return parseGender(v) !== null;
    case 'ward':
      return /^(phuong|xa|thi tran|dac khu)\b/.test(fold(v));
    case 'neighbourhood':
      return /^(khu pho|kp|ap|to dan pho|thon)\b/.test(fold(v));
    case 'dob':
    case 'joined_on':
      return parseDate(v).value !== null;
    case 'person_id':
      return /^\d{12}$/.test(parsePersonId(v).value ?? '');
    case 'phone':
      return /^0\d{9,10}$/.test(parsePhone(v).value ?? '');
    default:
      return false;
  }
}

/** Share of the non-empty sample values of column `index` that look like the field. */
function contentScore(field: Field, index: number, sample: SourceRow[]): number {
  let n = 0;
  let hit = 0;
  for (const r of sample) {
    const t = cellText(r.cells[index] ?? null);
    if (!t) continue;
    n++;
    if (looksLike(field, t)) hit++;
  }
  return n < 2 ? 0 : hit / n;
}

/**
 * The column (0-based index) to offer for `field`, or null. `taken` are the
 * columns already mapped to other fields.
 */
export function guessColumn(field: Field, headers: HeaderCell[], sample: SourceRow[], taken: ReadonlySet<number> = new Set()): number | null {
  let best: { index: number; score: number } | null = null;
  for (const h of headers) {
    if (taken.has(h.index)) continue;
    const score = Math.max(headerScore(field, h.header), contentScore(field, h.index, sample));
    if (score >= GUESS_THRESHOLD && (!best || score > best.score)) best = { index: h.index, score };
  }
  return best?.index ?? null;
}
