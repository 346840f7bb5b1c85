/**
 * The write side of an import: files parsed rows under wards, teams, members
 * and memberships, keeps the provenance of every row, and at the end of the
 * batch applies the sync semantics per team (SPEC § Import semantics): a sync
 * file is the complete roster of the teams it lists, so earlier rows of those
 * teams for the same period are superseded (by the import that carries the
 * team) and their memberships no file of the batch listed are marked as left.
 * Teams the files do not mention are untouched: the khu phố files of one ward
 * can arrive one by one. Joined / left / moved as the reports count them are
 * derived from the rows in force (src/month/changes.ts), not stored here.
 * The caller owns the transaction.
 */
import { maskDigits, maskEmail } from '../privacy/mask.js';
import type { DB } from '../store/db.js';
import { fold } from '../text/fold.js';
import { neighbourhoodKey } from '../text/neighbourhood.js';
import { periodEnd } from '../text/period.js';
import type { UnitResolver } from '../units/types.js';
import { hasLeftBy } from '../roster/left.js';
import { insertRowsSql, storedValues, type RosterRecord } from '../roster/row.js';

export interface ImportFileMeta {
  fileName: string;
  filePath: string;
  sha256: string;
  sheet?: string;
  encoding?: string;
  headerRow?: number;
  columns: unknown[];
}

export interface FileCounts {
  importId: number;
  rows: number;
  added: number;
  updated: number;
}

export interface BatchSummary {
  rows: number;
  added: number;
  updated: number;
  left: number;
  superseded: number;
}

/** A unit as rows are filed under it, and the teams found under it by khu phố as written. */
interface FiledUnit {
  unitId: number | null;
  status: string;
  text: string;
  /** Team ids by the khu phố text of a row ('' for none). */
  teams: Map<string, number>;
}

/** The separator of the unit's joined key, and of a team's key by unit and khu phố as written. */
const UNIT_SEPARATOR = '\u0001';
const TEAM_SEPARATOR = '\u0002';

interface MemberRow {
  id: number;
  full_name: string;
  dob: string | null;
  gender: string | null;
  phone: string | null;
  email: string | null;
  organisation: string | null;
  person_id: string | null;
}

const MEMBER_FIELDS = ['full_name', 'dob', 'gender', 'phone', 'email', 'organisation', 'person_id'] as const;

/** 'id:<digits>' when the row has a usable personal ID, else 'nd:<name>|<dob>'. */
export function personKey(r: Pick<RosterRecord, 'person_id' | 'full_name' | 'dob'>): string {
  if (r.person_id && /^\d{9,12}$/.test(r.person_id)) return `id:${r.person_id}`;
  return `nd:${fold(r.full_name ?? '')}|${r.dob ?? ''}`;
}

export class RosterWriter {
  private readonly periodEnd: string;
  private readonly firstImportId: number;
  private lastImportId = 0;
  /** Teams that rows of this batch were filed under: the teams the files list. */
  private readonly coveredTeams = new Set<number>();
  /**
   * Units by ward code, ward and district as written: maps of maps, so that a
   * row's lookup hashes the texts it shares with earlier rows (hashed once)
   * instead of a new joined key. Texts holding the separator of the joined key
   * go by that key (`unitByJoinedKey`), which they might share with another
   * triple, as they always did.
   */
  private readonly unitCache = new Map<string, Map<string, Map<string, FiledUnit>>>();
  private readonly unitByJoinedKey = new Map<string, FiledUnit>();
  private readonly teamCache = new Map<string, number>();
  private readonly counts: BatchSummary = { rows: 0, added: 0, updated: 0, left: 0, superseded: 0 };
  private file: FileCounts | null = null;
  private readonly teamsAtStart: boolean;
  /** Memberships or rows stored before this batch: only they can be marked as left or superseded. */
  private readonly earlierWork: boolean;
  private readonly st;
  /** Prepared on the first template row that names its member. */
  private memberByIdQ?: ReturnType<DB['prepare']>;

