import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { openStore } from '../src/store/db.js';
import { roster, tempDir } from './helpers/cli.js';
import { at } from './helpers/defined.js';

describe('roster demo', () => {
  it('runs the whole job on the bundled sample and says where the workbooks are', async () => {
    const cwd = tempDir();
    const r = await roster(['demo', '--json'], { cwd, now: new Date('2026-11-28T09:00:00Z') });
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.db).toBe(path.join(cwd, 'roster-demo', 'roster.db'));
    expect(j.imported).toBe(36);
    // Bến Nghé KP1, KP2 (→ Sài Gòn), Phường 5 KP1 and Phường 1 KP3 (→ Bàn Cờ) are whole merges; so are the
    // two teams of the November 2024 roster, through two reorganisations (→ Phường 12 / Phường 9 → Nhiêu Lộc).
    expect(j.moved).toBe(6);
    expect(j.openDecisions.map((d: { ward: string }) => d.ward).sort()).toEqual(['Phường 4', 'Phường 4', 'Phường Đa Kao', 'Phường Đa Kao']);
    expect(j.draft).toBe(true);
    expect(j.findingsAfterRemap.warning).toBeLessThan(j.findings.warning);
    for (const f of [j.workbook, j.annotated]) expect(fs.statSync(f).size).toBeGreaterThan(1000);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(j.workbook);
    expect(wb.worksheets.map((w) => w.name)).toEqual(expect.arrayContaining(['Tổng hợp', 'Danh sách tổ', 'Thành viên', 'Biến động', 'Kiểm tra']));
    const { db } = openStore(j.db, { readonly: true });
    const moved = db.prepare("SELECT count(*) AS n FROM events WHERE kind = 'remapped' AND decided_by = 'auto' AND legal_basis = '1685/NQ-UBTVQH15'").get();
    db.close();
    expect(moved).toEqual({ n: 4 });
    const { db: d2 } = openStore(j.db, { readonly: true });
    const chains = d2
      .prepare(
        `SELECT f.name AS fromName, f.vintage AS fromVintage, t.name AS toName, e.legal_basis AS basis, e.details_json AS details
         FROM events e JOIN units f ON f.id = e.from_unit_id JOIN units t ON t.id = e.to_unit_id
         WHERE e.kind = 'remapped' AND f.vintage = '2024-11-01' ORDER BY f.code`,
      )
      .all() as { fromName: string; fromVintage: string; toName: string; basis: string; details: string }[];
    d2.close();
    expect(chains.map((c) => [c.fromName, c.toName, c.basis])).toEqual([
      ['Phường 13', 'Phường Nhiêu Lộc', '1278/NQ-UBTVQH15 Điều 1 khoản 1 điểm b; 1685/NQ-UBTVQH15'],
      ['Phường 10', 'Phường Nhiêu Lộc', '1278/NQ-UBTVQH15 Điều 1 khoản 1 điểm a; 1685/NQ-UBTVQH15'],
    ]);
    expect(JSON.parse(at(chains, 0).details).chain.map((s: { name: string; vintage: string }) => `${s.name} ${s.vintage}`)).toEqual([
      'Phường 12 2025-03-01',
      'Phường Nhiêu Lộc 2025-07-01',
    ]);
  });

  it('can be run twice in the same place', async () => {
    const cwd = tempDir();
    expect((await roster(['demo', '-q'], { cwd })).code).toBe(0);
    const again = await roster(['demo', '-q'], { cwd });
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(path.join(cwd, 'roster-demo', 'bao-cao-thang-2026-11.xlsx'));
  });
});
