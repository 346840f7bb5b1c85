/**
 * Generated months with every kind of change (joins, leavers with and without a
 * date, moves between teams and wards, a whole team moved to another khu phố,
 * phone changes, a team that sends nothing), imported one team file per
 * command in a shuffled order. The five outputs that speak of joined / left /
 * moved — the import summary, `diff`, Biến động, the Tổng hợp counts and
 * `history` — must agree with each other and with the count made here from the
 * generated data (tests/helpers/month-model.ts), for several seeds.
 */
import path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, test } from 'vitest';
import { roster, tempDir } from './helpers/cli.js';
import { initDb } from './helpers/seed.js';
import { CODES, expectedChanges, personId, personName, teamKey, WARDS, writeFiles, type Person, type RosterFile } from './helpers/month-model.js';
import { assertFigures, FiguresMismatch, recount } from '../src/month/recount.js';
import { openStore } from '../src/store/db.js';
import { at, defined } from './helpers/defined.js';
import { rng } from './helpers/rng.js';

interface Generated {
  nov: RosterFile[];
  dec: RosterFile[];
  phoneChanged: number[];
}

/** Two months of three wards with two or three khu phố teams each. */
function generate(seed: number): Generated {
  const r = rng(seed);
  const pick = <T>(xs: T[]) => at(xs, Math.floor(r() * xs.length));
  let next = 1;
  const teams: { ward: string; kp: string }[] = [];
  for (const ward of Object.keys(WARDS)) for (let k = 1; k <= 2 + Math.floor(r() * 2); k++) teams.push({ ward, kp: `Khu phố ${k}` });
  const nov = new Map<string, Person[]>();
  for (const t of teams) {
    const size = 3 + Math.floor(r() * 4);
    nov.set(
      teamKey(t),
      Array.from({ length: size }, (_, i) => ({ n: next++, ...t, leader: i === 0 })),
    );
  }
  // December: one team moved whole to a new khu phố, one team sends nothing, the rest change person by person.
  const keys = [...nov.keys()];
  const movedTeam = keys[Math.floor(r() * keys.length)];
  const silent = pick(keys.filter((k) => k !== movedTeam));
  const dec = new Map<string, Person[]>();
  const add = (p: Person) => {
    const k = teamKey(p);
    if (!dec.has(k)) dec.set(k, []);
    defined(dec.get(k)).push(p);
  };
  const phoneChanged: number[] = [];
  for (const [k, people] of nov) {
    for (const p of people) {
      if (k === movedTeam) {
        add({ ...p, kp: 'Khu phố 9' });
        continue;
      }
      const x = r();
      if (x < 0.08) continue; // left, absent
      if (x < 0.13)
        add({ ...p, leftOn: '15/12/2026' }); // left, with a date
      else if (x < 0.22) {
        const to = pick(teams.filter((t) => teamKey(t) !== k && teamKey(t) !== movedTeam));
        add({ ...p, ward: to.ward, kp: to.kp, leader: false }); // moved
      } else if (x < 0.3) {
        add({ ...p, phone: `091${1000000 + p.n}` });
        phoneChanged.push(p.n);
      } else add(p);
    }
    if (k !== movedTeam && r() < 0.6) add({ n: next++, ...defined(teams.find((t) => teamKey(t) === k)), leader: false }); // joined
  }
  const file = (k: string, m: string, rows: Person[]): RosterFile => ({ name: `${k.replace(/[| ]/g, '-')}-${m}.csv`, rows });
  const shuffle = <T>(xs: T[]) =>
    xs
      .map((x) => [r(), x] as const)
      .sort((a, b) => a[0] - b[0])
      .map((x) => x[1]);
  return {
    nov: shuffle([...nov].map(([k, rows]) => file(k, '2026-11', rows))),
    dec: shuffle([...dec].filter(([k]) => k !== silent).map(([k, rows]) => file(k, '2026-12', rows))),
    phoneChanged: phoneChanged.filter((n) => [...dec].some(([k, rows]) => k !== silent && rows.some((p) => p.n === n))),
  };
}

const cellsOf = (ws: ExcelJS.Worksheet, from: number) => {
  const out: ExcelJS.CellValue[][] = [];
  ws.eachRow((row, i) => {
    if (i >= from) out.push((row.values as ExcelJS.CellValue[]).slice(1));
  });
  return out.filter((v) => typeof v[0] === 'number');
};

