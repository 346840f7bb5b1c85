/**
 * The monthly workbook read back with exceljs and compared with counts made
 * here from the seed rosters themselves (not from the database, not with the
 * report's SQL): every ward row and the totals; totals are formulas with
 * cached values; no full ID in a visible sheet without --include-pii;
 * formula-looking names come out as text; refusal while errors remain.
 */
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RosterRecord } from '../src/roster/row.js';
import { FORMULA_TEXTS, JURISDICTION_WARDS, officeSeed, seedDatabase, WARD_CODES, type OfficeSeed } from '../fixtures/reports/seed.js';
import { roster, tempDir } from './helpers/cli.js';
import { maskText } from '../src/privacy/mask.js';
import { COUNT_KEYS, type Counts } from '../src/reports/monthly-data.js';
import { defined, at } from './helpers/defined.js';

// The shape of the figures is the report's; how they are counted below is the test's own.
type Expected = Counts;
const KEYS = COUNT_KEYS;
const zero = (): Expected => ({ teamsWard: 0, teamsNeighbourhood: 0, members: 0, leaders: 0, women: 0, under35: 0, onetouch: 0, joined: 0, left: 0 });

/** Independent count of the seed rosters, following the definitions written on the Kiểm tra sheet. */
function expectedCounts(seeds: OfficeSeed[], period: string, jurisdiction: string[]): Map<string, Expected> {
  const [y = NaN, m = NaN] = period.split('-').map(Number);
  const lastDay = new Date(Date.UTC(y, m, 0)).getUTCDate();
  const end = `${period}-${String(lastDay).padStart(2, '0')}`;
  const turning35 = `${y - 35}-${String(m).padStart(2, '0')}-${String(lastDay).padStart(2, '0')}`;
  const lastDayOf = (p: string) => {
    const [py = NaN, pm = NaN] = p.split('-').map(Number);
    return `${p}-${String(new Date(Date.UTC(py, pm, 0)).getUTCDate()).padStart(2, '0')}`;
  };
  const covered = new Set(jurisdiction.flatMap((c) => JURISDICTION_WARDS[c] ?? []));
  const lineOf = (ward: string | null): string => {
    const code = ward ? WARD_CODES[ward] : undefined;
    if (!code) return 'unresolved';
    return covered.has(code) ? code : `outside:${code}`;
  };
  const out = new Map<string, Expected>();
  for (const c of covered) out.set(c, zero());
  const get = (k: string) => out.get(k) ?? defined(out.set(k, zero()).get(k));
  const team = (r: RosterRecord) => `${r.ward}|${r.neighbourhood ?? ''}`;
  const pair = (r: RosterRecord) => `${team(r)}|${r.person_id}`;

  const months = (s: OfficeSeed) => s.months.filter((x) => x.period <= period).sort((a, b) => a.period.localeCompare(b.period));
  for (const s of seeds) {
    const ms = months(s);
    const cur = ms[ms.length - 1];
    if (!cur || cur.period !== period) continue;
    const prev = ms.length > 1 ? at(ms, ms.length - 2).rows : [];
    const hasEarlierMonth = seeds.some((o) => o.months.some((x) => x.period < period));
    // Members at the period end, each person once per team.
    const seen = new Set<string>();
    const teamsWithMembers = new Set<string>();
    for (const r of cur.rows) {
      if (r.left_on && r.left_on <= end) continue;
      if (seen.has(pair(r))) continue;
      seen.add(pair(r));
      const e = get(lineOf(r.ward));
      if (!teamsWithMembers.has(team(r))) {
        teamsWithMembers.add(team(r));
        if (r.neighbourhood) e.teamsNeighbourhood++;
        else e.teamsWard++;
      }
      e.members++;
      if (r.role === 'leader') e.leaders++;
      if (r.gender === 'female') e.women++;
      const birth = r.dob && r.dob.length === 4 ? `${r.dob}-01-01` : r.dob;
      if (birth && birth > turning35) e.under35++;
      if (r.onetouch === 1) e.onetouch++;
    }
    // Joined and left, against the month before: a person is where their first active row puts them.
    if (!hasEarlierMonth) continue;
    const placed = (rows: RosterRecord[], last: string) => {
      const m = new Map<string, RosterRecord>();
      for (const r of rows) if (!(r.left_on && r.left_on <= last) && !m.has(String(r.person_id))) m.set(String(r.person_id), r);
      return m;
    };
    const prevEnd = ms.length > 1 ? lastDayOf(at(ms, ms.length - 2).period) : '';
    const now = placed(cur.rows, end);
    const before = placed(prev, prevEnd);
    const teamsNow = new Set(cur.rows.map(team));
    for (const [id, r] of now) if (!before.has(id)) get(lineOf(r.ward)).joined++;
    for (const [id, r] of before) {
      if (now.has(id)) continue;
      const listedNow = cur.rows.some((x) => String(x.person_id) === id);
      if (listedNow || teamsNow.has(team(r))) get(lineOf(r.ward)).left++;
    }
  }
  return out;
}

