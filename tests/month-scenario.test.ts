/**
 * Two months through the real commands, every kind of change: November's
 * rosters arrive one khu phố file at a time (one person listed in two wards);
 * in December one member leaves (absent), one leaves with a date, one joins,
 * one changes phone, one moves to another ward, a whole team moves from
 * Khu phố 3 to Khu phố 5, and one ward sends nothing; a December file filed
 * under the wrong month is taken back. The import summary, `diff`, `history`
 * and every sheet of the workbook (read back with exceljs) are compared with
 * counts made here from the scenario itself, by the definitions on Kiểm tra.
 */
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, test } from 'vitest';
import { roster, tempDir } from './helpers/cli.js';
import { initDb, writeCsv } from './helpers/seed.js';
import { CODES, csvRow, expectedChanges, HEAD, personId, personName, placements, team, teamLabel, WARDS, writeFiles, type RosterFile } from './helpers/month-model.js';
import { defined, at } from './helpers/defined.js';

const name = personName;
const id = personId;
const row = csvRow;
const NOV: RosterFile[] = [
  { name: 'tan-dinh-kp1-2026-11.csv', rows: team('TD', 'Khu phố 1', [1, 2, 3, 4]) },
  { name: 'tan-dinh-kp2-2026-11.csv', rows: team('TD', 'Khu phố 2', [5, 6, 7]) },
  { name: 'tan-dinh-kp3-2026-11.csv', rows: team('TD', 'Khu phố 3', [8, 9, 10]) },
  // Person 2 is also on Sài Gòn's list: counted once, in Tân Định (the earlier import).
  { name: 'sai-gon-2026-11.csv', rows: [...team('SG', 'Khu phố 1', [11, 12, 13]), { n: 2, ward: 'SG', kp: 'Khu phố 1' }] },
  { name: 'ban-co-2026-11.csv', rows: team('BC', 'Khu phố 1', [14, 15, 16]) },
];
const DEC: RosterFile[] = [
  // 4 gone (absent), 17 new, 3's phone changed.
  { name: 'tan-dinh-kp1-2026-12.csv', rows: [...team('TD', 'Khu phố 1', [1, 2, 17]), { n: 3, ward: 'TD', kp: 'Khu phố 1', phone: '0912000003' }] },
  // 7 moved to Sài Gòn; 18 new.
  { name: 'tan-dinh-kp2-2026-12.csv', rows: team('TD', 'Khu phố 2', [5, 6, 18]) },
  // The whole of Khu phố 3 is now Khu phố 5.
  { name: 'tan-dinh-kp5-2026-12.csv', rows: team('TD', 'Khu phố 5', [8, 9, 10]) },
  // 13 left on a date, still listed; 7 moved in. Bàn Cờ sends nothing.
  { name: 'sai-gon-2026-12.csv', rows: [...team('SG', 'Khu phố 1', [11, 12, 7]), { n: 13, ward: 'SG', kp: 'Khu phố 1', leftOn: '10/12/2026' }] },
];

const want = expectedChanges(NOV, '2026-11-30', DEC, '2026-12-31');
const sorted = (ns: number[]) => ns.map(name).sort();

let dir: string;
let db: string;
const files = (fs_: RosterFile[]) => writeFiles(dir, fs_);
const NOW = new Date('2027-01-05T08:00:00Z');
const run = (args: string[]) => roster([...args, '--db', db], { now: NOW });