describe.each([11, 29, 47])('generated months, seed %i', (seed) => {
  test('import summary, diff, Biến động, Tổng hợp and history agree with the count made here', async () => {
    const g = generate(seed);
    const want = expectedChanges(g.nov, '2026-11-30', g.dec, '2026-12-31');
    // Every kind of change happens.
    expect(want.joined.length * want.left.length * want.moved.length * want.pending.length).toBeGreaterThan(0);
    expect(want.movedAway).toHaveLength(1);

    const dir = tempDir();
    const db = await initDb({ dir });
    const now = new Date('2027-01-05T08:00:00Z');
    const run = (args: string[]) => roster([...args, '--db', db], { now });
    for (const f of writeFiles(dir, g.nov)) expect((await run(['import', f, '--period', '2026-11', '--json'])).code).toBe(0);
    let last: { changes: Record<string, number> } | undefined;
    for (const f of writeFiles(dir, g.dec)) {
      const r = await run(['import', f, '--period', '2026-12', '--json']);
      expect(r.code, r.stderr).toBe(0);
      last = JSON.parse(r.stdout);
    }
    const names = (ns: number[]) => ns.map(personName).sort();

    // 1. The import summary (the period so far, after the last file).
    expect(defined(last).changes).toMatchObject({
      joined: want.joined.length,
      moved: want.moved.length,
      left: want.left.length,
      notYetListed: want.pending.length,
      teamsMissing: want.missing.length,
    });

    // 2. diff.
    const d = JSON.parse((await run(['diff', '--from', '2026-11', '--to', '2026-12', '--json'])).stdout) as Record<'joined' | 'left' | 'moved' | 'pending', { fullName: string }[]>;
    for (const k of ['joined', 'left', 'moved', 'pending'] as const) expect(d[k].map((x) => x.fullName).sort(), k).toEqual(names(want[k]));

    // 3 and 4. The workbook: Biến động lists, Tổng hợp counts per ward.
    const out = path.join(dir, 'dec.xlsx');
    const rep = await run(['report', 'monthly', '--period', '2026-12', '-o', out, '--draft']);
    expect(rep.code, rep.stderr).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const changes = cellsOf(defined(wb.getWorksheet('Biến động')), 6);
    const of = (kind: string) =>
      changes
        .filter((v) => v[1] === kind)
        .map((v) => String(v[3]))
        .sort();
    expect(of('Vào tổ')).toEqual(names(want.joined));
    expect(of('Rời tổ')).toEqual(names(want.left));
    expect(of('Chuyển tổ')).toEqual(names(want.moved));
    const wards = cellsOf(defined(wb.getWorksheet('Tổng hợp')), 10);
    for (const [k, code] of Object.entries(CODES)) {
      const v = defined(wards.find((x) => String(x[2]) === code));
      expect({ members: v[5], joined: v[11], left: v[12] }, k).toEqual({ members: want.members[k], joined: want.joinedBy[k], left: want.leftBy[k] });
    }

    // 5. history: each person's December event is the one counted here; phone changes name the field.
    const kindOf = (n: number) => (want.joined.includes(n) ? 'joined' : want.left.includes(n) ? 'left' : want.moved.includes(n) ? 'moved' : null);
    const everyone = new Set([...want.before.keys(), ...want.now.keys()]);
    for (const n of everyone) {
      const h = JSON.parse((await run(['history', '--member', personId(n), '--json'])).stdout) as {
        events: { kind: string; period: string; details: { fields?: string[] } | null }[];
      };
      const dec = h.events.filter((e) => e.period === '2026-12');
      expect(
        dec.filter((e) => e.kind !== 'updated').map((e) => e.kind),
        personName(n),
      ).toEqual(kindOf(n) ? [kindOf(n)] : []);
      if (g.phoneChanged.includes(n)) expect(dec.find((e) => e.kind === 'updated')?.details?.fields).toContain('phone');
    }

    // The second, independent count agrees; a figure that differs is refused (exit 3 in the CLI).
    const { db: conn } = openStore(db, { readonly: true });
    try {
      const figures = recount(conn, '2026-12');
      expect(figures).toEqual({
        members: want.now.size,
        teams: new Set([...want.now.values()].map((p) => p.team)).size,
        joined: want.joined.length,
        left: want.left.length,
        moved: want.moved.length,
      });
      expect(() => assertFigures(conn, '2026-12', { ...figures, moved: figures.moved + 1 })).toThrow(FiguresMismatch);
    } finally {
      conn.close();
    }
  }, 120_000);
});
