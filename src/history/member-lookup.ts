/**
 * `history --member X` takes what a clerk has at hand: 12 digits are a CCCD;
 * 10–11 digits starting with 0 a phone number; other digits a member id (as
 * exports show it); anything else a name, searched without diacritics or case.
 */
import type { DB } from '../store/db.js';
import { fold } from '../text/fold.js';

export type MemberKeyKind = 'person-id' | 'phone' | 'member-id' | 'name';

export interface MemberMatch {
  id: number;
  fullName: string;
  personId: string | null;
  dob: string | null;
  /** The team of the member's latest roster row. */
  team: string | null;
  lastPeriod: string | null;
}

/** Spaces, dots and dashes between digits are how phones are written: "0903 123 456". */
function digitsOnly(s: string): string | null {
  const t = s.trim();
  return /^\d[\d .-]*\d$|^\d$/.test(t) ? t.replace(/[ .-]/g, '') : null;
}

export function memberKeyKind(key: string): MemberKeyKind {
  const d = digitsOnly(key);
  if (d === null) return 'name';
  if (d.length === 12) return 'person-id';
  if ((d.length === 10 || d.length === 11) && d.startsWith('0')) return 'phone';
  return 'member-id';
}

const MATCH_SQL = `SELECT m.id, m.full_name AS fullName, m.person_id AS personId, m.dob,
    (SELECT s.period FROM source_rows s WHERE s.member_id = m.id ORDER BY s.period DESC, s.id DESC LIMIT 1) AS lastPeriod,
    (SELECT CASE WHEN t.neighbourhood <> '' THEN t.neighbourhood || ', ' ELSE '' END || coalesce(u.name, t.unit_text, '')
       FROM source_rows s JOIN teams t ON t.id = s.team_id LEFT JOIN units u ON u.id = t.unit_id
       WHERE s.member_id = m.id ORDER BY s.period DESC, s.id DESC LIMIT 1) AS team
  FROM members m WHERE m.id IN (SELECT value FROM json_each(?)) ORDER BY m.full_name, m.id`;

/** Members the key names, in name order: none, one, or several (a name or a shared phone). */
export function findMembers(db: DB, key: string, limit = 50): { kind: MemberKeyKind; matches: MemberMatch[] } {
  const kind = memberKeyKind(key);
  const d = digitsOnly(key) ?? '';
  let ids: number[];
  switch (kind) {
    case 'person-id':
      ids = db.prepare('SELECT id FROM members WHERE person_id = ? OR person_key = ?').pluck().all(d, `id:${d}`) as number[];
      break;
    case 'phone':
      ids = db.prepare('SELECT id FROM members WHERE phone = ? UNION SELECT member_id FROM source_rows WHERE phone = ? AND member_id IS NOT NULL').pluck().all(d, d) as number[];
      break;
    case 'member-id':
      ids = db.prepare('SELECT id FROM members WHERE id = ?').pluck().all(Number(d)) as number[];
      break;
    default: {
      const want = fold(key);
      ids = [];
      const exact: number[] = [];
      for (const r of db.prepare('SELECT id, full_name FROM members WHERE purged_at IS NULL').iterate() as Iterable<{ id: number; full_name: string }>) {
        const f = fold(r.full_name);
        if (f === want) exact.push(r.id);
        else if (f.includes(want) && ids.length <= limit) ids.push(r.id);
      }
      // A full name typed in full finds that person, not everyone whose name contains it.
      if (exact.length > 0) ids = exact;
    }
  }
  const matches = ids.length === 0 ? [] : (db.prepare(MATCH_SQL).all(JSON.stringify(ids.slice(0, limit + 1))) as MemberMatch[]);
  return { kind, matches };
}
