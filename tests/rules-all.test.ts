/**
 * One positive and one negative case per rule id, on small periods written
 * with plain SQL into a database that `roster init` filled with the bundled
 * unit sample (former Districts 1 and 3 and a few neighbours). Findings are
 * flattened to [rule, severity, cell] and read back from validatePeriod.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { checkRulesConfig, loadRulesConfig } from '../src/rules/config.js';
import { periodEnd, validatePeriod } from '../src/rules/engine.js';
import { checkPhone, isEmail, EMAIL_SQL } from '../src/rules/identifiers.js';
import { RULES } from '../src/rules/registry.js';
import { FIELDS } from '../src/roster/fields.js';
import { sourceRowInserter } from '../src/roster/row.js';
import type { Finding } from '../src/rules/types.js';
import { openStore, type DB } from '../src/store/db.js';
import { initDb } from './helpers/seed.js';
import { roster, tempDir } from './helpers/cli.js';
import { InputError } from '../src/errors.js';
import { at } from './helpers/defined.js';
import { SPEC_RULE_IDS } from './helpers/spec-rules.js';

const LETTER = Object.fromEntries(FIELDS.map((f, i) => [f, String.fromCharCode(65 + i)]));

interface Row {
  full_name?: string | null;
  dob?: string | null;
  gender?: string | null;
  person_id?: string | null;
  phone?: string | null;
  email?: string | null;
  role?: string | null;
  neighbourhood?: string | null;
  ward?: string | null;
  ward_code?: string | null;
  district?: string | null;
  joined_on?: string | null;
  left_on?: string | null;
  repairs?: string | null;
  /** Rows with the same member key are the same person. */
  member?: string;
  /** Unit code (2025-07-01 list unless vintage given) the team is filed under. */
  teamUnit?: string;
  teamVintage?: string;
  unit_status?: string;
  /** The import's columns: a second column of this field (a duplicate), or the split-name and Nam/Nữ layout columns. */
  extraColumn?: 'duplicate' | 'layout';
}

let dir: string;
let file: string;
let db: DB;
let serial = 0;
let periodNo = 0;

function unitId(d: DB, code: string, vintage = '2025-07-01'): number {
  const r = d.prepare('SELECT id FROM units WHERE code = ? AND vintage = ? AND level = 3').get(code, vintage) as { id: number } | undefined;
  if (!r) throw new Error(`no unit ${code} ${vintage}`);
  return r.id;
}

function nextPeriod(): string {
  const n = periodNo++;
  return `${2026 + Math.floor(n / 12)}-${String((n % 12) + 1).padStart(2, '0')}`;
}

/** A clean person: ID consistent with a 1990 male birth in Ho Chi Minh City. */
function person(extra: Row = {}): Row {
  serial++;
  return {
    full_name: `Nguyễn Văn ${serial}`,
    dob: '1990-05-01',
    gender: 'male',
    person_id: `079090${String(serial).padStart(6, '0')}`,
    phone: '0903123456',
    email: `nv${serial}@example.vn`,
    role: 'member',
    neighbourhood: 'Khu phố 1',
    ward: 'Phường Sài Gòn',
    ...extra,
  };
}

/** A clean team of three: one leader, two members. */
function team(extra: Row = {}): Row[] {
  return [person({ role: 'leader', ...extra }), person(extra), person(extra)];
}

