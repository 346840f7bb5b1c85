/**
 * `roster history` and `roster diff` over two months imported through the
 * real import path: November's roster, then December's with one person gone,
 * one new, and one moved to another neighbourhood team.
 */
import path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { roster, tempDir } from './helpers/cli.js';
import { importFiles, initDb, writeCsv } from './helpers/seed.js';
import { at } from './helpers/defined.js';

const HEAD = ['Họ và tên', 'Ngày sinh', 'Giới tính', 'Số CCCD', 'Số điện thoại', 'Chức danh', 'Khu phố', 'Phường/Xã'];
const p = (n: number, role: string, kp: string, ward = 'Phường Bến Nghé') => [
  `Lê Văn ${n}`,
  '01/02/1980',
  'Nam',
  `079080${String(n).padStart(6, '0')}`,
  '0903123456',
  role,
  kp,
  ward,
];

let db: string;
let dir: string;

beforeAll(async () => {
  dir = tempDir();
  db = await initDb({ dir });
  const nov = writeCsv(
    path.join(dir, 'q1-2026-11.csv'),
    [p(1, 'Tổ trưởng', 'Khu phố 1'), p(2, 'Thành viên', 'Khu phố 1'), p(3, 'Thành viên', 'Khu phố 1'), p(4, 'Tổ trưởng', 'Khu phố 2'), p(5, 'Thành viên', 'Khu phố 2')],
    HEAD,
  );
  await importFiles(db, '2026-11', [nov]);
  // December: 3 left, 6 joined, 2 moved from Khu phố 1 to Khu phố 2.
  const dec = writeCsv(
    path.join(dir, 'q1-2026-12.csv'),
    [p(1, 'Tổ trưởng', 'Khu phố 1'), p(2, 'Thành viên', 'Khu phố 2'), p(4, 'Tổ trưởng', 'Khu phố 2'), p(5, 'Thành viên', 'Khu phố 2'), p(6, 'Thành viên', 'Khu phố 1')],
    HEAD,
  );
  await importFiles(db, '2026-12', [dec]);
});

interface Diff {
  from: string;
  to: string;
  joined: { fullName: string; personId: string; source: { file: string; row: number } }[];
  left: { fullName: string }[];
  moved: { fullName: string; team: string; fromTeam: string }[];
  counts: Record<string, number>;
}

describe('roster diff', () => {
  test('joined, left and moved between two periods, IDs masked', async () => {
    const r = await roster(['diff', '--db', db, '--from', '2026-11', '--to', '2026-12', '--json']);
    expect(r.code).toBe(0);
    const d = JSON.parse(r.stdout) as Diff;
    expect(d.joined.map((m) => m.fullName)).toEqual(['Lê Văn 6']);
    expect(at(d.joined, 0).personId).toBe('079******006');
    expect(at(d.joined, 0).source).toMatchObject({ file: 'q1-2026-12.csv', row: 6 });
    expect(d.left.map((m) => m.fullName)).toEqual(['Lê Văn 3']);
    expect(d.moved.map((m) => [m.fullName, m.fromTeam, m.team])).toEqual([['Lê Văn 2', 'Khu phố 1, Phường Bến Nghé', 'Khu phố 2, Phường Bến Nghé']]);
    expect(d.counts).toEqual({ joined: 1, left: 1, moved: 1, pending: 0, unchanged: 3 });
  });

  test('text output and bad periods', async () => {
    const r = await roster(['diff', '--db', db, '--from', '2026-11', '--to', '2026-12', '--lang', 'en']);
    expect(r.stdout).toContain('Joined (1):');
    expect(r.stdout).toContain('Lê Văn 6');
    expect(r.stdout).not.toContain('079080000006');
    expect((await roster(['diff', '--db', db, '--from', '2026-1', '--to', '2026-12'])).code).toBe(2);
  });
});

describe('roster history', () => {
  test('a member by personal ID: rows with file and row, ID masked unless --include-pii', async () => {
    const r = await roster(['history', '--db', db, '--member', '079080000002', '--json']);
    expect(r.code).toBe(0);
    const h = JSON.parse(r.stdout) as { member: { personId: string; fullName: string }; rows: { period: string; file: string; row: number; team: string }[]; events: unknown[] };
    expect(h.member).toMatchObject({ personId: '079******002', fullName: 'Lê Văn 2' });
    expect(h.rows.map((x) => [x.period, x.file, x.row])).toEqual([
      ['2026-11', 'q1-2026-11.csv', 3],
      ['2026-12', 'q1-2026-12.csv', 3],
    ]);
    const text = await roster(['history', '--db', db, '--member', '079080000002', '--lang', 'en']);
    expect(text.stdout).not.toContain('079080000002');
    expect(text.stdout).toContain('q1-2026-12.csv row 3');
    const pii = await roster(['history', '--db', db, '--member', '079080000002', '--include-pii', '--lang', 'en']);
    expect(pii.stdout).toContain('079080000002');
  });

  test('a member who left has a left event from the sync import', async () => {
    const h = JSON.parse((await roster(['history', '--db', db, '--member', '079080000003', '--json'])).stdout) as { events: { kind: string; period: string }[] };
    expect(h.events.some((e) => e.kind === 'left' && e.period === '2026-12')).toBe(true);
  });

  test('a team shows its remap with the legal basis and who decided', async () => {
    const r = await roster(['remap', '--db', db, '--auto', '--json'], { now: new Date('2026-12-05T00:00:00Z') });
    const moved = (JSON.parse(r.stdout) as { moved: { teamId: number }[] }).moved;
    expect(moved.length).toBeGreaterThan(0);
    const h = JSON.parse((await roster(['history', '--db', db, '--team', String(at(moved, 0).teamId), '--json'])).stdout) as {
      team: { unit: string; originUnit: string };
      events: { kind: string; legalBasis: string; decidedBy: string; fromUnit: string; toUnit: string }[];
      periods: { period: string }[];
    };
    expect(h.team.unit).toContain('Phường Sài Gòn');
    expect(h.team.originUnit).toContain('Phường Bến Nghé');
    expect(h.events).toEqual([expect.objectContaining({ kind: 'remapped', legalBasis: '1685/NQ-UBTVQH15', decidedBy: 'auto' })]);
    expect(at(h.events, 0).fromUnit).toContain('Phường Bến Nghé');
    expect(h.periods.map((x) => x.period)).toEqual(['2026-11', '2026-12']);
  });

  test('bad usage and unknown ids', async () => {
    expect((await roster(['history', '--db', db])).code).toBe(2);
    expect((await roster(['history', '--db', db, '--member', '1', '--team', '1'])).code).toBe(2);
    const r = await roster(['history', '--db', db, '--member', '079999999999', '--lang', 'en']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('079******999');
  });
});
