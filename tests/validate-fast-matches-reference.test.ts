/**
 * The fast validation path (one pass: SQL flags, JavaScript screens, tallies)
 * gives exactly the report of the plain way (every row read in full and given
 * to every rule, counts taken from the rows themselves) on generated periods
 * full of awkward values: blanks of every kind of white space, quotes,
 * backslashes and newlines inside values, malformed and inconsistent IDs,
 * legacy and foreign phone numbers, retired and stale units, rows without a
 * team or a member, repeated members, several leaders.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { validatePeriod } from '../src/rules/engine.js';
import { FIELDS } from '../src/roster/fields.js';
import { sourceRowInserter } from '../src/roster/row.js';
import type { RulesConfig } from '../src/rules/config.js';
import { openStore, type DB } from '../src/store/db.js';
import { initDb } from './helpers/seed.js';
import { tempDir } from './helpers/cli.js';
import { at } from './helpers/defined.js';

let dir: string;
let db: DB;

/** Deterministic pseudo-random numbers. */
function prng(seed: number) {
  let s = seed;
  const next = () => {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    return s / 0x7fffffff;
  };
  return { next, pick: <T>(a: readonly T[]): T => at(a, Math.floor(next() * a.length)), chance: (p: number) => next() < p };
}

interface Unit {
  id: number;
  code: string;
  name: string;
}

function units(d: DB, vintage: string): Unit[] {
  return d.prepare('SELECT id, code, name FROM units WHERE vintage = ? AND level = 3 ORDER BY id LIMIT 12').all(vintage) as Unit[];
}

const NAMES = ['Nguyễn Văn An', 'Trần Thị Bình', 'Lê Hữu Châu', 'Đặng Ngọc Dũng', 'Ông Thanh Hà', 'Ưng Minh Hải'];
const BLANKS = ['', ' ', '\t', '\u00a0', '\u3000', '\ufeff', '\u2028', '  \n '];
const ODD = ['x"y', 'a\\b', 'dòng\nhai', '|', '\u0001', 'Ｔên'];

/** Writes one import of `n` generated rows for `period`. */
function generate(d: DB, period: string, n: number, seed: number): void {
  const r = prng(seed);
  const current = units(d, '2025-07-01');
  const old = units(d, '2025-03-01');
  const cols = FIELDS.map((field, index) => ({ field, index, header: `H-${field}`, column: String.fromCharCode(65 + index) }));
  const imp = d
    .prepare(
      "INSERT INTO imports (period, mode, file_name, file_sha256, sheet, header_row, columns_json, imported_at) VALUES (?, 'sync', 'gen.csv', ?, 'DS', 1, ?, '2026-11-28T00:00:00Z')",
    )
    .run(period, `sha-${period}-${seed}`, JSON.stringify(cols)).lastInsertRowid as number;
  const insTeam = d.prepare("INSERT INTO teams (unit_id, origin_unit_id, unit_text, neighbourhood, neighbourhood_key) VALUES (?, ?, '', ?, ?)");
  const insMember = d.prepare('INSERT INTO members (person_key, full_name) VALUES (?, ?)');
  const insRow = sourceRowInserter(d);
  const members: number[] = [];
  let team: { id: number; unit: Unit; status: string; nb: string } | undefined;
  let left = 0;
  for (let i = 0; i < n; i++) {
    if (!team || left === 0 || r.chance(0.05)) {
      const retired = r.chance(0.25);
      const unit = retired ? r.pick(old) : r.pick(current);
      const status = retired ? r.pick(['retired.full', 'retired.partial', 'current']) : r.pick(['current', 'current', 'current', 'unknown', 'ambiguous']);
      const nb = r.chance(0.1) ? '' : `Khu phố ${1 + Math.floor(r.next() * 6)}`;
      const id = insTeam.run(unit.id, unit.id, nb, nb.toLowerCase()).lastInsertRowid as number;
      team = { id, unit, status, nb };
      left = 1 + Math.floor(r.next() * 9);
    }
    left--;
    const year = 1930 + Math.floor(r.next() * 90);
    const male = r.chance(0.5);
    const good = r.chance(0.6);
    const dob = good
      ? `${year}-${String(1 + Math.floor(r.next() * 12)).padStart(2, '0')}-${String(1 + Math.floor(r.next() * 28)).padStart(2, '0')}`
      : r.pick([String(year), '31/12/1990', '199O', 'abcd-ef-gh', '1990-05-01 ', '2026-12-31', '2031-01-01', ...BLANKS, null, ...ODD]);
    const cg = (year >= 2000 ? 2 : 0) + (male ? 0 : 1);
    const serial = String(Math.floor(r.next() * 1e6)).padStart(6, '0');
    const validId = `0${r.pick(['79', '01', '92'])}${cg}${String(year % 100).padStart(2, '0')}${serial}`;
    const personId = good
      ? validId
      : r.pick([
          validId,
          `079${(cg + 1) % 10}${String(year % 100).padStart(2, '0')}${serial}`,
          `0790${String((year + 1) % 100).padStart(2, '0')}${serial}`,
          `003${cg}90${serial}`,
          '123456789',
          '07909012345',
          '0790900123456',
          '07909O012345',
          '１２３４５６７８９０１２',
          'CCCD 079090001234',
          ...BLANKS,
          null,
          ...ODD,
        ]);
    const row = {
      import_id: imp,
      period,
      row_number: i + 2,
      full_name: r.chance(0.9) ? r.pick(NAMES) : r.pick([...BLANKS, null, ...ODD]),
      dob,
      gender: r.chance(0.85) ? (male ? 'male' : 'female') : r.pick(['nam', '', null, 'male', 'female', 'x"y']),
      person_id: personId,
      phone: r.chance(0.7)
        ? r.pick(['0903123456', '0329123456', '0779123456'])
        : r.pick(['01629123456', '84912345678', '841629123456', '02838291234', '0551234567', '090312345a', '+84903123456', '090 312 3456', ...BLANKS, null, ...ODD]),
      email: r.chance(0.7)
        ? `nv${i}@example.vn`
        : r.pick(['a@b', 'a b@c.vn', 'nguyễn@ubnd.vn', 'a"b@c.vn', 'a\\b@c.vn', 'a@b..vn', 'a@.b.vn', 'a@b.v', '@b.vn', 'x@y.z.', 'a@@b.vn', ...BLANKS, null]),
      role: r.chance(0.8) ? (r.chance(0.2) ? 'leader' : 'member') : r.pick(['deputy', 'leader', 'Tổ trưởng', 'boss', ...BLANKS, null]),
      neighbourhood: team.nb || null,
      ward: r.chance(0.95) ? team.unit.name : r.pick(['Phường Không Có', 'Phường 1', ...BLANKS, null]),
      ward_code: r.chance(0.3) ? team.unit.code : r.pick([null, '', '99999']),
      district: r.chance(0.2) ? r.pick(['Quận 1', 'Quận 3', 'Quận 4']) : null,
      joined_on: r.pick(['2025-03-15', '2026-11-30', '2026-12-01', null, '15/03/2025', '']),
      left_on: r.chance(0.85) ? null : r.pick(['2025-01-01', '2026-11-30', '2026-12-01', '2024-01-01', 'gone', '']),
      repairs: r.chance(0.9)
        ? null
        : r.pick(['person_id:repaired', 'phone:repaired', 'dob:unparsed', 'person_id:unrecoverable', 'phone:unrecoverable', 'person_id:repaired,phone:repaired', 'x']),
      unit_id: r.chance(0.97) ? team.unit.id : null,
      unit_status: r.chance(0.97) ? team.status : r.pick(['current', null, 'code-name-mismatch']),
      team_id: r.chance(0.97) ? team.id : null,
    };
    // Repeated people: an earlier member again, or none at all.
    let member: number | null;
    if (members.length > 0 && r.chance(0.05)) member = r.pick(members);
    else if (r.chance(0.02)) member = null;
    else {
      member = insMember.run(`k:${period}:${seed}:${i}`, String(row.full_name ?? '')).lastInsertRowid as number;
      members.push(member);
    }
    insRow({ ...row, member_id: member });
  }
}