/** Writes one import of `rows` for a new period; returns the period. */
function write(d: DB, rows: Row[], period = nextPeriod(), fileName = 'ds.xlsx'): string {
  const cols: Record<string, unknown>[] = FIELDS.map((field, index) => ({ field, index, header: `H-${field}`, column: LETTER[field] }));
  if (rows.some((r) => r.extraColumn === 'duplicate')) cols.push({ field: 'person_id', index: 16, header: 'H-person_id', column: 'Q', kind: 'duplicate' });
  if (rows.some((r) => r.extraColumn === 'layout')) {
    cols.push({ field: 'full_name', index: 16, header: 'Họ', column: 'Q', kind: 'name-family' }, { field: 'full_name', index: 17, header: 'Tên', column: 'R', kind: 'name-given' });
    cols.push({ field: 'dob', index: 18, header: 'Nam', column: 'S', kind: 'dob-male' }, { field: 'dob', index: 19, header: 'Nữ', column: 'T', kind: 'dob-female' });
  }
  const imp = d
    .prepare(
      "INSERT INTO imports (period, mode, file_name, file_sha256, sheet, header_row, columns_json, imported_at) VALUES (?, 'sync', ?, ?, 'DS', 1, ?, '2026-11-28T00:00:00Z')",
    )
    .run(period, fileName, `sha-${period}-${fileName}`, JSON.stringify(cols)).lastInsertRowid as number;
  const insRow = sourceRowInserter(d);
  const teams = new Map<string, number>();
  const members = new Map<string, number>();
  rows.forEach((r, i) => {
    const unit = unitId(d, r.teamUnit ?? '26740', r.teamVintage ?? '2025-07-01');
    const nb = r.neighbourhood ?? '';
    const tk = `${unit}|${nb}`;
    let teamId = teams.get(tk);
    if (teamId === undefined) {
      teamId = d.prepare("INSERT INTO teams (unit_id, origin_unit_id, unit_text, neighbourhood, neighbourhood_key) VALUES (?, ?, '', ?, ?)").run(unit, unit, nb, nb.toLowerCase())
        .lastInsertRowid as number;
      teams.set(tk, teamId);
    }
    const mk = r.member ?? `p${period}-${i}-${r.person_id ?? r.full_name}`;
    let memberId = members.get(mk);
    if (memberId === undefined) {
      memberId = d
        .prepare('INSERT INTO members (person_key, person_id, full_name, dob, gender) VALUES (?, ?, ?, ?, ?)')
        .run(`k:${mk}:${serial++}`, r.person_id ?? null, r.full_name ?? '', r.dob ?? null, r.gender ?? null).lastInsertRowid as number;
      members.set(mk, memberId);
    }
    insRow({
      import_id: imp,
      period,
      row_number: i + 2,
      full_name: r.full_name ?? null,
      dob: r.dob ?? null,
      gender: r.gender ?? null,
      person_id: r.person_id ?? null,
      phone: r.phone ?? null,
      email: r.email ?? null,
      role: r.role ?? null,
      neighbourhood: r.neighbourhood ?? null,
      ward: r.ward ?? null,
      ward_code: r.ward_code ?? null,
      district: r.district ?? null,
      joined_on: r.joined_on ?? null,
      left_on: r.left_on ?? null,
      repairs: r.repairs ?? null,
      unit_id: unit,
      unit_status: r.unit_status ?? 'current',
      team_id: teamId,
      member_id: memberId,
    });
  });
  return period;
}

type Triple = [string, string, string];
const triples = (fs_: Finding[]): Triple[] => fs_.map((f) => [f.rule, f.severity, f.source?.cell ?? `row ${f.source?.row ?? '?'}`]);
const of = (fs_: Finding[], rule: string) => fs_.filter((f) => f.rule === rule);

/**
 * Each case is a period of its own, with teams of its own: the periods do not
 * follow one another, so completeness (team.roster.missing, which compares with
 * the period before) is off here and tested in tests/month-*.test.ts.
 */
function run(d: DB, period: string, config?: Parameters<typeof validatePeriod>[1]['config']) {
  const rules = { 'team.roster.missing': { enabled: false }, ...config?.rules };
  return validatePeriod(d, { period, lang: 'en', config: { ...config, rules }, chunkSize: 2 });
}