async function json<T>(args: string[]): Promise<T> {
  const r = await run([...args, '--json']);
  if (r.code !== 0) throw new Error(`roster ${args.join(' ')} → ${r.code}\n${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}

interface Summary {
  left: number;
  changes: { previous: string | null; joined: number; moved: number; left: number; notYetListed: number; teamsMissing: number; leaving: { fullName: string; personId: string }[] };
}

const summaries: Summary[] = [];
let misfiledId = 0;

beforeAll(async () => {
  dir = tempDir();
  db = await initDb({ dir });
  // November: one file per command.
  for (const f of files(NOV)) await json(['import', f, '--period', '2026-11']);
  // A December file filed under January by mistake, then taken back.
  const kp1 = at(files(DEC), 0);
  await json(['import', kp1, '--period', '2027-01']);
  misfiledId = defined((await json<{ imports: { id: number; period: string }[] }>(['imports'])).imports.find((i) => i.period === '2027-01')).id;
  const rm = await run(['imports', 'remove', String(misfiledId)]);
  if (rm.code !== 0) throw new Error(rm.stderr);
  // December, one file per command.
  for (const f of files(DEC)) summaries.push(await json<Summary>(['import', f, '--period', '2026-12']));
}, 120_000);

describe('import summary', () => {
  test('after the last file: joined, moved, left and the people of a ward not yet listed, as counted here', () => {
    const last = at(summaries, summaries.length - 1).changes;
    expect(last).toMatchObject({
      previous: '2026-11',
      joined: want.joined.length,
      moved: want.moved.length,
      left: want.left.length,
      notYetListed: want.pending.length,
      teamsMissing: want.missing.length,
    });
    // Nobody "left" while their khu phố's file had not come yet. Someone whose old team's file came before
    // their new team's was "left" for a while, and is a move once both are in.
    const leaving = new Set(summaries.flatMap((s) => s.changes.leaving.map((l) => l.fullName)));
    for (const n of want.left) expect(leaving.has(name(n)), name(n)).toBe(true);
    for (const l of leaving) expect([...want.left, ...want.moved].map(name)).toContain(l);
    for (const n of want.pending) expect(leaving.has(name(n))).toBe(false);
    for (const s of summaries) for (const l of s.changes.leaving) expect(l.personId).toMatch(/^\d{3}\*+\d{3}$/);
  });

  test('--dry-run lists every "left" before it happens, IDs masked, and writes nothing', async () => {
    const extra = writeCsv(path.join(dir, 'tan-dinh-kp1-fix.csv'), team('TD', 'Khu phố 1', [1, 2]).map(row), HEAD);
    const before = fs.readFileSync(db);
    const r = await run(['import', extra, '--period', '2026-12', '--dry-run', '--lang', 'en']);
    expect(r.code).toBe(0);
    // 17 and 3 would drop out of Khu phố 1: 3 was there in November (left), 17 only joined in December (no longer joined).
    expect(r.stderr).toContain('Would be recorded as left (1):');
    expect(r.stderr).toContain(`${name(3)} ${id(3).slice(0, 3)}******${id(3).slice(-3)}`);
    expect(r.stderr).not.toContain(id(3));
    expect(fs.readFileSync(db).equals(before)).toBe(true);
  });

  test('a misfiled import was taken back: no rows left for its period, the removal is in history', async () => {
    const list = (await json<{ imports: { id: number; period: string }[] }>(['imports'])).imports;
    expect(list.some((i) => i.period === '2027-01')).toBe(false);
    expect(list.filter((i) => i.period === '2026-11')).toHaveLength(NOV.length);
    const r = await run(['report', 'monthly', '--period', '2027-01', '-o', path.join(dir, 'jan.xlsx')]);
    expect(r.code).toBe(2);
    const kp1 = defined(
      (await json<{ teams: { id: number; neighbourhood: string; ward: string }[] }>(['teams'])).teams.find((t) => t.ward === WARDS.TD && t.neighbourhood === 'Khu phố 1'),
    );
    const th = await json<{ events: { kind: string; period: string; details: { file: string; rowsRemoved: number } }[] }>(['history', '--team', String(kp1.id)]);
    expect(th.events.filter((e) => e.kind === 'import-removed')).toEqual([
      expect.objectContaining({ period: '2027-01', details: expect.objectContaining({ file: 'tan-dinh-kp1-2026-12.csv', rowsRemoved: at(DEC, 0).rows.length }) }),
    ]);
    expect(fs.existsSync(path.join(dir, 'jan.xlsx'))).toBe(false);
  });
});

interface DiffJson {
  joined: { fullName: string; source: { file: string; row: number } }[];
  left: { fullName: string; cause: { file: string } | null; source: { file: string; row: number } }[];
  moved: { fullName: string; team: string; fromTeam: string }[];
  pending: { fullName: string }[];
  missingTeams: { teamId: number; team: string }[];
  counts: Record<string, number>;
}

describe('diff', () => {
  test('agrees with the count made here, names and sources', async () => {
    const d = await json<DiffJson>(['diff', '--from', '2026-11', '--to', '2026-12']);
    expect(d.joined.map((x) => x.fullName).sort()).toEqual(sorted(want.joined));
    expect(d.left.map((x) => x.fullName).sort()).toEqual(sorted(want.left));
    expect(d.moved.map((x) => x.fullName).sort()).toEqual(sorted(want.moved));
    expect(d.pending.map((x) => x.fullName).sort()).toEqual(sorted(want.pending));
    expect(d.missingTeams.map((t) => t.team)).toEqual(want.missing.map(teamLabel));
    // The whole khu phố that moved is three moves, not three joins and three leavers.
    expect(d.moved.filter((m) => m.fromTeam.startsWith('Khu phố 3')).map((m) => m.team)).toEqual([
      'Khu phố 5, Phường Tân Định',
      'Khu phố 5, Phường Tân Định',
      'Khu phố 5, Phường Tân Định',
    ]);
    // A leaver absent from their team's file cites that file and the last row that listed them.
    const four = defined(d.left.find((x) => x.fullName === name(4)));
    expect(four.cause?.file).toBe('tan-dinh-kp1-2026-12.csv');
    expect(four.source).toMatchObject({ file: 'tan-dinh-kp1-2026-11.csv', row: 5 });
  });
});

interface HistoryJson {
  events: {
    kind: string;
    period: string;
    source: { file: string; row: number | null } | null;
    cause?: { file: string } | null;
    details: { fields?: string[]; values?: Record<string, { from: string; to: string }> } | null;
  }[];
}

describe('history', () => {
  const events = async (n: number) => (await json<HistoryJson>(['history', '--member', id(n)])).events;

  test('a joiner has a joined event with the file and row that listed them', async () => {
    const n = at(want.joined, 0);
    const ev = (await events(n)).filter((e) => e.kind === 'joined');
    const f = defined(DEC.find((x) => x.rows.some((p) => p.n === n)));
    expect(ev).toEqual([expect.objectContaining({ period: '2026-12', source: { file: f.name, sheet: null, row: f.rows.findIndex((p) => p.n === n) + 2 } })]);
  });

  test('a leaver cites the import that no longer listed them and the last row that did', async () => {
    for (const n of want.left) {
      const ev = (await events(n)).filter((e) => e.kind === 'left');
      expect(ev, name(n)).toHaveLength(1);
      expect(at(ev, 0).period).toBe('2026-12');
      expect(at(ev, 0).source?.file).toBeTruthy();
    }
    const four = defined((await events(4)).find((e) => e.kind === 'left'));
    expect(four.cause?.file).toBe('tan-dinh-kp1-2026-12.csv');
    expect(four.source).toMatchObject({ file: 'tan-dinh-kp1-2026-11.csv', row: 5 });
  });

  test('moves appear as moves; a phone change names the field in Vietnamese, values masked', async () => {
    for (const n of want.moved)
      expect(
        (await events(n)).map((e) => e.kind),
        name(n),
      ).toEqual(['moved']);
    const upd = defined((await events(3)).find((e) => e.kind === 'updated'));
    expect(upd.details?.fields).toEqual(['phone']);
    expect(upd.source).toMatchObject({ file: 'tan-dinh-kp1-2026-12.csv' });
    const text = await run(['history', '--member', id(3)]);
    expect(text.stdout).toContain('Số điện thoại: 090****003 → 091****003');
    expect(text.stdout).not.toContain('0912000003');
    // People of the ward that sent nothing have no event yet.
    for (const n of want.pending) expect((await events(n)).filter((e) => e.kind !== 'updated')).toEqual([]);
  });
});

// ---- The workbook ----
function cells(ws: ExcelJS.Worksheet, from: number): ExcelJS.CellValue[][] {
  const out: ExcelJS.CellValue[][] = [];
  ws.eachRow((r, i) => {
    if (i >= from) out.push((r.values as ExcelJS.CellValue[]).slice(1));
  });
  return out;
}
const text = (ws: ExcelJS.Worksheet) =>
  cells(ws, 1)
    .flat()
    .map((v) => String(v ?? ''))
    .join('\n');
async function read(file: string) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  return wb;
}

describe('report monthly', () => {
  let teamIds: { id: number; ward: string; neighbourhood: string }[];
  beforeAll(async () => {
    teamIds = (await json<{ teams: { id: number; ward: string; neighbourhood: string }[] }>(['teams'])).teams;
  });
  const missingIds = () => want.missing.map((t) => defined(teamIds.find((x) => x.ward === WARDS[at(t.split('|'), 0)] && x.neighbourhood === t.split('|')[1])).id);

  test('a missing ward: exit 1 and nothing written; the message lists the team', async () => {
    const out = path.join(dir, 'final.xlsx');
    const r = await run(['report', 'monthly', '--period', '2026-12', '-o', out]);
    expect(r.code).toBe(1);
    expect(fs.existsSync(out)).toBe(false);
    expect(r.stderr).toContain(`Khu phố 1, Phường Bàn Cờ (mã tổ ${missingIds()[0]})`);
  });

  test('--draft writes DỰ THẢO with "Chưa nộp danh sách"', async () => {
    const out = path.join(dir, 'draft.xlsx');
    expect((await run(['report', 'monthly', '--period', '2026-12', '-o', out, '--draft'])).code).toBe(0);
    const wb = await read(out);
    expect(text(defined(wb.getWorksheet('Tổng hợp')))).toContain('DỰ THẢO');
    expect(text(defined(wb.getWorksheet('Tổng hợp')))).toContain('Chưa nộp danh sách (1):');
    expect(text(defined(wb.getWorksheet('Kiểm tra')))).toContain('Chưa nộp danh sách');
  });

  test('--accept-missing: a final workbook whose every sheet agrees with the count made here', async () => {
    const out = path.join(dir, 'dec.xlsx');
    const r = await run(['report', 'monthly', '--period', '2026-12', '-o', out, '--accept-missing', String(missingIds()[0])]);
    expect(r.code, r.stderr).toBe(0);
    const wb = await read(out);

    // Tổng hợp: members, joined, left per ward; totals.
    const sum = defined(wb.getWorksheet('Tổng hợp'));
    const wardRows = cells(sum, 10).filter((v) => Object.values(CODES).includes(String(v[2])));
    for (const [k, code] of Object.entries(CODES)) {
      const v = defined(wardRows.find((x) => String(x[2]) === code));
      expect({ members: v[5], joined: v[11], left: v[12] }, k).toEqual({ members: want.members[k], joined: want.joinedBy[k], left: want.leftBy[k] });
    }
    const sumText = text(sum);
    expect(sumText).not.toContain('DỰ THẢO');
    expect(sumText).toContain('Chưa nộp danh sách (1):');
    expect(sumText).toContain('Khu phố 1, Phường Bàn Cờ');

    // Danh sách tổ: one row per team with members, counts as here; the team that moved away is not listed.
    const teams = cells(defined(wb.getWorksheet('Danh sách tổ')), 6).filter((v) => typeof v[0] === 'number');
    const perTeam = new Map<string, number>();
    for (const p of want.now.values()) perTeam.set(p.team, (perTeam.get(p.team) ?? 0) + 1);
    expect(new Map(teams.map((v) => [`${Object.keys(CODES).find((k) => CODES[k] === String(v[2]))}|${v[4]}`, v[6]]))).toEqual(perTeam);
    expect(defined(wb.getWorksheet('Danh sách tổ')).autoFilter).toBeTruthy();

    // Thành viên: each person once; birth dates are dates shown dd/mm/yyyy.
    const ms = defined(wb.getWorksheet('Thành viên'));
    const members = cells(ms, 6).filter((v) => typeof v[0] === 'number');
    expect(members.map((v) => String(v[3])).sort()).toEqual(sorted([...want.now.keys()]));
    expect(at(members, 0)[4]).toBeInstanceOf(Date);
    expect(ms.getRow(6).getCell(5).numFmt).toBe('dd/mm/yyyy');
    expect(ms.autoFilter).toBeTruthy();

    // Biến động: joined, left, moved as counted here.
    const ch = defined(wb.getWorksheet('Biến động'));
    const changes = cells(ch, 6).filter((v) => typeof v[0] === 'number');
    const of = (kind: string) =>
      changes
        .filter((v) => v[1] === kind)
        .map((v) => String(v[3]))
        .sort();
    expect(of('Vào tổ')).toEqual(sorted(want.joined));
    expect(of('Rời tổ')).toEqual(sorted(want.left));
    expect(of('Chuyển tổ')).toEqual(sorted(want.moved));
    expect(ch.autoFilter).toBeTruthy();

    // Kiểm tra: the acceptance, the team that moved, for this period.
    const checks = text(defined(wb.getWorksheet('Kiểm tra')));
    expect(checks).toContain(`--accept-missing ${missingIds()[0]}`);
    expect(checks).toContain('Đã chuyển thành');
    expect(checks).toContain('Khu phố 3, Phường Tân Định → Khu phố 5, Phường Tân Định');
  });

  test('November: a person listed in two wards counts once, in the earlier import; every sheet agrees; Kiểm tra says so', async () => {
    const out = path.join(dir, 'nov.xlsx');
    const r = await run(['validate', '--period', '2026-11', '--json']);
    const dup = (JSON.parse(r.stdout) as { findings: { rule: string; source?: { file: string } }[] }).findings.filter((f) => f.rule === 'person.duplicate');
    // Found across two separate imports of the same period.
    expect(dup.map((f) => f.source?.file)).toEqual(['sai-gon-2026-11.csv']);
    expect((await run(['report', 'monthly', '--period', '2026-11', '-o', out, '--draft'])).code).toBe(0);
    const wb = await read(out);
    const nov = placements(NOV, '2026-11-30');
    const teams = cells(defined(wb.getWorksheet('Danh sách tổ')), 6).filter((x) => typeof x[0] === 'number');
    const total = teams.reduce((a, x) => a + Number(x[6]), 0);
    const members = cells(defined(wb.getWorksheet('Thành viên')), 6).filter((x) => typeof x[0] === 'number');
    expect(total).toBe(nov.size);
    expect(members).toHaveLength(nov.size);
    expect(members.filter((x) => x[3] === name(2)).map((x) => x[1])).toEqual([WARDS.TD]);
    expect(text(defined(wb.getWorksheet('Kiểm tra')))).toContain('1 người có tên nhiều lần');
    // The flat export agrees: one row per person, autofilter on, birth dates as dates.
    const exp = path.join(dir, 'members-nov.xlsx');
    expect((await run(['export', 'members', '--period', '2026-11', '--format', 'xlsx', '-o', exp])).code).toBe(0);
    const ws = at((await read(exp)).worksheets, 0);
    const rows = cells(ws, 2);
    expect(rows).toHaveLength(nov.size);
    const dob = (ws.getRow(1).values as string[]).indexOf('Ngày sinh');
    expect(at(rows, 0)[dob - 1]).toBeInstanceOf(Date);
    expect(ws.getRow(2).getCell(dob).numFmt).toBe('dd/mm/yyyy');
    expect(ws.autoFilter).toBeTruthy();
  });
});

describe('imports remove', () => {
  test('an import replaced by a later one of the same team: exit 2, remove the later one first; then both come off in order', async () => {
    const fix = writeCsv(
      path.join(dir, 'sai-gon-2026-12-fix.csv'),
      [...team('SG', 'Khu phố 1', [11, 12, 7]), { n: 13, ward: 'SG', kp: 'Khu phố 1', leftOn: '10/12/2026' }]
        .map(row)
        .map((r, i) => (i === 1 ? [...r.slice(0, 4), '0909999012', ...r.slice(5)] : r)),
      HEAD,
    );
    await json(['import', fix, '--period', '2026-12']);
    const list = (await json<{ imports: { id: number; file: string; rows: number; supersededBy: number[] }[] }>(['imports'])).imports;
    const old = defined(list.find((i) => i.file === 'sai-gon-2026-12.csv'));
    const later = defined(list.find((i) => i.file === 'sai-gon-2026-12-fix.csv'));
    expect(old).toMatchObject({ rows: 0, supersededBy: [later.id] });
    const r = await run(['imports', 'remove', String(old.id), '--lang', 'en']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('remove the later one first');
    // Other teams of the period were untouched by the corrected file.
    const d = await json<DiffJson>(['diff', '--from', '2026-11', '--to', '2026-12']);
    expect(d.counts).toMatchObject({ joined: want.joined.length, left: want.left.length, moved: want.moved.length, pending: want.pending.length });
    const dry = await json<{ rowsRemoved: number; rowsRestored: number }>(['imports', 'remove', String(later.id), '--dry-run']);
    expect(dry).toMatchObject({ rowsRemoved: 4, rowsRestored: 4 });
    expect((await json<{ imports: { id: number }[] }>(['imports'])).imports.some((i) => i.id === later.id)).toBe(true);
    await json(['imports', 'remove', String(later.id)]);
    const after = (await json<{ imports: { id: number; rows: number }[] }>(['imports'])).imports;
    expect(after.find((i) => i.id === old.id)?.rows).toBe(4);
    expect(after.some((i) => i.id === later.id)).toBe(false);
  });
});
