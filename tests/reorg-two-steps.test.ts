/**
 * The two reorganisations of Ho Chi Minh City (1 January 2025, Resolution
 * 1278/NQ-UBTVQH15; 1 July 2025, Resolution 1685/NQ-UBTVQH15) over the real
 * files in ../shared/data/vn-admin-units (skipped when that folder is absent).
 * Expected successors are computed here from the raw files (the 1278 CSV and
 * merges-2025-07-01.json), independently of the loader and resolver.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../src/store/db.js';
import { createResolver } from '../src/units/resolver.js';
import { FIXTURES, hasSharedUnits, roster, SHARED_UNITS, tempDir } from './helpers/cli.js';
import { defined, known, at as elementAt } from './helpers/defined.js';
import { INSTALL, skipUnless } from './helpers/skips.js';

// The 2024 list and the 1 January 2025 successions came later than the other files.
const hasTwoSteps = hasSharedUnits && ['units-2024-11-01.json', 'successions-2025-01-01-hcmc-1278.csv'].every((f) => fs.existsSync(path.join(SHARED_UNITS, f)));
const NO_TWO_STEPS = skipUnless(
  hasTwoSteps,
  'two reorganisations on the national lists',
  `${INSTALL.sharedUnits} (with units-2024-11-01.json and successions-2025-01-01-hcmc-1278.csv)`,
);

const NOW = new Date('2026-12-01T08:00:00Z');
const TODAY = '2026-12-01';
const shared = (f: string) => path.join(SHARED_UNITS, f);

interface Row1278 {
  old_code: string;
  old_name: string;
  old_district: string;
  new_code: string;
  new_name: string;
  kind: 'full' | 'partial';
  basis: string;
}

function read1278(): Row1278[] {
  const lines = fs.readFileSync(shared('successions-2025-01-01-hcmc-1278.csv'), 'utf8').trim().split(/\r?\n/);
  const head = elementAt(lines, 0).split(',');
  return lines.slice(1).map((l) => {
    // the clause may be quoted and hold commas
    const cells: string[] = [];
    const re = /("([^"]*)"|[^,]*)(,|$)/g;
    for (let m = re.exec(l); m && cells.length < head.length; m = re.exec(l)) cells.push(m[2] ?? m[1] ?? '');
    const c = Object.fromEntries(head.map((h, i) => [h, cells[i] ?? '']));
    const column = (name: string) => known(c[name], `column ${name} of the successions file`);
    return {
      old_code: column('old_code'),
      old_name: column('old_name'),
      old_district: column('old_district'),
      new_code: column('new_code'),
      new_name: column('new_name'),
      kind: c.kind as 'full' | 'partial',
      basis: `${c.legal_basis} ${c.clause}`,
    };
  });
}

/** old 2025-03-01 code -> [new 2025-07-01 code, kind][] from merges-2025-07-01.json. */
function readMerges(): Map<string, { code: string; kind: string }[]> {
  const doc = JSON.parse(fs.readFileSync(shared('merges-2025-07-01.json'), 'utf8')) as {
    data: { level2s: { level2_id: string; merges: { old_id: string; type: string }[] }[] }[];
  };
  const out = new Map<string, { code: string; kind: string }[]>();
  for (const p of doc.data)
    for (const w of p.level2s) for (const o of w.merges) (out.get(o.old_id) ?? defined(out.set(o.old_id, []).get(o.old_id))).push({ code: w.level2_id, kind: o.type });
  return out;
}

/** Where a 2024 ward is today, from the raw files: every way, and whether each step was whole. */
function expectedToday(code2024: string, rows: Row1278[], merges: Map<string, { code: string; kind: string }[]>) {
  const first = rows.filter((r) => r.old_code === code2024);
  const step1 = first.length > 0 ? first.map((r) => ({ code: r.new_code, kind: r.kind, basis: r.basis })) : [{ code: code2024, kind: 'full', basis: null }];
  const ways = step1.flatMap((s) =>
    (merges.get(s.code) ?? []).map((m) => ({ code: m.code, full: s.kind === 'full' && m.kind === 'full', basis: [s.basis, '1685/NQ-UBTVQH15'].filter(Boolean).join('; ') })),
  );
  const codes = [...new Set(ways.map((w) => w.code))].sort();
  return { codes, whole: codes.length === 1 && ways.every((w) => w.full), basis: ways[0]?.basis };
}