interface SummaryRow {
  label: string;
  code: string;
  values: Record<keyof Expected, number>;
  rate: number;
}

/** Rows of the summary sheet between the header and the totals row. */
function summaryRows(ws: ExcelJS.Worksheet, firstCol = 2): { rows: SummaryRow[]; total: ExcelJS.Row } {
  const rows: SummaryRow[] = [];
  let total: ExcelJS.Row | undefined;
  const codeCol = firstCol + 1;
  for (let r = 10; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    const first = row.getCell(1).value;
    if (first === 'Tổng cộng' || first === 'Total') {
      total = row;
      break;
    }
    const values = {} as Record<keyof Expected, number>;
    KEYS.forEach((k, i) => {
      const col = codeCol + 1 + i + (i >= 7 ? 1 : 0); // the rate column sits between OneTouch and Joined
      values[k] = Number(row.getCell(col).value);
    });
    rows.push({ label: String(row.getCell(firstCol).value), code: String(row.getCell(codeCol).value ?? ''), values, rate: Number(row.getCell(codeCol + 8).value) });
  }
  if (!total) throw new Error('no totals row');
  return { rows, total };
}

function lineKey(r: SummaryRow): string {
  if (!r.code || r.code === 'null') return 'unresolved';
  return /ngoài địa bàn|outside/.test(r.label) ? `outside:${r.code}` : r.code;
}

async function readBook(file: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  return wb;
}

const NOW = new Date('2026-11-28T09:00:00+07:00');
let dir: string;
let dbA: string;
let dbB: string;
const seedA = officeSeed('A');
const seedB = officeSeed('B');

beforeAll(() => {
  dir = tempDir('roster-report-');
  dbA = path.join(dir, 'a.db');
  dbB = path.join(dir, 'b.db');
  seedDatabase(dbA, [seedA]).close();
  seedDatabase(dbB, [seedB]).close();
});