function report(period: string, extra: { chunkSize?: number; reference?: boolean; config?: RulesConfig } = {}) {
  return validatePeriod(db, { period, lang: 'en', ...extra });
}

beforeAll(async () => {
  dir = tempDir();
  const file = await initDb({ dir });
  db = openStore(file).db;
  db.transaction(() => {
    generate(db, '2026-11', 3000, 7);
    generate(db, '2026-10', 1500, 11);
    generate(db, '2026-11', 500, 13); // a second import of the same period
  })();
}, 60_000);

afterAll(() => {
  db?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('fast validation equals the plain way', () => {
  test('on a generated period, whatever the width of the id ranges', () => {
    const expected = report('2026-11', { reference: true });
    // The data really exercise the rules.
    const rules = new Set(expected.findings.map((f) => f.rule));
    for (const id of [
      'field.required',
      'person.id.format',
      'person.id.missing',
      'person.id.mismatch',
      'person.id.repaired',
      'person.id.unrecoverable',
      'person.phone.format',
      'person.phone.legacy',
      'person.phone.repaired',
      'person.email.format',
      'person.dob.format',
      'person.dob.range',
      'person.role.unknown',
      'person.duplicate',
      'unit.unknown',
      'unit.retired.full',
      'unit.retired.partial',
      'team.leader.missing',
      'team.leader.multiple',
      'team.size',
      'team.duplicate-neighbourhood',
      'date.order',
      'date.future',
      'date.left.format',
    ]) {
      expect([id, rules.has(id)]).toEqual([id, true]);
    }
    expect(expected.findings.length).toBeGreaterThan(1000);
    for (const chunkSize of [undefined, 1, 97, 1000]) {
      expect(report('2026-11', { chunkSize })).toEqual(expected);
    }
  });

  test('on another period and with a rules file that changes thresholds and switches rules off', () => {
    const config: RulesConfig = {
      rules: {
        'person.dob.range': { min: 20, max: 60, severity: 'error' },
        'team.size': { neighbourhoodMin: 5, neighbourhoodMax: 6 },
        'person.phone.legacy': 'off',
        'unit.unknown': 'off',
        'person.id.missing': 'info',
      },
    };
    const expected = report('2026-10', { reference: true, config });
    expect(expected.findings.some((f) => f.rule === 'person.dob.range' && f.severity === 'error')).toBe(true);
    expect(expected.findings.some((f) => f.rule === 'person.phone.legacy' || f.rule === 'unit.unknown')).toBe(false);
    expect(report('2026-10', { config })).toEqual(expected);
    expect(report('2026-10', { config, chunkSize: 50 })).toEqual(expected);
  });

  test('a period with no rows gives an empty report either way', () => {
    expect(report('2030-01')).toEqual(report('2030-01', { reference: true }));
    expect(report('2030-01').findings).toEqual([]);
  });
});
