/**
 * The import's database against a reference: generated rosters with awkward
 * values (decomposed and upper-case names, doubled spaces, several phones in
 * a cell, IDs of every shape or none, dates in several forms, khu phố written
 * three ways, unknown wards, leaving dates) are imported by `importRosters`,
 * two months in sync mode; the same files are read row by row (reader, header
 * detection, record mapper) into a plain in-memory model of SPEC § Import
 * semantics, one record at a time: teams by (ward, khu phố key), people by
 * ID else folded name + birth date, memberships per person and team, the rows
 * with their filing, members absent from a sync batch marked as left. The
 * members, teams, memberships and rows stored must be the model's, id for id.
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { openStore, type DB } from '../src/store/db.js';
import { importRosters } from '../src/importer/import.js';
import { detectHeader } from '../src/importer/header.js';
import { recordMapper } from '../src/importer/record.js';
import { personKey } from '../src/importer/write.js';
import { openFile } from '../src/readers/index.js';
import type { RosterRecord } from '../src/roster/row.js';
import { hasLeftBy } from '../src/roster/left.js';
import { fold } from '../src/text/fold.js';
import { neighbourhoodKey } from '../src/text/neighbourhood.js';
import { periodEnd } from '../src/text/period.js';
import type { UnitResolver } from '../src/units/types.js';
import { at } from './helpers/defined.js';
import { fakeResolver } from './helpers/fake-resolver.js';
import { tempDir } from './helpers/cli.js';
import { HEADERS, writeCsv } from './helpers/seed.js';

const COLUMNS = [...HEADERS, 'Ngày rời tổ'];

/** A small deterministic generator (mulberry32). */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ (t + t);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Huỳnh', 'Võ'];
const GIVEN = ['Thị Ánh', 'Văn Đức', 'Ngọc Hường', 'Minh Quân', 'Thu Thủy'];
const WARDS = ['Tân Định', 'TÂN ĐỊNH', 'Phường Sài Gòn', 'sài gòn', 'Phường Không Có'];
const KP = ['KP 01', 'Khu phố 1', 'kp1', 'Khu phố 2', 'KP.2', ''];
const ROLES = ['Tổ trưởng', 'tổ phó', 'Thành viên', 'TV', ''];
const YES_NO = ['Có', 'x', 'Không', ''];

interface Person {
  name: string;
  dob: string;
  id: string;
}

function person(rnd: () => number, i: number): Person {
  const pick = <T>(l: T[]) => at(l, Math.floor(rnd() * l.length));
  const name = `${pick(FAMILY)} ${pick(GIVEN)}`;
  const ids = [`0792${String(10_000_000 + i).padStart(8, '0')}`, String(100_000_000 + i), '', 'chưa có', `079 2${String(i).padStart(7, '0')}`];
  return { name, dob: `19${60 + (i % 40)}-0${1 + (i % 9)}-1${i % 10}`, id: pick(ids) };
}

/** A roster line of `p`, its values written in one of several ways. */
function line(rnd: () => number, p: Person): string[] {
  const pick = <T>(l: T[]) => at(l, Math.floor(rnd() * l.length));
  const [y, m, d] = p.dob.split('-') as [string, string, string];
  const name = pick([p.name, p.name.normalize('NFD'), p.name.toUpperCase(), p.name.replace(' ', '  '), ` ${p.name} `]);
  const dob = pick([p.dob, `${d}/${m}/${y}`, `${d}.${m}.${y}`, `${Number(d)}/${Number(m)}/${y}`]);
  const phone = pick(['0903123456', '0903 123 456 / 0913 999 888', '(028) 3829 1234', '', '84903123456']);
  const left = pick(['', '', '', '', '2026-11-15', '15/12/2026', 'tháng 11']);
  return [name, dob, pick(['Nữ', 'Nam', 'nu', '']), p.id, phone, pick(ROLES), pick(KP), pick(WARDS), pick(['Quận 1', '']), pick(YES_NO), left];
}

/** Files of one month: people drawn from `people`, some listed twice (another team, or the same one again). */
function writeMonth(dir: string, tag: string, people: Person[], seed: number, files = 3, rows = 60): string[] {
  const rnd = random(seed);
  const out: string[] = [];
  for (let f = 0; f < files; f++) {
    const lines = Array.from({ length: rows }, () => line(rnd, at(people, Math.floor(rnd() * people.length))));
    out.push(writeCsv(path.join(dir, `${tag}-${f}.csv`), lines, COLUMNS));
  }
  return out;
}