describe('report monthly', () => {
  it('every number on Tổng hợp equals an independent count of the rosters; totals are SUM formulas with cached values', async () => {
    const out = path.join(dir, 'a-draft.xlsx');
    const r = await roster(['report', 'monthly', '--db', dbA, '--period', '2026-11', '-o', out, '--draft', '--signer', 'Nguyễn Văn Ký'], { now: NOW });
    expect(r.stderr).toContain('DỰ THẢO');
    expect(r.code).toBe(0);
    const wb = await readBook(out);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Tổng hợp', 'Danh sách tổ', 'Thành viên', 'Biến động', 'Kiểm tra', '_data']);
    expect(wb.getWorksheet('_data')?.state).toBe('veryHidden');
    const ws = defined(wb.getWorksheet('Tổng hợp'));
    const { rows, total } = summaryRows(ws);
    const want = expectedCounts([seedA], '2026-11', ['760']);
    const got = new Map(rows.map((x) => [lineKey(x), x.values]));
    expect([...got.keys()].sort()).toEqual([...want.keys()].sort());
    for (const [k, v] of want) expect(got.get(k), k).toEqual(v);
    // The seed really exercises every column.
    const sum = (k: keyof Expected) => [...want.values()].reduce((a, e) => a + e[k], 0);
    for (const k of KEYS) expect(sum(k), k).toBeGreaterThan(0);
    expect(got.get('26758')).toEqual(zero()); // a ward with no team yet
    // Totals: formulas with cached results.
    KEYS.forEach((k, i) => {
      const c = total.getCell(4 + i + (i >= 7 ? 1 : 0));
      const v = c.value as { formula: string; result: number };
      expect(v.formula).toMatch(/^SUM\([A-Z]+10:[A-Z]+\d+\)$/);
      expect(v.result).toBe(sum(k));
    });
    const rate = total.getCell(11).value as { formula: string; result: number };
    expect(rate.formula).toMatch(/^IF\(/);
    expect(rate.result).toBeCloseTo(sum('onetouch') / sum('members'), 10);
    // Header, title, date line from the injected clock, signature, draft marks.
    const text = (r0: number) => ws.getRow(r0).values?.toString() ?? '';
    expect(text(1)).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(text(1)).toContain('PHÒNG VĂN HÓA - XÃ HỘI KHU VỰC SÀI GÒN');
    expect(text(2)).toContain('Độc lập - Tự do - Hạnh phúc');
    expect(text(3)).toContain('Thành phố Hồ Chí Minh, ngày 28 tháng 11 năm 2026');
    expect(text(5)).toContain('THÁNG 11/2026');
    const all = JSON.stringify(ws.getSheetValues());
    expect(all).toContain('Nguyễn Văn Ký');
    for (const s of wb.worksheets.filter((w) => w.state === 'visible')) {
      expect(JSON.stringify(s.getSheetValues()), s.name).toContain('DỰ THẢO');
      expect(s.pageSetup.orientation).toBe('landscape');
      expect(s.pageSetup.paperSize).toBe(9);
      expect(s.pageSetup.fitToWidth).toBe(1);
      expect(s.views[0]?.state).toBe('frozen');
      expect(s.getRow(6).getCell(2).font?.name ?? s.getRow(1).getCell(1).font?.name).toBe('Times New Roman');
    }
    expect(ws.pageSetup.printTitlesRow).toBe('8:9');
    // The open findings are listed on Kiểm tra.
    expect(JSON.stringify(defined(wb.getWorksheet('Kiểm tra')).getSheetValues())).toContain('unit.retired.partial');
  });

  it('the member list holds exactly the members counted, in teams of their ward', async () => {
    const out = path.join(dir, 'a-members.xlsx');
    expect((await roster(['report', 'monthly', '--db', dbA, '--period', '2026-11', '-o', out, '--draft'], { now: NOW })).code).toBe(0);
    const wb = await readBook(out);
    const ms = defined(wb.getWorksheet('Thành viên'));
    let n = 0;
    ms.eachRow((row, i) => {
      if (i > 5 && typeof row.getCell(1).value === 'number') n++;
    });
    const want = [...expectedCounts([seedA], '2026-11', ['760']).values()].reduce((a, e) => a + e.members, 0);
    expect(n).toBe(want);
  });

  it('masks IDs and phones everywhere visible unless --include-pii', async () => {
    const masked = path.join(dir, 'a-masked.xlsx');
    const full = path.join(dir, 'a-full.xlsx');
    expect((await roster(['report', 'monthly', '--db', dbA, '--period', '2026-11', '-o', masked, '--draft'], { now: NOW })).code).toBe(0);
    expect((await roster(['report', 'monthly', '--db', dbA, '--period', '2026-11', '-o', full, '--draft', '--include-pii'], { now: NOW })).code).toBe(0);
    const ids = at(seedA.months, 1).rows.map((x) => x.person_id as string);
    const visible = async (f: string) => {
      const wb = await readBook(f);
      const texts: string[] = [];
      for (const w of wb.worksheets.filter((x) => x.state === 'visible')) w.eachRow((row) => row.eachCell((c) => void (typeof c.value === 'string' && texts.push(c.value))));
      return texts.join('\n');
    };
    const a = await visible(masked);
    expect(a).not.toMatch(/\d{12}/);
    expect(a).not.toMatch(/\b0\d{9}\b/);
    expect(a).toContain(`${at(ids, 0).slice(0, 3)}******${at(ids, 0).slice(-3)}`);
    const b = await visible(full);
    expect(b).toContain(ids[0]);
  });

  it('formula-looking names and organisations are text cells, never formulas', async () => {
    const out = path.join(dir, 'a-formulas.xlsx');
    expect((await roster(['report', 'monthly', '--db', dbA, '--period', '2026-11', '-o', out, '--draft'], { now: NOW })).code).toBe(0);
    const wb = await readBook(out);
    const found = new Set<string>();
    for (const ws of wb.worksheets) {
      ws.eachRow((row) =>
        row.eachCell((c) => {
          if (c.type === ExcelJS.ValueType.Formula) expect(String((c.value as { formula: string }).formula), `${ws.name}!${c.address}`).toMatch(/^(SUM|IF)\(/);
          // XML turns a carriage return into a line feed on reading: the value stays text either way.
          if (typeof c.value === 'string') found.add(c.value);
        }),
      );
    }
    const listed = at(seedA.months, 1)
      .rows.filter((x) => !x.left_on)
      .flatMap((x) => [x.full_name, x.organisation]);
    const expected = FORMULA_TEXTS.filter((t) => listed.includes(t));
    expect(expected.length).toBeGreaterThanOrEqual(4);
    // Text with an @ or a phone number follows the one masking rule (no --include-pii here).
    for (const t of expected.map((x) => maskText(x, false))) expect(found.has(t) || found.has(t.replace(/\r/g, '\n')), JSON.stringify(t)).toBe(true);
  });

  it('refuses with exit 1 while errors remain, listing them, and writes nothing', async () => {
    const out = path.join(dir, 'a-refused.xlsx');
    const r = await roster(['report', 'monthly', '--db', dbA, '--period', '2026-11', '-o', out], { now: NOW });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/còn \d+ lỗi/);
    expect(r.stderr).toContain('unit.retired.partial');
    expect(r.stderr).toContain('--draft');
    expect(fs.existsSync(out)).toBe(false);
    expect(fs.readdirSync(dir).filter((f) => f.includes('a-refused'))).toEqual([]);
  });

  it('a clean roster is written without --draft, in English with --lang en, and is deterministic', async () => {
    const out1 = path.join(dir, 'b1.xlsx');
    const out2 = path.join(dir, 'b2.xlsx');
    const r = await roster(['report', 'monthly', '--db', dbB, '--period', '2026-11', '-o', out1, '--lang', 'en'], { now: NOW });
    expect(r.stderr).not.toMatch(/errors/);
    expect(r.code).toBe(0);
    expect((await roster(['report', 'monthly', '--db', dbB, '--period', '2026-11', '-o', out2, '--lang', 'en'], { now: NOW })).code).toBe(0);
    const [a, b] = [await readBook(out1), await readBook(out2)];
    expect(a.worksheets.map((w) => w.name)).toEqual(['Summary', 'Teams', 'Members', 'Changes', 'Checks', '_data']);
    for (const w of a.worksheets) expect(JSON.stringify(w.getSheetValues())).toBe(JSON.stringify(defined(b.getWorksheet(w.name)).getSheetValues()));
    expect(JSON.stringify(defined(a.getWorksheet('Summary')).getSheetValues())).not.toContain('DRAFT');
    const { rows } = summaryRows(defined(a.getWorksheet('Summary')));
    const want = expectedCounts([seedB], '2026-11', ['770']);
    for (const x of rows) expect(x.values, x.code).toEqual(want.get(lineKey(x)));
    expect(fs.statSync(out1).mode & 0o777).toBe(0o600);
  });

  it('never overwrites an imported roster file or the database (exit 2)', async () => {
    const roster1 = path.join(dir, 'office-A-2026-11.csv');
    fs.writeFileSync(roster1, 'original');
    const r = await roster(['report', 'monthly', '--db', dbA, '--period', '2026-11', '-o', 'office-A-2026-11.csv', '--draft'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(fs.readFileSync(roster1, 'utf8')).toBe('original');
    const r2 = await roster(['report', 'monthly', '--db', dbA, '--period', '2026-11', '-o', dbA, '--draft']);
    expect(r2.code).toBe(2);
  });
});
