/**
 * The one pass: per id range, SQLite returns a single text with one JSON array
 * per row — [id, team_id, member_id, unit_id, flags, person_id, dob, gender
 * unless male or female, phone, email] — with a few flags computed by cheap
 * SQL (the rules' prefilters OR-ed, leader, left, unit as filed). The rules'
 * JavaScript screens test the identity values; the pass tallies teams and
 * members; only flagged rows are read in full and checked.
 */
import type { DB } from '../../store/db.js';
import type { ScreenValues } from '../rule.js';
import { LEFT_SQL } from '../team/active.js';
import { PassReader } from './pass-reader.js';
import type { RosterScope } from './rows.js';
import { TallyBuilder, type Tally } from './tally.js';

export interface FastPassOptions {
  periodEnd: string;
  span: number;
  /** SQL true for rows some enabled rule's prefilter flags ('1': every row). */
  suspectSql: string;
  screens: ((v: ScreenValues) => boolean)[];
  staleUnit(id: number): boolean;
  /** Rows flagged in one id range, in id order. */
  checkSuspects(ids: number[]): void;
  timings?: Record<string, number>;
  onProgress?: (done: number, total: number) => void;
}

/** Flag bits computed by SQLite for each row. */
const SUSPECT = 1;
const LEADER = 2;
const LEFT = 4;
const FILED_CURRENT = 8;
const MALE = 16;
const FEMALE = 32;

function chunkStatement(db: DB, roster: RosterScope, o: FastPassOptions) {
  const flags =
    // CASE WHEN: SQLite evaluates the condition with jumps, as in a WHERE clause (an OR in a value is evaluated whole).
    `(CASE WHEN ${o.suspectSql} THEN 1 ELSE 0 END + 2 * (role IS 'leader') + 4 * ${LEFT_SQL(o.periodEnd)} + 8 * (unit_status IS 'current')` +
    ` + 16 * (gender IS 'male') + 32 * (gender IS 'female'))`;
  // The usual genders travel as flags; other text as itself.
  const gender = `CASE WHEN gender IN ('male', 'female') THEN NULL ELSE gender END`;
  return db
    .prepare(
      `SELECT group_concat(json_array(id, team_id, member_id, unit_id, ${flags}, person_id, dob, ${gender}, phone, email), char(10))
       FROM source_rows WHERE ${roster.where} AND id >= ? AND id < ?`,
    )
    .pluck();
}

/** Screens and tallies one range's text; returns the ids of the rows to check in full. */
function screenRange(text: string, tally: TallyBuilder, o: FastPassOptions, unit: { last: number | null; stale: boolean }): number[] {
  const screens = o.screens;
  const nScreens = screens.length;
  const v: ScreenValues = { person_id: null, dob: null, gender: null, phone: null, email: null, unitTrusted: true };
  const suspects: number[] = [];
  const rd = new PassReader(text);
  while (rd.nextRow()) {
    const id = rd.int() as number;
    const teamId = rd.int();
    const memberId = rd.int();
    const unitId = rd.int();
    const f = rd.int() as number;
    rd.escaped = false;
    v.person_id = rd.str();
    v.dob = rd.str();
    const g = rd.str(); // null for the usual genders
    v.gender = (f & MALE) !== 0 ? 'male' : (f & FEMALE) !== 0 ? 'female' : g;
    v.phone = rd.str();
    v.email = rd.str();
    rd.endRow();
    tally.add(id, teamId, memberId, (f & LEADER) !== 0, (f & LEFT) !== 0);
    if ((f & SUSPECT) !== 0 || rd.escaped) {
      suspects.push(id);
      continue;
    }
    if (unitId !== unit.last) {
      unit.last = unitId;
      unit.stale = unitId === null || o.staleUnit(unitId);
    }
    v.unitTrusted = (f & FILED_CURRENT) !== 0 && !unit.stale;
    for (let k = 0; k < nScreens; k++) {
      if (screens[k]!(v)) {
        suspects.push(id);
        break;
      }
    }
  }
  return suspects;
}

/** Rows without a team (should not happen after an import): grouped by file, ward and neighbourhood as written. */
function tallyTeamless(db: DB, tally: TallyBuilder): void {
  const t = tally.teamless;
  const ids: number[] = [];
  const bits = new Map<number, number>();
  // Pairs of row id and flags.
  for (let k = 0; k + 1 < t.length; k += 2) {
    const id = t[k];
    const flags = t[k + 1];
    if (id === undefined || flags === undefined) break;
    ids.push(id);
    bits.set(id, flags);
  }
  const keys = db
    .prepare(
      `SELECT id, import_id || char(1) || ifnull(ward, '') || char(1) || ifnull(ward_code, '') || char(1) || ifnull(neighbourhood, '')
       FROM source_rows WHERE id IN (SELECT value FROM json_each(?))`,
    )
    .raw();
  for (let k = 0; k < ids.length; k += 5000) {
    for (const [id, standIn] of keys.all(JSON.stringify(ids.slice(k, k + 5000))) as [number, string][]) {
      const b = bits.get(id) ?? 0;
      tally.addStandIn(id, standIn, (b & 1) !== 0, (b & 2) !== 0);
    }
  }
}

function idBounds(db: DB, roster: RosterScope): { first?: number; last?: number } {
  const first = db
    .prepare(`SELECT id FROM source_rows WHERE ${roster.where} ORDER BY id LIMIT 1`)
    .pluck()
    .get(...roster.params) as number | undefined;
  const last = db
    .prepare(`SELECT id FROM source_rows WHERE ${roster.where} ORDER BY id DESC LIMIT 1`)
    .pluck()
    .get(...roster.params) as number | undefined;
  return { first, last };
}

function addTimings(o: FastPassOptions, ms: { sql: number; js: number; check: number }): void {
  if (!o.timings) return;
  o.timings['pass: sql'] = (o.timings['pass: sql'] ?? 0) + ms.sql;
  o.timings['pass: screens and tallies'] = (o.timings['pass: screens and tallies'] ?? 0) + ms.js;
  o.timings['pass: row rules on suspects'] = (o.timings['pass: row rules on suspects'] ?? 0) + ms.check;
}

export function fastPass(db: DB, roster: RosterScope, o: FastPassOptions): Tally {
  const maxMember = (db.prepare('SELECT max(id) AS m FROM members').get() as { m: number | null }).m ?? 0;
  const tally = new TallyBuilder(maxMember);
  const chunk = chunkStatement(db, roster, o);
  const { first, last } = idBounds(db, roster);
  const unit = { last: null as number | null, stale: true };
  const ms = { sql: 0, js: 0, check: 0 };
  if (first !== undefined && last !== undefined) {
    for (let lo = first; lo <= last; lo += o.span) {
      o.onProgress?.(lo - first, last - first + 1);
      const t0 = performance.now();
      const text = chunk.get(...roster.params, lo, lo + o.span) as string | null;
      const t1 = performance.now();
      ms.sql += t1 - t0;
      if (text === null) continue;
      const suspects = screenRange(text, tally, o, unit);
      const t2 = performance.now();
      ms.js += t2 - t1;
      if (suspects.length > 0) o.checkSuspects(suspects);
      ms.check += performance.now() - t2;
    }
  }
  addTimings(o, ms);
  if (tally.teamless.length > 0) tallyTeamless(db, tally);
  return tally.finish();
}