/** The records of a file as the row path reads them: the reader, header detection, the record mapper. */
async function recordsOf(file: string): Promise<RosterRecord[]> {
  const table = at((await openFile(file)).tables, 0);
  const rows = [];
  for await (const r of table.rows) rows.push(r);
  const header = detectHeader(rows.slice(0, 40));
  const mapper = recordMapper(header.columns, header.layout);
  return rows.filter((r) => r.row > header.headerRow).map((r) => mapper.toRecord(r, null) as RosterRecord);
}

interface RefMember {
  id: number;
  person_key: string;
  person_id: string | null;
  full_name: string;
  dob: string | null;
  gender: string | null;
  phone: string | null;
  email: string | null;
  organisation: string | null;
}

interface RefMembership {
  id: number;
  member_id: number;
  team_id: number;
  role: string;
  onetouch: number | null;
  joined_on: string | null;
  left_on: string | null;
  first_period: string;
  last_period: string;
  left_period: string | null;
  status: string;
  source_row_id: number;
  last_import_id: number;
}

const MEMBER_FIELDS = ['full_name', 'dob', 'gender', 'phone', 'email', 'organisation', 'person_id'] as const;

/** The plain model: every table as an array, one record at a time. */
class Reference {
  members: RefMember[] = [];
  teams: { id: number; unit_id: number | null; origin_unit_id: number | null; unit_text: string; neighbourhood: string; neighbourhood_key: string }[] = [];
  memberships: RefMembership[] = [];
  rows: Record<string, unknown>[] = [];
  private imports = 0;

  constructor(private readonly resolver: UnitResolver) {}

  /** One batch (an invocation): its files' records in order, one import per file. */
  batch(period: string, files: RosterRecord[][]): void {
    const first = this.imports + 1;
    const covered = new Set<number>();
    for (const records of files) {
      const importId = ++this.imports;
      for (const r of records) covered.add(this.add(r, period, importId, first));
    }
    for (const m of this.memberships) {
      if (m.status === 'active' && covered.has(m.team_id) && m.last_import_id < first && m.last_period <= period) {
        m.status = 'left';
        m.left_period = period;
      }
    }
  }

  private team(r: RosterRecord): { teamId: number; unitId: number | null; status: string } {
    const res = this.resolver.resolve({ code: r.ward_code, name: r.ward, district: r.district });
    const unitId = res.unit && res.status !== 'ambiguous' && res.status !== 'code-name-mismatch' ? res.unit.id : null;
    const text = unitId === null ? fold([r.ward_code, r.ward, r.district].filter(Boolean).join(' | ')) : '';
    const key = neighbourhoodKey(r.neighbourhood);
    let t = this.teams.find((x) => x.origin_unit_id === unitId && x.unit_text === text && x.neighbourhood_key === key);
    if (!t) {
      t = { id: this.teams.length + 1, unit_id: unitId, origin_unit_id: unitId, unit_text: text, neighbourhood: r.neighbourhood ?? '', neighbourhood_key: key };
      this.teams.push(t);
    }
    return { teamId: t.id, unitId, status: res.status };
  }

  private member(r: RosterRecord): { id: number; isNew: boolean } {
    const key = personKey(r);
    const m = this.members.find((x) => x.person_key === key);
    if (!m) {
      const id = this.members.length + 1;
      const { person_id, full_name, dob, gender, phone, email, organisation } = r;
      this.members.push({ id, person_key: key, person_id, full_name: full_name ?? '', dob, gender, phone, email, organisation });
      return { id, isNew: true };
    }
    for (const k of MEMBER_FIELDS) if (r[k] !== null && r[k] !== '') m[k] = r[k] as string;
    return { id: m.id, isNew: false };
  }