async function nationalDb(jurisdiction: string): Promise<string> {
  const file = path.join(tempDir(), 'reorg.db');
  const steps = [
    ['init', '--db', file, '--office', 'UBND', '--jurisdiction', jurisdiction, '--units', shared('units-2024-11-01.json')],
    ['units', 'import', '--db', file, shared('units-2025-03-01.json')],
    ['units', 'import', '--db', file, shared('merges-2025-07-01.json'), '--legal-basis', shared('legal-basis-2025-07-01.csv')],
    ['units', 'import', '--db', file, shared('successions-2025-01-01-hcmc-1278.csv')],
  ];
  for (const s of steps) {
    const r = await roster(s, { now: NOW });
    expect(r.code, r.stderr).toBe(0);
  }
  return file;
}

describe.skipIf(NO_TWO_STEPS)('two reorganisations on the national lists', () => {
  let base: string;
  const rows = hasTwoSteps ? read1278() : [];
  const merges = hasTwoSteps ? readMerges() : new Map();

  beforeAll(async () => {
    base = await nationalDb('79');
  }, 120_000);

  const copy = () => {
    const f = path.join(tempDir(), 'copy.db');
    fs.copyFileSync(base, f);
    return f;
  };

  it('loads the 2024 list as a list in force until 2025-01-01 and the successions with their clause; idempotent; doctor lists the lists', async () => {
    const d = new Database(base, { readonly: true });
    const lists = d.prepare('SELECT vintage, valid_from AS f, valid_to AS t FROM unit_lists ORDER BY vintage').all();
    const link = d
      .prepare(
        `SELECT s.kind, s.effective, s.legal_basis AS lb, n.name FROM successions s JOIN units o ON o.id = s.old_unit_id JOIN units n ON n.id = s.new_unit_id
         WHERE o.vintage = '2024-11-01' AND o.code = '27136'`,
      )
      .all();
    const n1278 = (d.prepare("SELECT count(*) AS n FROM successions WHERE effective = '2025-01-01'").get() as { n: number }).n;
    d.close();
    expect(lists).toEqual([
      { vintage: '2024-11-01', f: null, t: '2025-01-01' },
      { vintage: '2025-03-01', f: '2025-01-01', t: '2025-07-01' },
      { vintage: '2025-07-01', f: '2025-07-01', t: null },
    ]);
    expect(link).toEqual([{ kind: 'full', effective: '2025-01-01', lb: '1278/NQ-UBTVQH15 Điều 1 khoản 1 điểm b', name: 'Phường 12' }]);
    expect(n1278).toBe(rows.length);
    const file = copy();
    const again = await roster(['units', 'import', '--db', file, shared('successions-2025-01-01-hcmc-1278.csv'), '--json'], { now: NOW });
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout).results[0].counts).toMatchObject({ successionsAdded: 0, successionsUpdated: 0, validityUpdated: 0, unitsAdded: 0 });
    const doc = await roster(['doctor', '--db', file, '--json']);
    expect(JSON.parse(doc.stdout).vintages.map((v: { vintage: string; validFrom: string | null; validTo: string | null }) => [v.vintage, v.validFrom, v.validTo])).toEqual([
      ['2024-11-01', null, '2025-01-01'],
      ['2025-03-01', '2025-01-01', '2025-07-01'],
      ['2025-07-01', '2025-07-01', null],
    ]);
  });

  it('every row of the successions CSV resolves in its period and chains to a unit of the 2025-07 list or to a decision', () => {
    const { db } = openStore(base, { readonly: true });
    try {
      const y2024 = createResolver(db, { asOf: '2024-12-31', jurisdiction: [] });
      const y2025 = createResolver(db, { asOf: '2025-05-31', jurisdiction: [] });
      const today = createResolver(db, { asOf: TODAY, jurisdiction: [] });
      const wrong: string[] = [];
      for (const r of rows) {
        const ref = { code: r.old_code, name: r.old_name, district: r.old_district };
        const then = y2024.resolve(ref);
        if (then.status !== 'current' || then.unit?.code !== r.old_code || then.unit.vintage !== '2024-11-01')
          wrong.push(`${r.old_code} in 2024: ${then.status} ${then.unit?.code}`);
        const mid = y2025.resolve(ref);
        if (!mid.successors.some((s) => s.unit.code === r.new_code && s.unit.vintage === '2025-03-01'))
          wrong.push(`${r.old_code} in 2025-05: ${mid.status} → ${mid.successors.map((s) => s.unit.code)}`);
        const now = today.resolve(ref);
        const exp = expectedToday(r.old_code, rows, merges);
        const got = now.successors.map((s) => s.unit.code).sort();
        const okStatus = exp.whole ? now.status === 'retired.full' : now.status === 'retired.partial';
        if (!okStatus || got.join() !== exp.codes.join() || now.successors.some((s) => s.unit.vintage !== '2025-07-01'))
          wrong.push(`${r.old_code} today: ${now.status} → ${got} (want ${exp.whole ? 'full' : 'decision'} → ${exp.codes})`);
        // a whole merge's way there starts with the row's own step
        if (r.kind === 'full' && now.successors[0]?.steps?.[0]?.unit.code !== r.new_code) wrong.push(`${r.old_code}: not through ${r.new_code}`);
      }
      expect(wrong).toEqual([]);
    } finally {
      db.close();
    }
  });

  it('27265 is Phường 6 in 2024, Phường 9 in March 2025 and Khánh Hội after 1 July 2025; "Phường 04" is "Phường 4"', () => {
    const { db } = openStore(base, { readonly: true });
    try {
      const at = (d: string) => createResolver(db, { asOf: d, jurisdiction: ['79'] });
      const meaning = (d: string) => {
        const r = at(d).resolve({ code: '27265' });
        return [r.status, r.unit?.name, r.unit?.vintage];
      };
      expect(meaning('2024-11-30')).toEqual(['current', 'Phường 06', '2024-11-01']);
      expect(meaning('2025-03-31')).toEqual(['current', 'Phường 9', '2025-03-01']);
      expect(meaning('2026-11-30')).toEqual(['current', 'Phường Khánh Hội', '2025-07-01']);
      // a 2024 roster's code and name, read today: right for 2024, and followed to today's ward
      const old = at('2026-11-30').resolve({ code: '27265', name: 'Phường 6', district: 'Quận 4' });
      expect(old.status).toBe('retired.full');
      expect(old.unit).toMatchObject({ vintage: '2024-11-01', name: 'Phường 06' });
      expect(old.successors.map((s) => [s.unit.name, s.legalBasis])).toEqual([['Phường Khánh Hội', '1278/NQ-UBTVQH15 Điều 1 khoản 2 điểm a; 1685/NQ-UBTVQH15']]);
      expect(elementAt(old.successors, 0).steps?.map((s) => `${s.unit.name} ${s.unit.vintage}`)).toEqual(['Phường 9 2025-03-01', 'Phường Khánh Hội 2025-07-01']);
      expect(at('2024-11-30').resolve({ name: 'Phường 4', district: 'Quận 3' }).unit).toMatchObject({ code: '27148', vintage: '2024-11-01' });
      expect(at('2024-11-30').resolve({ code: '27148', name: 'P.04', district: 'Q.3' }).status).toBe('current');
    } finally {
      db.close();
    }
  });

  it('units show 27265 gives its three meanings list by list and the chain to today; units search says what a 2024 name became', async () => {
    const r = await roster(['units', 'show', '27265', '--db', base, '--json'], { now: NOW });
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout) as { units: { vintage: string; name: string; became: { name: string; legalBasis: string }[] }[] };
    expect(j.units.map((u) => `${u.vintage} ${u.name}`)).toEqual(['2024-11-01 Phường 06', '2025-03-01 Phường 9', '2025-07-01 Phường Khánh Hội']);
    expect(elementAt(j.units, 0).became.map((b) => `${b.name}: ${b.legalBasis}`)).toEqual(['Phường Khánh Hội: 1278/NQ-UBTVQH15 Điều 1 khoản 2 điểm a; 1685/NQ-UBTVQH15']);
    const text = await roster(['units', 'show', '27265', '--db', base], { now: NOW });
    expect(text.stdout).toContain('Phường 06 → Phường 9 (27265; 01/01/2025, 1278/NQ-UBTVQH15 Điều 1 khoản 2 điểm a) → Phường Khánh Hội (27265; 01/07/2025, 1685/NQ-UBTVQH15)');
    const s = await roster(['units', 'search', 'Phường 13', '--db', base, '--json', '--limit', '50'], { now: NOW });
    const hits = JSON.parse(s.stdout).hits as { code: string; vintage: string; district: string; became?: { name: string }[] }[];
    const q3 = hits.find((h) => h.code === '27136' && h.vintage === '2024-11-01');
    expect(q3?.district).toBe('Quận 3');
    expect(q3?.became?.map((b) => b.name)).toEqual(['Phường Nhiêu Lộc']);
  });

  it('a 2024 roster of Quận 3, 4, 6 and 8 wards validates clean and remaps to today’s wards; the divided wards are left for a decision', async () => {
    const file = copy();
    const fixture = path.join(FIXTURES, 'rosters', 'wards-before-2025-quan-3-4-6-8-2024-11.csv');
    const imp = await roster(['import', fixture, '--db', file, '--period', '2024-11'], { now: NOW });
    expect(imp.code, imp.stderr).toBe(0);
    const v = await roster(['validate', '--db', file, '--period', '2024-11', '--json'], { now: NOW });
    const findings = (JSON.parse(v.stdout) as { findings: { rule: string; value: string }[] }).findings;
    expect(findings.filter((f) => f.rule.startsWith('unit.'))).toEqual([]);

    const r = await roster(['remap', '--db', file, '--auto', '--json'], { now: NOW });
    expect(r.code, r.stderr).toBe(0);
    const plan = JSON.parse(r.stdout) as { asOf: string; open: { from: { code: string }; candidates: { code: string; vintage: string }[] }[] };
    expect(plan.asOf).toBe(TODAY);

    const d = new Database(file, { readonly: true });
    const teams = d
      .prepare(
        `SELECT t.id, o.code AS origin, u.code, u.vintage,
           (SELECT e.legal_basis FROM events e WHERE e.team_id = t.id AND e.kind = 'remapped') AS basis
         FROM teams t JOIN units o ON o.id = t.origin_unit_id JOIN units u ON u.id = t.unit_id ORDER BY t.id`,
      )
      .all() as { id: number; origin: string; code: string; vintage: string; basis: string | null }[];
    d.close();
    expect(teams).toHaveLength(9);
    const decisions: string[] = [];
    for (const t of teams) {
      const exp = expectedToday(t.origin, rows, merges);
      if (exp.whole) {
        expect([t.origin, t.code, t.vintage, t.basis]).toEqual([t.origin, exp.codes[0], '2025-07-01', exp.basis]);
      } else {
        // left where the roster filed it, with today's candidates
        expect([t.origin, t.vintage, t.basis]).toEqual([t.origin, '2024-11-01', null]);
        const open = plan.open.find((o) => o.from.code === t.origin);
        expect(open?.candidates.map((c) => c.code).sort()).toEqual(exp.codes);
        expect(open?.candidates.every((c) => c.vintage === '2025-07-01')).toBe(true);
        decisions.push(t.origin);
      }
    }
    // Phường 5 (Quận 6) was divided on 1 January 2025; Phường 4 (Quận 3) on 1 July 2025
    expect(decisions.sort()).toEqual(['27148', '27361']);
  });

  it('the same wards named in a roster of November 2026 (a copied template) resolve through the older lists, the finding telling the chain', async () => {
    const file = copy();
    const src = fs.readFileSync(path.join(FIXTURES, 'rosters', 'wards-before-2025-quan-3-4-6-8-2024-11.csv'), 'utf8');
    const csv = path.join(tempDir(), 'copied-template-2026-11.csv');
    fs.writeFileSync(csv, src);
    expect((await roster(['import', csv, '--db', file, '--period', '2026-11'], { now: NOW })).code).toBe(0);
    const v = await roster(['validate', '--db', file, '--period', '2026-11', '--json'], { now: NOW });
    const f = (JSON.parse(v.stdout) as { findings: { rule: string; message: string; source: { row: number } }[] }).findings;
    expect(f.filter((x) => ['unit.unknown', 'unit.ambiguous', 'unit.code-name-mismatch'].includes(x.rule))).toEqual([]);
    const p13 = f.find((x) => x.rule === 'unit.retired.full' && x.source.row === 3);
    expect(p13?.message).toContain('Phường 13 (Quận 3) đã nhập vào Phường 12 từ 01/01/2025, nay thuộc Phường Nhiêu Lộc theo 1685/NQ-UBTVQH15');
    expect(p13?.message).toContain('1278/NQ-UBTVQH15 Điều 1 khoản 1 điểm b; 1685/NQ-UBTVQH15');
    expect(f.some((x) => x.rule === 'unit.retired.partial' && x.message.includes('Phường 05 (Quận 6)'))).toBe(true);
  });

  it('a ward that vanished with no succession known is unit.retired.unknown-successor, with today’s units of its district', async () => {
    const file = copy();
    const csv = path.join(tempDir(), 'ba-ria-2025-05.csv');
    fs.writeFileSync(
      csv,
      'Họ và tên,Chức danh trong tổ,Khu phố,Phường/Xã,Quận/Huyện\nNguyễn Văn A,Tổ trưởng,Khu phố 1,Phường Phước Hiệp,Thành phố Bà Rịa\nTrần Thị B,Thành viên,Khu phố 1,Phường Phước Hiệp,Thành phố Bà Rịa\n',
    );
    expect((await roster(['import', csv, '--db', file, '--period', '2025-05'], { now: NOW })).code).toBe(0);
    const v = await roster(['validate', '--db', file, '--period', '2025-05', '--json'], { now: NOW });
    const f = (JSON.parse(v.stdout) as { findings: { rule: string; severity: string; suggestion?: { candidates: { code: string }[] } }[] }).findings;
    const gone = f.filter((x) => x.rule === 'unit.retired.unknown-successor');
    expect(gone).toHaveLength(2);
    expect(elementAt(gone, 0).severity).toBe('warning');
    // today's units formed from the wards of the 2025-03 district Thành phố Bà Rịa (748), from the raw files
    const list = JSON.parse(fs.readFileSync(shared('units-2025-03-01.json'), 'utf8')) as { data: { level2s: { level2_id: string; level3s: { level3_id: string }[] }[] }[] };
    const wards = defined(list.data.flatMap((p) => p.level2s).find((d) => d.level2_id === '748')).level3s.map((w) => w.level3_id);
    const want = [...new Set(wards.flatMap((w) => (merges.get(w) ?? []).map((m: { code: string }) => m.code)))].sort();
    // the roster of May 2025 is read in the March 2025 list: candidates in force then
    expect(elementAt(gone, 0).suggestion?.candidates.length).toBeGreaterThan(0);
    const r = await roster(['remap', '--db', file, '--dry-run', '--json'], { now: NOW });
    const open = (JSON.parse(r.stdout) as { open: { rule?: string; candidates: { code: string }[] }[] }).open;
    expect(open).toHaveLength(1);
    expect(elementAt(open, 0).rule).toBe('unit.retired.unknown-successor');
    expect(
      elementAt(open, 0)
        .candidates.map((c) => c.code)
        .sort(),
    ).toEqual(want);
  });
});

