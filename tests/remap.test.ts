/**
 * `roster remap` on the bundled sample (rosters of November 2026 still naming
 * the wards before 1 July 2025): whole merges move automatically, divided
 * wards by decision (interactive or a decisions file), --dry-run writes
 * nothing, every move is an event with its legal basis.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, test } from 'vitest';
import { ENTER, scriptedPrompter } from '../src/cli/prompter.js';
import { roster, tempDir } from './helpers/cli.js';
import { sampleDb } from './helpers/seed.js';
import { defined, at } from './helpers/defined.js';

const NOW = new Date('2026-12-02T08:00:00Z');

interface Plan {
  ok: boolean;
  dryRun: boolean;
  moved: { teamId: number; neighbourhood: string; from: { code: string; name: string }; to: { code: string; name: string }; legalBasis: string | null; decidedBy: string }[];
  open: { teamId: number; neighbourhood: string; from: { name: string }; candidates: { code: string; name: string; legalBasis: string | null }[] }[];
  collisions: { rule: string; unit: { name: string }; neighbourhood: string; teamIds: number[] }[];
}

function read(db: string) {
  const d = new Database(db, { readonly: true });
  try {
    return {
      teams: d.prepare('SELECT t.id, u.code, u.vintage, t.neighbourhood FROM teams t LEFT JOIN units u ON u.id = t.unit_id ORDER BY t.id').all() as {
        id: number;
        code: string;
        vintage: string;
        neighbourhood: string;
      }[],
      events: d
        .prepare(
          `SELECT e.team_id, e.kind, e.legal_basis, e.decided_by, e.at, e.period, f.code AS from_code, f.vintage AS from_vintage, t.code AS to_code, t.vintage AS to_vintage
           FROM events e JOIN units f ON f.id = e.from_unit_id JOIN units t ON t.id = e.to_unit_id WHERE e.kind = 'remapped' ORDER BY e.team_id`,
        )
        .all() as Record<string, unknown>[],
    };
  } finally {
    d.close();
  }
}

async function plan(db: string): Promise<Plan> {
  const r = await roster(['remap', '--db', db, '--dry-run', '--json'], { now: NOW });
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as Plan;
}

describe('roster remap', () => {
  test('--dry-run lists the plan and writes nothing', async () => {
    const db = await sampleDb();
    const before = read(db);
    const p = await plan(db);
    expect(p.dryRun).toBe(true);
    expect(p.moved.length).toBeGreaterThan(0);
    expect(p.moved.every((m) => m.decidedBy === 'auto')).toBe(true);
    expect(p.moved.find((m) => m.from.name === 'Phường Bến Nghé')?.to).toMatchObject({ code: '26740', name: 'Phường Sài Gòn' });
    expect(p.open.map((o) => o.from.name).sort()).toEqual(expect.arrayContaining(['Phường 4', 'Phường Đa Kao']));
    expect(
      p.open
        .find((o) => o.from.name === 'Phường Đa Kao')
        ?.candidates.map((c) => c.name)
        .sort(),
    ).toEqual(['Phường Sài Gòn', 'Phường Tân Định']);
    expect(read(db)).toEqual(before);
  });

  test('--auto moves whole merges, records each move, leaves divided wards with what to do', async () => {
    const db = await sampleDb();
    const p0 = await plan(db);
    const r = await roster(['remap', '--db', db, '--auto', '--lang', 'en'], { now: NOW });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('need a decision');
    expect(r.stdout).toContain('--decisions');
    const after = read(db);
    for (const m of p0.moved) {
      const t = defined(after.teams.find((x) => x.id === m.teamId));
      expect([t.code, t.vintage]).toEqual([m.to.code, '2025-07-01']);
    }
    for (const o of p0.open) expect(defined(after.teams.find((x) => x.id === o.teamId)).vintage).toBe('2025-03-01');
    expect(after.events.map((e) => e.team_id)).toEqual(p0.moved.map((m) => m.teamId).sort((a, b) => a - b));
    for (const e of after.events) {
      expect(e).toMatchObject({
        kind: 'remapped',
        legal_basis: '1685/NQ-UBTVQH15',
        decided_by: 'auto',
        at: NOW.toISOString(),
        period: '2026-11',
        from_vintage: '2025-03-01',
        to_vintage: '2025-07-01',
      });
    }
    // Validation now reports the moved teams as information, the divided ones still as errors.
    const v = JSON.parse((await roster(['validate', '--db', db, '--json'])).stdout) as { findings: { rule: string; severity: string }[] };
    expect(v.findings.filter((f) => f.rule === 'unit.retired.full').every((f) => f.severity === 'info')).toBe(true);
    expect(v.findings.some((f) => f.rule === 'unit.retired.partial' && f.severity === 'error')).toBe(true);
    // Running again moves nothing more.
    const again = JSON.parse((await roster(['remap', '--db', db, '--auto', '--json'], { now: NOW })).stdout) as Plan;
    expect(again.moved).toEqual([]);
    expect(again.open.length).toBe(p0.open.length);
  });

  test('--decisions FILE by team id and by ward + neighbourhood', async () => {
    const dir = tempDir();
    const db = await sampleDb(dir);
    const p0 = await plan(db);
    const dakao = p0.open.filter((o) => o.from.name === 'Phường Đa Kao');
    const p4 = p0.open.filter((o) => o.from.name === 'Phường 4');
    expect(dakao.length).toBeGreaterThan(0);
    expect(p4.length).toBeGreaterThan(0);
    const file = path.join(dir, 'decisions.csv');
    fs.writeFileSync(
      file,
      `${['team_id,ward,neighbourhood,new_unit_code', ...dakao.map((o) => `${o.teamId},,,26737`), ...p4.map((o) => `,Phường 4,${o.neighbourhood},27154`)].join('\n')}\n`,
    );
    const r = await roster(['remap', '--db', db, '--decisions', file, '--json'], { now: NOW });
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as Plan;
    expect(out.open).toEqual([]);
    const after = read(db);
    for (const o of dakao) expect(defined(after.teams.find((t) => t.id === o.teamId)).code).toBe('26737');
    for (const o of p4) expect(defined(after.teams.find((t) => t.id === o.teamId)).code).toBe('27154');
    expect(after.events.filter((e) => e.decided_by === 'decisions-file').length).toBe(dakao.length + p4.length);
  });

  test('a decisions file naming a ward that is no successor is exit 2 and writes nothing', async () => {
    const dir = tempDir();
    const db = await sampleDb(dir);
    const p0 = await plan(db);
    const file = path.join(dir, 'bad.csv');
    fs.writeFileSync(file, `team_id,new_unit_code\n${at(p0.open, 0).teamId},99999\n`);
    const before = read(db);
    const r = await roster(['remap', '--db', db, '--auto', '--decisions', file, '--lang', 'en'], { now: NOW });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('bad.csv:2');
    expect(r.stderr).toContain('not a successor');
    expect(read(db)).toEqual(before);
  });

  test('interactive: confirms the whole merges and asks per divided team, showing the legal basis', async () => {
    const db = await sampleDb();
    const p0 = await plan(db);
    // Confirm the whole merges, then the first divided team goes to its first candidate, the rest later.
    const first = at(p0.open, 0);
    const answers: unknown[] = [true, at(first.candidates, 0).code, ...p0.open.slice(1).map(() => null)];
    const prompter = scriptedPrompter(answers);
    const r = await roster(['remap', '--db', db, '--lang', 'en'], { tty: true, prompter, now: NOW });
    expect(r.code).toBe(0);
    expect(prompter.asked.length).toBe(1 + p0.open.length);
    expect(prompter.asked[1]).toContain('was divided');
    const after = read(db);
    expect(defined(after.teams.find((t) => t.id === first.teamId)).code).toBe(at(first.candidates, 0).code);
    const ev = defined(after.events.find((e) => e.team_id === first.teamId));
    expect(ev.decided_by).toBe('interactive');
    expect(ev.legal_basis).toBe('1685/NQ-UBTVQH15');
    for (const o of p0.open.slice(1)) expect(defined(after.teams.find((t) => t.id === o.teamId)).vintage).toBe('2025-03-01');
  });

  test('interactive: Enter on a divided team decides later, never assigns a ward', async () => {
    const db = await sampleDb();
    const p0 = await plan(db);
    const before = read(db);
    const prompter = scriptedPrompter([false, ...p0.open.map(() => ENTER)]);
    const r = await roster(['remap', '--db', db], { tty: true, prompter, now: NOW });
    expect(r.code, r.stderr).toBe(0);
    expect(prompter.defaults.slice(1)).toEqual(p0.open.map(() => null));
    expect(read(db)).toEqual(before);
    expect(r.stdout).toContain(`${p0.open.length} tổ thuộc phường/xã đã bị chia`);
  });

  test('teams landing on the same neighbourhood of one new ward are reported, never merged', async () => {
    // Old Đa Kao's "KP 1" decided into Phường Sài Gòn, where old Bến Nghé's "Khu phố 1" lands too.
    const dir = tempDir();
    const db = await sampleDb(dir);
    const p0 = await plan(db);
    const teamsBefore = read(db).teams.length;
    const kp1 = defined(p0.open.find((o) => o.from.name === 'Phường Đa Kao' && /1$/.test(o.neighbourhood)));
    const benNghe1 = defined(p0.moved.find((m) => m.from.name === 'Phường Bến Nghé' && /1$/.test(m.neighbourhood)));
    const file = path.join(dir, 'd.csv');
    fs.writeFileSync(file, `team_id,new_unit_code\n${kp1.teamId},26740\n`);
    const dry = JSON.parse((await roster(['remap', '--db', db, '--auto', '--decisions', file, '--dry-run', '--json'], { now: NOW })).stdout) as Plan;
    const r = await roster(['remap', '--db', db, '--auto', '--decisions', file, '--json'], { now: NOW });
    const out = JSON.parse(r.stdout) as Plan;
    const expected = [{ rule: 'team.duplicate-neighbourhood', unit: { code: '26740', name: 'Phường Sài Gòn' }, teamIds: [benNghe1.teamId, kp1.teamId].sort((a, b) => a - b) }];
    expect(dry.collisions).toMatchObject(expected);
    expect(out.collisions).toMatchObject(expected);
    // Both teams still exist, each with its own members, both now in Sài Gòn.
    const after = read(db);
    expect(after.teams.length).toBe(teamsBefore);
    expect(after.teams.filter((t) => t.id === kp1.teamId || t.id === benNghe1.teamId).map((t) => t.code)).toEqual(['26740', '26740']);
    // And validation reports the clash.
    const v = JSON.parse((await roster(['validate', '--db', db, '--json'])).stdout) as { findings: { rule: string }[] };
    expect(v.findings.filter((f) => f.rule === 'team.duplicate-neighbourhood').length).toBe(1);
  });
});
