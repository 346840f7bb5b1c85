/**
 * Smaller holes of the same family (issue: data safety, round 2): decisions
 * files take plain integer team ids only; mixed-script names are a finding
 * (text.mixed-script) and fold to one team only by the exact look-alike table;
 * the annotated workbook's findings sheet gives wrapped rows the height their
 * text needs, so printed pages do not overlap.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { foldLookalikes, isMixedScript } from '../src/text/scripts.js';
import { neighbourhoodKey } from '../src/text/neighbourhood.js';
import { roster, tempDir } from './helpers/cli.js';
import { HEADERS, initDb, sampleDb, writeCsv } from './helpers/seed.js';
import { at } from './helpers/defined.js';

const NOW = new Date('2026-11-28T09:00:00Z');

describe('decisions file team ids', () => {
  it('3.0, 0x3, +3, 3e0, " 3 x" are exit 2 naming the line; the database is unchanged', { timeout: 300_000 }, async () => {
    const dir = tempDir();
    const db = await sampleDb(dir);
    const plan = JSON.parse((await roster(['remap', '--db', db, '--dry-run', '--json'], { now: NOW })).stdout);
    const team = plan.open[0];
    const code = team.candidates[0].code;
    const events = () => {
      const d = new Database(db, { readonly: true });
      try {
        return (d.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n;
      } finally {
        d.close();
      }
    };
    const before = events();
    for (const bad of [`${team.teamId}.0`, `0x${team.teamId.toString(16)}`, `+${team.teamId}`, `${team.teamId}e0`, `${team.teamId} x`]) {
      const file = path.join(dir, 'decisions.csv');
      fs.writeFileSync(file, `team_id,new_unit_code\n${JSON.stringify(bad)},${code}\n`);
      const r = await roster(['remap', '--db', db, '--decisions', file], { now: NOW });
      expect(r.code, bad).toBe(2);
      expect(r.stderr).toContain('decisions.csv:2');
      expect(r.stderr).toMatch(/không phải số nguyên/);
      expect(events()).toBe(before);
    }
    const file = path.join(dir, 'ok.csv');
    fs.writeFileSync(file, `team_id,new_unit_code\n${team.teamId},${code}\n`);
    expect((await roster(['remap', '--db', db, '--decisions', file], { now: NOW })).code).toBe(0);
    expect(events()).toBeGreaterThan(before);
  });
});

describe('mixed scripts', () => {
  it('the look-alike table folds Cyrillic and Greek twins in mixed text only', { timeout: 300_000 }, () => {
    expect(isMixedScript('Кhu phố 1')).toBe(true);
    expect(isMixedScript('Khu phố 1')).toBe(false);
    expect(isMixedScript('Кху')).toBe(false);
    expect(foldLookalikes('Кhu phố 1')).toBe('Khu phố 1');
    expect(foldLookalikes('Khu рhố 1')).toBe('Khu phố 1');
    expect(foldLookalikes('Ấp Тân Hòa')).toBe('Ấp Tân Hòa');
    expect(neighbourhoodKey('Кhu phố 1')).toBe(neighbourhoodKey('Khu phố 1'));
    expect(neighbourhoodKey('Khu phố Ο1')).toBe(neighbourhoodKey('Khu phố O1'));
    // Not in the table: stays different.
    expect(neighbourhoodKey('Khu phố 1ж')).not.toBe(neighbourhoodKey('Khu phố 1'));
    expect(neighbourhoodKey('Кху')).toBe('кху');
  });

  it('a khu phố with a Cyrillic К is the same team, with a text.mixed-script warning at its cell; a name with a Greek Ο too', { timeout: 300_000 }, async () => {
    const dir = tempDir();
    const db = await initDb({ dir });
    const row = (name: string, id: string, role: string, kp: string) => [name, '01/01/1990', 'Nam', id, '0912345678', role, kp, 'Phường Tân Định', 'Quận 1', 'Có'];
    const file = writeCsv(path.join(dir, 'tan-dinh.csv'), [
      row('Nguyễn Văn An', '079090000001', 'Tổ trưởng', 'Khu phố 1'),
      row('Trần Văn Bình', '079090000002', 'Thành viên', 'Кhu phố 1'),
      row('Lê Văn Ο', '079090000003', 'Thành viên', 'Khu phố 1'),
    ]);
    expect((await roster(['import', '--db', db, '--period', '2026-11', file], { now: NOW })).code).toBe(0);
    const d = new Database(db, { readonly: true });
    const teams = d.prepare('SELECT DISTINCT team_id FROM source_rows').all();
    d.close();
    expect(teams.length).toBe(1);
    const v = JSON.parse((await roster(['validate', '--db', db, '--period', '2026-11', '--json'])).stdout);
    const mixed = v.findings.filter((f: { rule: string }) => f.rule === 'text.mixed-script');
    expect(mixed.map((f: { severity: string; source: { cell: string } }) => [f.severity, f.source.cell]).sort()).toEqual([
      ['warning', `${String.fromCharCode(65 + HEADERS.indexOf('Họ và tên'))}4`],
      ['warning', `${String.fromCharCode(65 + HEADERS.indexOf('Khu phố'))}3`],
    ]);
  });
});

describe('the findings sheet prints legibly', () => {
  it('every row with wrapped text has a height for all its lines', { timeout: 300_000 }, async () => {
    const dir = tempDir();
    const db = await sampleDb(dir);
    const out = path.join(dir, 'loi.xlsx');
    const r = await roster(['validate', '--db', db, '--format', 'xlsx', '-o', out]);
    expect([0, 1]).toContain(r.code);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const ws = at(wb.worksheets, 0);
    const widths = [9, 10, 11].map((c) => ws.getColumn(c).width as number);
    let rows = 0;
    ws.eachRow((row, n) => {
      if (n === 1 || typeof row.getCell(1).value !== 'number') return;
      rows++;
      // Lines the wrapped cells need at about one character per width unit (an independent, generous count).
      const lines = Math.max(
        1,
        ...[9, 10, 11].map((c, i) =>
          String(row.getCell(c).value ?? '')
            .split('\n')
            .reduce((a, l) => a + Math.max(1, Math.ceil([...l].length / at(widths, i))), 0),
        ),
      );
      expect(row.height, `row ${n}`).toBeGreaterThanOrEqual(15 * lines);
      for (const c of [9, 10, 11]) expect(row.getCell(c).alignment?.wrapText).toBe(true);
    });
    expect(rows).toBeGreaterThan(5);
  });
});

describe('a month without a roster', () => {
  it('report monthly for a period with no roster is exit 2 naming the periods that exist, and writes nothing (final or draft)', { timeout: 300_000 }, async () => {
    const dir = tempDir();
    const db = await sampleDb(dir);
    for (const extra of [[], ['--draft']]) {
      const out = path.join(dir, `bao-cao-2030-01${extra.join('')}.xlsx`);
      const r = await roster(['report', 'monthly', '--db', db, '--period', '2030-01', ...extra, '-o', out], { now: NOW });
      expect(r.code, extra.join(' ')).toBe(2);
      expect(r.stderr).toContain('2030-01');
      expect(r.stderr).toContain('2026-11');
      expect(fs.existsSync(out)).toBe(false);
      expect(fs.readdirSync(dir).filter((f) => f.includes('2030-01'))).toEqual([]);
    }
  });
});
