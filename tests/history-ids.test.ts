/**
 * IDs a clerk can use: `history --member` takes a CCCD, a phone, a member id
 * (as exports show it) or a name; several matches are listed with IDs masked;
 * a name the clerk typed is never masked back at them. Exports carry the
 * member and team ids that `history` takes, and show codes in the clerk's words.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { memberKeyKind } from '../src/history/member-lookup.js';
import { openStore } from '../src/store/db.js';
import { roster } from './helpers/cli.js';
import { sampleDb } from './helpers/seed.js';
import { at, known } from './helpers/defined.js';

let db: string;
let members: Record<string, string>[];
let teams: Record<string, string>[];

const csv = (s: string) => parse(s.replace(/^\ufeff/, ''), { columns: true }) as Record<string, string>[];

beforeAll(async () => {
  db = await sampleDb();
  members = csv((await roster(['export', 'members', '--db', db])).stdout);
  teams = csv((await roster(['export', 'teams', '--db', db])).stdout);
});

function one<T>(sql: string, ...args: unknown[]): T {
  const { db: h } = openStore(db, { readonly: true });
  try {
    return h.prepare(sql).get(...args) as T;
  } finally {
    h.close();
  }
}

describe('what --member accepts', () => {
  it('classifies the key', () => {
    expect(memberKeyKind('079172135623')).toBe('person-id');
    expect(memberKeyKind(' 0908123123 ')).toBe('phone');
    expect(memberKeyKind('0903 123 456')).toBe('phone');
    expect(memberKeyKind('01689123456')).toBe('phone');
    expect(memberKeyKind('17')).toBe('member-id');
    expect(memberKeyKind('1689123456')).toBe('member-id');
    expect(memberKeyKind('Nguyễn Thị Hoa')).toBe('name');
    expect(memberKeyKind('nguyen 2')).toBe('name');
  });

  it('a CCCD, a phone (also written with spaces), a member id and a name find the same person', async () => {
    const m = one<{ id: number; person_id: string; full_name: string }>("SELECT id, person_id, full_name FROM members WHERE full_name = 'Nguyễn Thị Hoa'");
    const phone = one<{ phone: string }>('SELECT phone FROM source_rows WHERE member_id = ?', m.id).phone;
    const spaced = `${phone.slice(0, 4)} ${phone.slice(4, 7)} ${phone.slice(7)}`;
    for (const key of [m.person_id, phone, spaced, String(m.id), 'nguyen thi hoa', 'NGUYỄN THỊ HOA']) {
      const r = await roster(['history', '--db', db, '--member', key, '--json']);
      expect(r.code, `${key}: ${r.stderr}`).toBe(0);
      expect(JSON.parse(r.stdout).member, key).toMatchObject({ id: m.id, fullName: 'Nguyễn Thị Hoa' });
      expect(r.stdout).not.toContain(m.person_id);
    }
  });

  it('several people match a name: listed with masked IDs, and each listed id opens its history', async () => {
    const r = await roster(['history', '--db', db, '--member', 'văn']);
    expect(r.code, r.stderr).toBe(0);
    const n = one<{ n: number }>("SELECT count(*) AS n FROM members WHERE full_name LIKE '% Văn %' OR full_name LIKE 'Văn %'").n;
    expect(n).toBeGreaterThan(1);
    expect(r.stdout.split('\n')[0]).toBe(`${n} thành viên khớp "văn":`);
    expect(r.stdout).not.toMatch(/\d{12}/);
    expect(r.stdout).toMatch(/079\*{6}\d{3}/);
    expect(r.stderr).toContain('--member <mã thành viên>');
    const ids = [...r.stdout.matchAll(/\[mã thành viên (\d+)\]/g)].map((x) => x[1] ?? '');
    expect(ids).toHaveLength(n);
    const h = await roster(['history', '--db', db, '--member', at(ids, 0), '--json']);
    expect(JSON.parse(h.stdout).member.id).toBe(Number(ids[0]));
  });

  it('a typed name is never masked back; a typed ID is', async () => {
    const name = await roster(['history', '--db', db, '--member', 'Trần Không Có']);
    expect(name.code).toBe(2);
    expect(name.stderr).toContain('"Trần Không Có"');
    const id = await roster(['history', '--db', db, '--member', '079999888777']);
    expect(id.code).toBe(2);
    expect(id.stderr).not.toContain('079999888777');
    expect(id.stderr).toContain('079******777');
  });

  it('--team takes plain whole numbers only', async () => {
    for (const bad of ['3.0', '0x3', '1e1', 'abc', '']) {
      const r = await roster(['history', '--db', db, '--team', bad]);
      expect(r.code, bad).toBe(2);
    }
  });
});

describe('exports carry the ids history takes', () => {
  it('every exported member id and team id opens the right history', async () => {
    expect(members.length).toBeGreaterThan(10);
    for (const row of members.slice(0, 5)) {
      const h = await roster(['history', '--db', db, '--member', known(row['Mã thành viên'], "row['Mã thành viên']"), '--json']);
      expect(h.code, h.stderr).toBe(0);
      const j = JSON.parse(h.stdout);
      expect(j.member.fullName).toBe(row['Họ và tên']);
      expect(j.rows.some((s: { teamId: number }) => s.teamId === Number(row['Mã tổ']))).toBe(true);
    }
    for (const row of teams) {
      const h = await roster(['history', '--db', db, '--team', known(row['Mã tổ'], "row['Mã tổ']"), '--json']);
      expect(h.code, h.stderr).toBe(0);
      expect(JSON.parse(h.stdout).team.neighbourhood).toBe(row['Khu phố/Ấp']);
    }
  });

  it("codes are shown in the clerk's words (vi and en)", async () => {
    expect(new Set(members.map((r) => r['Giới tính']))).toEqual(new Set(['Nam', 'Nữ']));
    expect([...new Set(members.map((r) => r['Chức danh']))].every((v) => v !== undefined && ['Tổ trưởng', 'Tổ phó', 'Thành viên'].includes(v))).toBe(true);
    expect([...new Set(members.map((r) => r.OneTouch))].every((v) => v !== undefined && ['Có', 'Không', ''].includes(v))).toBe(true);
    expect(new Set(teams.map((r) => r['Cấp tổ']))).toEqual(new Set(['Cấp phường/xã', 'Khu phố/ấp']));
    const en = csv((await roster(['export', 'members', '--db', db, '--lang', 'en'])).stdout);
    expect(new Set(en.map((r) => r.Gender))).toEqual(new Set(['Male', 'Female']));
    expect(en.map((r) => r['Member id'])).toEqual(members.map((r) => r['Mã thành viên']));
  });
});