beforeAll(async () => {
  dir = tempDir();
  file = await initDb({ dir });
  db = openStore(file).db;
});
afterAll(() => {
  db?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('clean roster', () => {
  test('a clean team yields no finding at all', () => {
    const p = write(db, team());
    const r = run(db, p);
    expect(r.findings).toEqual([]);
    expect(r).toMatchObject({ ok: true, period: p, counts: { error: 0, warning: 0, info: 0 } });
  });
});

/** [rule, rows of a period (the first row of each list is row 2), expected severity, expected cell] */
const POSITIVE: [string, () => Row[], string, string][] = [
  ['field.required', () => [...team(), person({ full_name: '' })], 'error', 'A5'],
  ['person.name.format', () => [...team(), person({ full_name: '5' })], 'error', 'A5'],
  ['person.name.format', () => [...team(), person({ full_name: 'II' })], 'error', 'A5'],
  ['person.name.format', () => [...team(), person({ full_name: 'B' })], 'error', 'A5'],
  ['person.id.format', () => [...team(), person({ person_id: '079090123' })], 'error', 'D5'],
  ['person.id.format', () => [...team(), person({ person_id: '003090123456' })], 'error', 'D5'],
  ['person.id.format', () => [...team(), person({ person_id: '07909012345' })], 'error', 'D5'],
  ['person.id.missing', () => [...team(), person({ person_id: null })], 'warning', 'D5'],
  ['person.id.mismatch', () => [...team(), person({ person_id: '079085000001', dob: '1990-05-01' })], 'error', 'D5'],
  ['person.id.mismatch', () => [...team(), person({ person_id: '079190000001', gender: 'male' })], 'error', 'D5'],
  ['person.id.repaired', () => [...team(), person({ repairs: 'person_id:repaired' })], 'warning', 'D5'],
  ['person.id.unrecoverable', () => [...team(), person({ person_id: '7.91E+10', repairs: 'person_id:unrecoverable' })], 'error', 'D5'],
  ['person.phone.format', () => [...team(), person({ phone: '0123' })], 'warning', 'E5'],
  ['person.phone.legacy', () => [...team(), person({ phone: '01689123456' })], 'warning', 'E5'],
  ['person.phone.repaired', () => [...team(), person({ repairs: 'phone:repaired' })], 'info', 'E5'],
  ['person.email.format', () => [...team(), person({ email: 'an@@example' })], 'warning', 'F5'],
  ['person.dob.format', () => [...team(), person({ dob: 'mùng 5 tết', repairs: 'dob:unparsed' })], 'warning', 'B5'],
  ['person.dob.range', () => [...team(), person({ dob: '2015-01-01', person_id: '079215000001' })], 'warning', 'B5'],
  ['person.role.unknown', () => [...team(), person({ role: 'Cộng tác viên' })], 'warning', 'G5'],
  [
    'person.duplicate',
    () => [...team(), person({ member: 'same', person_id: '079090999999' }), person({ member: 'same', person_id: '079090999999', neighbourhood: 'Khu phố 2' })],
    'error',
    'D6',
  ],
  ['team.leader.missing', () => [person(), person(), person()], 'error', 'G2'],
  ['team.leader.multiple', () => [...team(), person({ role: 'leader' })], 'error', 'G5'],
  ['team.size', () => [person({ role: 'leader' }), person()], 'warning', 'row 2'],
  ['date.order', () => [...team(), person({ joined_on: '2025-05-01', left_on: '2025-04-01' })], 'error', 'N5'],
  ['date.future', () => [...team(), person({ joined_on: '2099-01-01' })], 'error', 'M5'],
  ['date.left.format', () => [...team(), person({ left_on: '2025' })], 'error', 'N5'],
  ['date.left.format', () => [...team(), person({ left_on: '2025-02-30', repairs: 'left_on:unparsed' })], 'error', 'N5'],
  ['date.left.format', () => [...team(), person({ left_on: 'nghỉ từ tháng 3' })], 'error', 'N5'],
  ['column.duplicate', () => team({ extraColumn: 'duplicate' }), 'warning', 'Q1'],
  // A Cyrillic "о" inside a Vietnamese name.
  ['text.mixed-script', () => [...team(), person({ full_name: 'Nguyễn Văn Hоàng' })], 'warning', 'A5'],
];

/** Near misses: the same shape, correct. */
const NEGATIVE: [string, () => Row[]][] = [
  ['field.required', () => [...team(), person({ ward: null, ward_code: '26740' })]],
  ['person.name.format', () => [...team(), person({ full_name: 'Lê Văn A' }), person({ full_name: 'An' }), person({ full_name: 'Ý Nhi' })]],
  ['person.id.format', () => [...team(), person({ person_id: '001090123456' })]],
  ['person.id.missing', () => [...team(), person({ person_id: null, full_name: null })]],
  ['person.id.mismatch', () => [...team(), person({ person_id: '079301000001', dob: '2001-02-03', gender: 'female' })]],
  ['person.id.repaired', () => [...team(), person({ repairs: 'phone:repaired' })]],
  ['person.id.unrecoverable', () => [...team(), person({ repairs: 'person_id:repaired' })]],
  ['person.phone.format', () => [...team(), person({ phone: '02838291234' }), person({ phone: '84912345678' })]],
  ['person.phone.legacy', () => [...team(), person({ phone: '0389123456' })]],
  ['person.phone.repaired', () => [...team(), person({ repairs: 'person_id:repaired' })]],
  ['person.email.format', () => [...team(), person({ email: 'nguyen.van.an@ubnd.hochiminhcity.gov.vn' })]],
  ['person.dob.format', () => [...team(), person({ dob: '1990' })]],
  ['person.dob.range', () => [...team(), person({ dob: '1950-01-01', person_id: '079050000001' })]],
  ['person.role.unknown', () => [...team(), person({ role: 'deputy' })]],
  ['person.duplicate', () => [...team(), person({ full_name: 'Nguyễn Văn Trùng' }), person({ full_name: 'Nguyễn Văn Trùng', dob: '1991-01-01', person_id: '079091000077' })]],
  ['team.leader.missing', () => team()],
  ['team.leader.multiple', () => [...team(), person({ role: 'leader', left_on: '2025-01-01' })]],
  ['team.size', () => [...team(), ...Array.from({ length: 7 }, () => person())]],
  ['date.order', () => [...team(), person({ joined_on: '2025-04-01', left_on: '2025-04-01' })]],
  ['date.future', () => [...team(), person({ joined_on: '2025-01-01' })]],
  ['date.left.format', () => [...team(), person({ left_on: '2024-02-29' }), person({ left_on: ' ' }), person({ left_on: '' })]],
  ['column.duplicate', () => team({ extraColumn: 'layout' })],
];

describe('each rule, positive', () => {
  test.each(POSITIVE)('%s', (rule, rows, severity, cell) => {
    const p = write(db, rows());
    const r = run(db, p);
    expect(triples(of(r.findings, rule))).toEqual([[rule, severity, cell]]);
    const f = at(of(r.findings, rule), 0);
    expect(f.source).toMatchObject({ file: 'ds.xlsx', sheet: 'DS' });
    expect(f.message.length).toBeGreaterThan(10);
    expect(r.ok).toBe(r.counts.error === 0);
  });
});

describe('each rule, negative', () => {
  test.each(NEGATIVE)('%s', (rule, rows) => {
    const p = write(db, rows());
    expect(triples(of(run(db, p).findings, rule))).toEqual([]);
  });
});

describe('details', () => {
  test('phone.legacy suggests the 10-digit number; phone.format leaves it alone', () => {
    const p = write(db, [...team(), person({ phone: '01219876543' })]);
    const r = run(db, p);
    expect(at(of(r.findings, 'person.phone.legacy'), 0).suggestion).toEqual({ value: '0799876543' });
    expect(of(r.findings, 'person.phone.format')).toEqual([]);
  });

  test('a 9-digit old ID card number is named as such', () => {
    const p = write(db, [...team(), person({ person_id: '023456789' })]);
    expect(at(of(run(db, p).findings, 'person.id.format'), 0).message).toMatch(/9-digit/);
  });

  test('person.duplicate points at the first row and reports each later one', () => {
    const p = write(db, [
      ...team(),
      person({ member: 'x', person_id: '079090555555' }),
      person({ member: 'x', person_id: '079090555555' }),
      person({ member: 'x', person_id: '079090555555' }),
    ]);
    const f = of(run(db, p).findings, 'person.duplicate');
    expect(f.map((x) => x.source?.row)).toEqual([6, 7]);
    expect(at(f, 0).message).toContain('ds.xlsx row 5');
  });

  test('members who left before the period end do not count in team size or leaders', () => {
    const p = write(db, [person({ role: 'leader', left_on: '2025-01-01' }), person(), person(), person()]);
    const r = run(db, p);
    expect(of(r.findings, 'team.leader.missing')).toHaveLength(1);
  });

  test('ward-level and neighbourhood teams have their own size ranges', () => {
    const big = () => [person({ role: 'leader', neighbourhood: '' }), ...Array.from({ length: 11 }, () => person({ neighbourhood: '' }))];
    const p = write(db, big());
    expect(of(run(db, p).findings, 'team.size')).toEqual([]);
    const q = write(
      db,
      big().map((r) => ({ ...r, neighbourhood: 'Khu phố 9' })),
    );
    expect(of(run(db, q).findings, 'team.size')).toHaveLength(1);
  });

  test('dob.range boundaries: 16 at the period end passes, 15 fails', () => {
    const p = nextPeriod();
    const end = periodEnd(p);
    const y = Number(end.slice(0, 4));
    const ok = `${y - 16}-${end.slice(5)}`;
    const young = `${y - 16}-12-31` > end ? `${y - 16}-12-31` : `${y - 15}-01-01`;
    write(db, [...team(), person({ dob: ok, person_id: null }), person({ dob: young, person_id: null })], p);
    const f = of(run(db, p).findings, 'person.dob.range');
    expect(f.map((x) => x.value)).toEqual([young]);
  });
});

describe('unit rules', () => {
  test('retired.full warns with the successor; retired.partial is an error with every successor and its legal basis', () => {
    const p = write(db, [
      ...team({ ward: 'Phường Bến Nghé', neighbourhood: 'Khu phố 1', teamUnit: '26740', teamVintage: '2025-03-01', unit_status: 'retired.full' }),
      ...team({ ward: 'Phường Đa Kao', neighbourhood: 'Khu phố 2', teamUnit: '26737', teamVintage: '2025-03-01', unit_status: 'retired.partial' }),
    ]);
    const r = run(db, p);
    const full = of(r.findings, 'unit.retired.full');
    expect(full.map((f) => [f.severity, f.source?.cell])).toEqual([
      ['warning', 'J2'],
      ['warning', 'J3'],
      ['warning', 'J4'],
    ]);
    expect(at(full, 0).suggestion?.candidates?.map((c) => [c.code, c.name, c.kind])).toEqual([['26740', 'Phường Sài Gòn', 'full']]);
    const partial = of(r.findings, 'unit.retired.partial');
    expect(partial).toHaveLength(3);
    expect(at(partial, 0).severity).toBe('error');
    expect(
      at(partial, 0)
        .suggestion?.candidates?.map((c) => c.name)
        .sort(),
    ).toEqual(['Phường Sài Gòn', 'Phường Tân Định']);
    expect(at(partial, 0).suggestion?.candidates?.every((c) => c.legalBasis === '1685/NQ-UBTVQH15')).toBe(true);
    expect(r.ok).toBe(false);
  });

  test('after remap moved the team, the retired finding becomes info naming the new ward', () => {
    const p = write(db, team({ ward: 'Phường Đa Kao', neighbourhood: 'Khu phố 8', teamUnit: '26737', teamVintage: '2025-03-01', unit_status: 'retired.partial' }));
    const teamId = (db.prepare('SELECT team_id FROM source_rows WHERE period = ? LIMIT 1').get(p) as { team_id: number }).team_id;
    db.prepare('UPDATE teams SET unit_id = ? WHERE id = ?').run(unitId(db, '26737'), teamId);
    const r = run(db, p);
    const f = of(r.findings, 'unit.retired.partial');
    expect(f.map((x) => x.severity)).toEqual(['info', 'info', 'info']);
    expect(at(f, 0).message).toContain('Phường Tân Định');
    expect(r.ok).toBe(true);
  });

  test('unknown ward: error with the closest names', () => {
    const p = write(db, [...team(), person({ ward: 'Phường Sài Gònn', unit_status: 'unknown' })]);
    const f = of(run(db, p).findings, 'unit.unknown');
    expect(triples(f)).toEqual([['unit.unknown', 'error', 'J5']]);
    expect(at(f, 0).suggestion?.candidates?.map((c) => c.name)).toContain('Phường Sài Gòn');
  });

  test('code and name that agree in no list: code-name-mismatch', () => {
    const p = write(db, [...team(), person({ ward: 'Phường Tân Định', ward_code: '27154', unit_status: 'code-name-mismatch' })]);
    expect(triples(of(run(db, p).findings, 'unit.code-name-mismatch'))).toEqual([['unit.code-name-mismatch', 'error', 'K5']]);
  });

  test('a current ward with its code is clean (negative for every unit rule)', () => {
    const p = write(db, team({ ward: 'Phường Sài Gòn', ward_code: '26740' }));
    expect(run(db, p).findings.filter((f) => f.rule.startsWith('unit.'))).toEqual([]);
  });

  test('a ward of another district is outside the jurisdiction (former Districts 1 and 3)', () => {
    const p = write(db, [...team(), person({ ward: 'Phường 1', district: 'Quận 4', unit_status: 'retired.full' })]);
    const r = run(db, p);
    expect(triples(of(r.findings, 'unit.outside-jurisdiction'))).toEqual([['unit.outside-jurisdiction', 'error', 'J5']]);
    // Phường 1 of District 3 is inside.
    const q = write(db, [...team(), person({ ward: 'Phường 1', district: 'Quận 3', unit_status: 'retired.full' })]);
    expect(of(run(db, q).findings, 'unit.outside-jurisdiction')).toEqual([]);
  });

  test('"Phường 1" with no district is ambiguous for an office answering for the whole city', async () => {
    const d2 = path.join(dir, 'city.db');
    const r0 = await roster(['init', '--db', d2, '--office', 'UBND Thành phố']);
    expect(r0.code).toBe(0);
    const db2 = openStore(d2).db;
    try {
      const p = write(db2, [...team(), person({ ward: 'Phường 1', unit_status: 'ambiguous' })]);
      const f = of(run(db2, p).findings, 'unit.ambiguous');
      expect(triples(f)).toEqual([['unit.ambiguous', 'error', 'J5']]);
      expect(
        at(f, 0)
          .suggestion?.candidates?.map((c) => c.parent)
          .sort(),
      ).toEqual(['Quận 3', 'Quận 4']);
      const q = write(db2, [...team(), person({ ward: 'Phường 1', district: 'Quận 3', unit_status: 'retired.full' })]);
      expect(of(run(db2, q).findings, 'unit.ambiguous')).toEqual([]);
    } finally {
      db2.close();
    }
  });

  test('a row stored as current in a unit that retired since (reference loaded later) is re-checked', () => {
    const p = write(db, team({ ward: 'Phường Bến Nghé', neighbourhood: 'Khu phố 3', teamUnit: '26740', teamVintage: '2025-03-01', unit_status: 'current' }));
    expect(of(run(db, p).findings, 'unit.retired.full')).toHaveLength(3);
  });
});

describe('team.duplicate-neighbourhood', () => {
  test('two teams on the same neighbourhood of the same ward after a merger', () => {
    // Khu phố 1 of old Bến Nghé (merged whole into Sài Gòn) and Khu phố 1 already filed under Sài Gòn.
    const p = write(db, [
      ...team({ neighbourhood: 'Khu phố 1' }),
      ...team({ ward: 'Phường Bến Nghé', neighbourhood: 'Khu phố 1', teamUnit: '26740', teamVintage: '2025-03-01', unit_status: 'retired.full' }),
    ]);
    expect(triples(of(run(db, p).findings, 'team.duplicate-neighbourhood'))).toEqual([['team.duplicate-neighbourhood', 'error', 'I5']]);
  });

  test('different neighbourhoods of one ward do not clash', () => {
    const p = write(db, [...team({ neighbourhood: 'Khu phố 1' }), ...team({ neighbourhood: 'Khu phố 2' })]);
    expect(of(run(db, p).findings, 'team.duplicate-neighbourhood')).toEqual([]);
  });
});

describe('rules file', () => {
  test('severities, thresholds and switching off', () => {
    const rows = () => [person({ role: 'leader' }), person(), person(), person({ phone: '01689123456' })];
    const p = write(db, rows());
    const base = run(db, p);
    expect(of(base.findings, 'person.phone.legacy')).toHaveLength(1);
    const r = run(db, p, {
      rules: { 'person.phone.legacy': 'off', 'team.size': { severity: 'error', neighbourhoodMin: 5 } },
    });
    expect(of(r.findings, 'person.phone.legacy')).toEqual([]);
    expect(triples(of(r.findings, 'team.size'))).toEqual([['team.size', 'error', 'row 2']]);
    expect(r.ok).toBe(false);
    const info = run(db, p, { rules: { 'person.phone.legacy': 'info' } });
    expect(at(of(info.findings, 'person.phone.legacy'), 0).severity).toBe('info');
  });

  test('a bad key is an InputError naming it', () => {
    const bad = (raw: unknown) => {
      try {
        checkRulesConfig(raw, 'r.json');
      } catch (e) {
        expect(e).toBeInstanceOf(InputError);
        return (e as InputError).msg.en;
      }
      throw new Error('accepted');
    };
    expect(bad({ rules: { 'person.nope': 'off' } })).toContain('rules.person.nope');
    expect(bad({ rules: { 'team.size': { wardMax: 'ten' } } })).toContain('rules.team.size.wardMax');
    expect(bad({ rules: { 'team.size': { wardmax: 10 } } })).toContain('rules.team.size.wardmax');
    expect(bad({ rules: { 'person.dob.range': { severity: 'fatal' } } })).toContain('rules.person.dob.range.severity');
    expect(bad({ rule: {} })).toContain('"rule"');
    const f = path.join(dir, 'broken.json');
    fs.writeFileSync(f, '{ "rules": ');
    expect(() => loadRulesConfig(f)).toThrow(InputError);
  });
});

describe('registry and facts', () => {
  test('every rule id of SPEC § Findings exists', () => {
    const spec = SPEC_RULE_IDS;
    const ids = RULES.map((r) => r.id);
    for (const id of spec) expect(ids).toContain(id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(POSITIVE.some(([r]) => r === id) || id.startsWith('unit.') || id === 'team.duplicate-neighbourhood' || id === 'team.roster.missing').toBe(true);
  });

  test('phone classification', () => {
    expect(checkPhone('0912345678').kind).toBe('mobile');
    expect(checkPhone('84912345678')).toMatchObject({ kind: 'mobile', national: '0912345678' });
    expect(checkPhone('02838291234').kind).toBe('fixed');
    expect(checkPhone('01629123456')).toMatchObject({ kind: 'legacy', converted: '0329123456' });
    expect(checkPhone('0199123456').kind).toBe('invalid');
    expect(checkPhone('0551234567').kind).toBe('invalid');
  });

  test('the SQL e-mail prefilter and the JavaScript check agree', () => {
    const samples = [
      'a@b.vn',
      'a@b.c',
      'a@@b.vn',
      '@b.vn',
      'a@.b.vn',
      'a@b..vn',
      'a b@c.vn',
      'a@b.vn.',
      'a@bvn',
      'a@b.v',
      'a@x.b.c.d',
      'a,b@c.vn',
      'a@[1.2.3.4]',
      'nguyễn@ubnd.vn',
      'a@b.c.dd',
      'x@y.z.',
    ];
    const mem = openStore(path.join(dir, 'email.db'), { create: true }).db;
    try {
      for (const s of samples) {
        const sql = (mem.prepare(`SELECT (${EMAIL_SQL}) AS ok FROM (SELECT ? AS email)`).get(s) as { ok: number }).ok === 1;
        expect([s, sql]).toEqual([s, isEmail(s)]);
      }
    } finally {
      mem.close();
    }
  });
});