describe.skipIf(NO_TWO_STEPS)('a May 2025 roster of the former Bình Dương and Bà Rịa – Vũng Tàu', () => {
  it('resolves (provinces 74 and 77), validates without unit.unknown or unit.outside-jurisdiction for the new wards’ office, and moves with --auto with the legal basis', async () => {
    const merges = readMerges();
    // The office answers for the two new wards these old wards went to.
    const file = await nationalDb('25760,26506');
    const fixture = path.join(FIXTURES, 'rosters', 'binh-duong-vung-tau-wards-2025-05.csv');
    const imp = await roster(['import', fixture, '--db', file, '--period', '2025-05'], { now: NOW });
    expect(imp.code, imp.stderr).toBe(0);
    const v = await roster(['validate', '--db', file, '--period', '2025-05', '--json'], { now: NOW });
    const findings = (JSON.parse(v.stdout) as { findings: { rule: string }[] }).findings;
    expect(findings.filter((f) => f.rule.startsWith('unit.'))).toEqual([]);

    const d0 = new Database(file, { readonly: true });
    const filed = d0.prepare('SELECT DISTINCT s.ward, u.code, u.province_code AS p, u.vintage FROM source_rows s JOIN units u ON u.id = s.unit_id ORDER BY u.code').all() as {
      ward: string;
      code: string;
      p: string;
      vintage: string;
    }[];
    d0.close();
    expect(filed.map((f) => `${f.ward} ${f.p} ${f.vintage}`).sort()).toEqual([
      'Phường 1 77 2025-03-01',
      'Phường Hòa Phú 74 2025-03-01',
      'Phường Phú Mỹ 74 2025-03-01',
      'Phường Thắng Tam 77 2025-03-01',
    ]);

    const r = await roster(['remap', '--db', file, '--auto', '--json'], { now: NOW });
    expect(r.code, r.stderr).toBe(0);
    const d = new Database(file, { readonly: true });
    const moved = d
      .prepare(
        `SELECT f.code AS fromCode, t.code AS toCode, t.vintage, e.legal_basis AS basis, e.decided_by AS by
         FROM events e JOIN units f ON f.id = e.from_unit_id JOIN units t ON t.id = e.to_unit_id WHERE e.kind = 'remapped' ORDER BY f.code`,
      )
      .all() as { fromCode: string; toCode: string; vintage: string; basis: string; by: string }[];
    d.close();
    expect(moved).toHaveLength(4);
    for (const m of moved) {
      const want = defined(merges.get(m.fromCode));
      expect(want).toHaveLength(1);
      expect(m).toEqual({ fromCode: m.fromCode, toCode: elementAt(want, 0).code, vintage: '2025-07-01', basis: '1685/NQ-UBTVQH15', by: 'auto' });
    }
    expect(new Set(moved.map((m) => m.toCode))).toEqual(new Set(['25760', '26506']));
  }, 120_000);
});