  /** One record: its team, person, row and membership; returns the team. */
  private add(r: RosterRecord, period: string, importId: number, first: number): number {
    const { teamId, unitId, status: unitStatus } = this.team(r);
    const { id: memberId, isNew } = this.member(r);
    const rowId = this.rows.length + 1;
    this.rows.push({
      id: rowId,
      import_id: importId,
      row_number: r.row,
      full_name: r.full_name,
      dob: r.dob,
      phone: r.phone,
      notes: r.notes,
      unit_id: unitId,
      unit_status: unitStatus,
      team_id: teamId,
      member_id: memberId,
    });
    const status = hasLeftBy(r.left_on, periodEnd(period)) ? 'left' : 'active';
    const role = r.role === 'leader' || r.role === 'deputy' ? r.role : 'member';
    const leftPeriod = status === 'left' ? period : null;
    const same = isNew ? [] : this.memberships.filter((x) => x.member_id === memberId && x.team_id === teamId);
    const existing = same[same.length - 1];
    if (!existing || (existing.status === 'left' && existing.last_import_id < first)) {
      const m = { member_id: memberId, team_id: teamId, role, onetouch: r.onetouch, joined_on: r.joined_on, left_on: r.left_on };
      this.memberships.push({
        id: this.memberships.length + 1,
        ...m,
        first_period: period,
        last_period: period,
        left_period: leftPeriod,
        status,
        source_row_id: rowId,
        last_import_id: importId,
      });
    } else {
      Object.assign(existing, {
        role,
        onetouch: r.onetouch ?? existing.onetouch,
        joined_on: r.joined_on ?? existing.joined_on,
        left_on: r.left_on,
        last_period: existing.last_period > period ? existing.last_period : period,
        left_period: leftPeriod,
        status,
        source_row_id: rowId,
        last_import_id: importId,
      });
    }
    return teamId;
  }
}

let dir: string;
let db: DB;
let resolver: UnitResolver;
beforeEach(() => {
  dir = tempDir();
  db = openStore(path.join(dir, 'r.db'), { create: true }).db;
  resolver = fakeResolver(db);
});

async function both(ref: Reference, period: string, files: string[]): Promise<void> {
  await importRosters(db, { files, period, mode: 'sync', dryRun: false, now: () => new Date('2026-12-01T00:00:00Z'), resolver });
  ref.batch(period, await Promise.all(files.map(recordsOf)));
}

function stored(sql: string): unknown[] {
  return db.prepare(sql).all();
}

describe('the import matches the row-by-row reference', () => {
  it('two sync months of generated rosters with awkward values: members, teams, memberships and rows id for id', async () => {
    const rnd = random(7);
    const people = Array.from({ length: 80 }, (_, i) => person(rnd, i));
    const ref = new Reference(resolver);
    await both(ref, '2026-11', writeMonth(dir, 'nov', people, 11));
    // December: a part of the people only, written again in other ways.
    await both(ref, '2026-12', writeMonth(dir, 'dec', people.slice(0, 50), 12, 2, 50));

    expect(ref.rows).toHaveLength(280);
    expect(stored('SELECT id, person_key, person_id, full_name, dob, gender, phone, email, organisation FROM members ORDER BY id')).toEqual(ref.members);
    expect(stored('SELECT id, unit_id, origin_unit_id, unit_text, neighbourhood, neighbourhood_key FROM teams ORDER BY id')).toEqual(ref.teams);
    expect(
      stored(
        `SELECT id, member_id, team_id, role, onetouch, joined_on, left_on, first_period, last_period, left_period, status, source_row_id, last_import_id
         FROM memberships ORDER BY id`,
      ),
    ).toEqual(ref.memberships);
    expect(stored('SELECT id, import_id, row_number, full_name, dob, phone, notes, unit_id, unit_status, team_id, member_id FROM source_rows ORDER BY id')).toEqual(ref.rows);
    // The awkward values did reach the model: people found again by name and birth date, several teams, leavers of both kinds.
    expect(ref.members.some((m) => m.person_key.startsWith('nd:'))).toBe(true);
    expect(new Set(ref.teams.map((t) => t.neighbourhood_key)).size).toBeGreaterThan(2);
    expect(ref.teams.some((t) => t.unit_id === null)).toBe(true);
    expect(ref.memberships.some((m) => m.status === 'left' && m.left_on === null)).toBe(true);
    expect(ref.memberships.some((m) => m.status === 'left' && m.left_on !== null)).toBe(true);
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.csv'))).toHaveLength(5);
  });
});