  constructor(
    private readonly db: DB,
    private readonly resolver: UnitResolver,
    private readonly opts: { period: string; mode: 'sync' | 'append'; now: () => Date },
  ) {
    this.periodEnd = periodEnd(opts.period);
    const max = db.prepare('SELECT coalesce(max(id), 0) AS m FROM imports').get() as { m: number };
    this.firstImportId = max.m + 1;
    const exists = (table: string) => (db.prepare(`SELECT EXISTS (SELECT 1 FROM ${table}) AS e`).get() as { e: number }).e === 1;
    this.teamsAtStart = exists('teams');
    this.earlierWork = exists('memberships') || exists('source_rows');
    this.st = {
      insertImport: db.prepare(
        `INSERT INTO imports (period, mode, file_name, file_path, file_sha256, sheet, encoding, header_row, columns_json, imported_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      finishImport: db.prepare('UPDATE imports SET rows_read = ?, rows_skipped = ?, members_added = ?, members_updated = ? WHERE id = ?'),
      // A team that lay in the unit first (origin), else one that lies there now: two
      // index searches instead of an OR with a sort.
      teamByOrigin: db.prepare('SELECT id FROM teams WHERE origin_unit_id = ? AND neighbourhood_key = ? ORDER BY id LIMIT 1'),
      teamByUnit: db.prepare('SELECT id FROM teams WHERE unit_id = ? AND neighbourhood_key = ? ORDER BY origin_unit_id IS NULL, id LIMIT 1'),
      teamByText: db.prepare('SELECT id FROM teams WHERE unit_id IS NULL AND unit_text = ? AND neighbourhood_key = ? LIMIT 1'),
      insertTeam: db.prepare(
        `INSERT INTO teams (unit_id, origin_unit_id, unit_text, neighbourhood, neighbourhood_key, created_import_id)
         VALUES (?, ?, ?, ?, ?, ?)`,
      ),
      memberByKey: db.prepare('SELECT id, full_name, dob, gender, phone, email, organisation, person_id FROM members WHERE person_key = ?'),
      // A new person costs one index probe: the insert, which does nothing when the key exists.
      insertMember: db.prepare(
        `INSERT INTO members (person_key, person_id, full_name, dob, gender, phone, email, organisation)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (person_key) DO NOTHING`,
      ),
      membership: db.prepare(
        `SELECT id, role, onetouch, joined_on, left_on, status, last_import_id FROM memberships
         WHERE member_id = ? AND team_id = ? ORDER BY id DESC LIMIT 1`,
      ),
      insertMembership: db.prepare(
        `INSERT INTO memberships (member_id, team_id, role, onetouch, joined_on, left_on, first_period, last_period, left_period, status, source_row_id, last_import_id)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      touchMembership: db.prepare(
        `UPDATE memberships SET role = ?, onetouch = ?, joined_on = ?, left_on = ?, last_period = max(last_period, ?),
           left_period = ?, status = ?, source_row_id = ?, last_import_id = ? WHERE id = ?`,
      ),
      insertRow: db.prepare(insertRowsSql()),
      insertEvent: db.prepare(
        `INSERT INTO events (at, period, kind, member_id, team_id, from_team_id, decided_by, import_id, source_row_id, details_json)
         VALUES (?, ?, ?, ?, ?, ?, 'import', ?, ?, ?)`,
      ),
    };
  }

  /** Starts a file: records the import. */
  beginFile(meta: ImportFileMeta): number {
    const info = this.st.insertImport.run(
      this.opts.period,
      this.opts.mode,
      meta.fileName,
      meta.filePath,
      meta.sha256,
      meta.sheet ?? null,
      meta.encoding ?? null,
      meta.headerRow ?? null,
      JSON.stringify(meta.columns),
      this.opts.now().toISOString(),
    );
    const id = Number(info.lastInsertRowid);
    this.lastImportId = id;
    this.file = { importId: id, rows: 0, added: 0, updated: 0 };
    return id;
  }

  endFile(skipped: number): FileCounts {
    const f = this.file;
    if (!f) throw new Error('endFile without beginFile');
    this.st.finishImport.run(f.rows, skipped, f.added, f.updated, f.importId);
    this.file = null;
    return f;
  }

  add(r: RosterRecord): void {
    const f = this.file;
    if (!f) throw new Error('add without beginFile');
    const unit = this.resolveUnit(r);
    const teamId = this.team(unit, r.neighbourhood);
    this.coveredTeams.add(teamId);
    const { memberId, isNew, changed: memberFields } = this.member(r);
    const memberChanged = memberFields !== null;
    let updated = memberChanged;
    const status = hasLeftBy(r.left_on, this.periodEnd) ? 'left' : 'active';
    const rowInfo = this.st.insertRow.run(storedValues(f.importId, this.opts.period, r, { unit_id: unit.unitId, unit_status: unit.status, team_id: teamId, member_id: memberId }));
    const rowId = Number(rowInfo.lastInsertRowid);
    if (memberFields) {
      // Field names and masked values: history never copies personal data in full.
      this.st.insertEvent.run(this.opts.now().toISOString(), this.opts.period, 'updated', memberId, teamId, null, f.importId, rowId, JSON.stringify(memberFields));
    }
    const role = r.role === 'leader' || r.role === 'deputy' ? r.role : 'member';
    const leftPeriod = status === 'left' ? this.opts.period : null;
    const existing = isNew
      ? undefined
      : (this.st.membership.get(memberId, teamId) as
          | { id: number; role: string; onetouch: number | null; joined_on: string | null; left_on: string | null; status: string; last_import_id: number | null }
          | undefined);
    if (!existing || (existing.status === 'left' && existing.last_import_id !== null && existing.last_import_id < this.firstImportId)) {
      this.st.insertMembership.run(memberId, teamId, role, r.onetouch, r.joined_on, r.left_on, this.opts.period, this.opts.period, leftPeriod, status, rowId, f.importId);
      updated = false;
      f.added++;
      this.counts.added++;
    } else {
      const changed =
        existing.role !== role ||
        (r.onetouch !== null && existing.onetouch !== r.onetouch) ||
        (r.joined_on !== null && existing.joined_on !== r.joined_on) ||
        existing.left_on !== r.left_on ||
        existing.status !== status;
      this.st.touchMembership.run(
        role,
        r.onetouch ?? existing.onetouch,
        r.joined_on ?? existing.joined_on,
        r.left_on,
        this.opts.period,
        leftPeriod,
        status,
        rowId,
        f.importId,
        existing.id,
      );
      if (changed && existing.last_import_id !== null && existing.last_import_id < this.firstImportId) {
        updated = true;
        const fields = [
          existing.role !== role ? 'role' : null,
          r.onetouch !== null && existing.onetouch !== r.onetouch ? 'onetouch' : null,
          r.joined_on !== null && existing.joined_on !== r.joined_on ? 'joined_on' : null,
          existing.left_on !== r.left_on ? 'left_on' : null,
        ].filter((x): x is string => x !== null);
        if (fields.length > 0) {
          const values = Object.fromEntries(
            fields.map((k) => [k, { from: shown(k, (existing as Record<string, unknown>)[k]), to: shown(k, k === 'role' ? role : (r as unknown as Record<string, unknown>)[k]) }]),
          );
          this.st.insertEvent.run(
            this.opts.now().toISOString(),
            this.opts.period,
            'updated',
            memberId,
            teamId,
            null,
            f.importId,
            rowId,
            JSON.stringify({ membership: true, fields, values }),
          );
        }
      }
    }
    if (updated) {
      f.updated++;
      this.counts.updated++;
    }
    f.rows++;
    this.counts.rows++;
  }

  /**
   * Ends the batch. sync: earlier rows of the teams the files list, for the
   * same period, are superseded by the import of this batch that carries the
   * team; memberships of those teams that no file of the batch listed are
   * marked as left. append: only rows of the same person and team are
   * superseded.
   */
  finish(): BatchSummary {
    const db = this.db;
    const first = this.firstImportId;
    if (this.lastImportId < first) return this.counts;
    // A first load: nothing stored before this batch to mark as left or supersede
    // (the queries below would only scan the rows just written).
    if (!this.earlierWork) return this.counts;
    db.exec('CREATE TEMP TABLE IF NOT EXISTS covered_teams (id INTEGER PRIMARY KEY)');
    db.exec('DELETE FROM covered_teams');
    const add = db.prepare('INSERT OR IGNORE INTO covered_teams VALUES (?)');
    for (const t of this.coveredTeams) add.run(t);
    if (this.opts.mode === 'sync') {
      this.counts.left = db
        .prepare(
          `UPDATE memberships SET status = 'left', left_period = ?
           WHERE status = 'active' AND team_id IN (SELECT id FROM covered_teams) AND (last_import_id IS NULL OR last_import_id < ?)
             AND last_period <= ?`,
        )
        .run(this.opts.period, first, this.opts.period).changes;
      this.counts.superseded = db
        .prepare(
          `UPDATE source_rows SET superseded_by = (SELECT min(n.import_id) FROM source_rows n WHERE n.import_id >= @first AND n.team_id = source_rows.team_id)
           WHERE period = @period AND import_id < @first AND superseded_by IS NULL AND team_id IN (SELECT id FROM covered_teams)`,
        )
        .run({ first, period: this.opts.period }).changes;
    } else {
      this.counts.superseded = db
        .prepare(
          `UPDATE source_rows SET superseded_by = (SELECT min(n.import_id) FROM source_rows n WHERE n.import_id >= @first AND n.member_id = source_rows.member_id AND n.team_id = source_rows.team_id)
           WHERE period = @period AND import_id < @first AND superseded_by IS NULL
           AND EXISTS (SELECT 1 FROM source_rows n WHERE n.import_id >= @first AND n.member_id = source_rows.member_id AND n.team_id = source_rows.team_id)`,
        )
        .run({ first, period: this.opts.period }).changes;
    }
    return this.counts;
  }

  private resolveUnit(r: RosterRecord): FiledUnit {
    const code = r.ward_code ?? '';
    const ward = r.ward ?? '';
    const district = r.district ?? '';
    if (code.includes(UNIT_SEPARATOR) || ward.includes(UNIT_SEPARATOR) || district.includes(UNIT_SEPARATOR)) {
      const key = `${code}${UNIT_SEPARATOR}${ward}${UNIT_SEPARATOR}${district}`;
      let u = this.unitByJoinedKey.get(key);
      if (!u) {
        u = this.newUnit(r);
        this.unitByJoinedKey.set(key, u);
      }
      return u;
    }
    let byWard = this.unitCache.get(code);
    if (!byWard) {
      byWard = new Map();
      this.unitCache.set(code, byWard);
    }
    let byDistrict = byWard.get(ward);
    if (!byDistrict) {
      byDistrict = new Map();
      byWard.set(ward, byDistrict);
    }
    let u = byDistrict.get(district);
    if (!u) {
      u = this.newUnit(r);
      byDistrict.set(district, u);
    }
    return u;
  }

  private newUnit(r: RosterRecord): FiledUnit {
    const res = this.resolver.resolve({ code: r.ward_code, name: r.ward, district: r.district });
    const text = fold([r.ward_code, r.ward, r.district].filter(Boolean).join(' | '));
    const unitId = res.unit && res.status !== 'ambiguous' && res.status !== 'code-name-mismatch' ? res.unit.id : null;
    return { unitId, status: res.status, text, teams: new Map() };
  }

  /**
   * The unit's own map of khu phố texts remembers what teamOf answered: teamOf
   * gives the same id for the same unit and text from its first answer on
   * (its keys are set once and never replaced), whatever the texts hold.
   */
  private team(unit: FiledUnit, neighbourhood: string | null): number {
    const raw = neighbourhood ?? '';
    let id = unit.teams.get(raw);
    if (id === undefined) {
      id = this.teamOf(unit, neighbourhood);
      unit.teams.set(raw, id);
    }
    return id;
  }

  /** The team of a unit and khu phố: cached by the unit and the khu phố as written, then by its key, else found or made. */
  private teamOf(unit: FiledUnit, neighbourhood: string | null): number {
    const rawKey = `${unit.unitId ?? `t:${unit.text}`}${TEAM_SEPARATOR}${neighbourhood ?? ''}`;
    const hit = this.teamCache.get(rawKey);
    if (hit !== undefined) return hit;
    const nk = neighbourhoodKey(neighbourhood);
    const key = `${unit.unitId ?? `t:${unit.text}`}${UNIT_SEPARATOR}${nk}`;
    let id = this.teamCache.get(key);
    if (id !== undefined) {
      this.teamCache.set(rawKey, id);
      return id;
    }
    // With no team in the database at the start, every team is in the cache.
    const found = (
      !this.teamsAtStart
        ? undefined
        : unit.unitId !== null
          ? (this.st.teamByOrigin.get(unit.unitId, nk) ?? this.st.teamByUnit.get(unit.unitId, nk))
          : this.st.teamByText.get(unit.text, nk)
    ) as { id: number } | undefined;
    if (found) id = found.id;
    else {
      const info = this.st.insertTeam.run(unit.unitId, unit.unitId, unit.unitId === null ? unit.text : '', neighbourhood ?? '', nk, this.file?.importId ?? null);
      id = Number(info.lastInsertRowid);
    }
    this.teamCache.set(key, id);
    this.teamCache.set(rawKey, id);
    return id;
  }

  /**
   * The member a template row names by id, its key following the row (a
   * corrected ID or name and birth date) unless another member holds that key.
   */
  private memberById(r: RosterRecord, key: string): MemberRow | undefined {
    this.memberByIdQ ??= this.db.prepare('SELECT id, person_key, full_name, dob, gender, phone, email, organisation, person_id FROM members WHERE id = ? AND purged_at IS NULL');
    const found = this.memberByIdQ.get(r.member_id as number) as (MemberRow & { person_key: string }) | undefined;
    if (!found || found.person_key === key) return found;
    if (this.st.memberByKey.get(key)) return undefined;
    this.db.prepare('UPDATE members SET person_key = ? WHERE id = ?').run(key, found.id);
    return found;
  }

  /** The member of the row (inserted or found); `changed`: the fields this row changed, with masked values. */
  private member(r: RosterRecord): { memberId: number; isNew: boolean; changed: { fields: string[]; values: Record<string, { from: string; to: string }> } | null } {
    const key = personKey(r);
    let found = r.member_id !== undefined ? this.memberById(r, key) : undefined;
    if (!found) {
      const info = this.st.insertMember.run(key, r.person_id, r.full_name ?? '', r.dob, r.gender, r.phone, r.email, r.organisation);
      if (info.changes === 1) return { memberId: Number(info.lastInsertRowid), isNew: true, changed: null };
      found = this.st.memberByKey.get(key) as MemberRow | undefined;
    }
    if (!found) throw new Error(`member ${key} neither inserted nor found`);
    const changed = MEMBER_FIELDS.filter((k) => r[k] !== null && r[k] !== '' && r[k] !== found[k]);
    if (changed.length === 0) return { memberId: found.id, isNew: false, changed: null };
    const sets = changed.map((k) => `${k} = ?`).join(', ');
    this.db.prepare(`UPDATE members SET ${sets} WHERE id = ?`).run(...changed.map((k) => r[k]), found.id);
    const values = Object.fromEntries(changed.map((k) => [k, { from: shown(k, found[k]), to: shown(k, r[k]) }]));
    return { memberId: found.id, isNew: false, changed: { fields: changed, values } };
  }
}

/** A value as history keeps it: IDs and phones masked, e-mail masked, a birth date reduced to its year. */
export function shown(field: string, v: unknown): string {
  if (v === null || v === undefined || v === '') return '';
  const s = String(v);
  if (field === 'person_id' || field === 'phone') return maskDigits(s);
  if (field === 'email') return maskEmail(s, false);
  if (field === 'dob') return /^\d{4}/.test(s) ? `${s.slice(0, 4)}-**-**` : '**';
  return s;
}
