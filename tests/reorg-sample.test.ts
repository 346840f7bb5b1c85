/**
 * The two reorganisations on the bundled sample (no national files needed):
 * the 2024 excerpt, the 1 January 2025 successions and the chains they make.
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { openStore } from '../src/store/db.js';
import { createResolver } from '../src/units/resolver.js';
import { roster, tempDir } from './helpers/cli.js';
import { importFiles, initDb, writeCsv } from './helpers/seed.js';
import { defined } from './helpers/defined.js';

const NOW = new Date('2026-12-01T08:00:00Z');

describe('chains on the bundled sample', () => {
  it('Phường 13 (Quận 3) of 2024 is retired whole to Nhiêu Lộc through Phường 12; Phường 04 carried over, then divided', async () => {
    const db = await initDb();
    const { db: h } = openStore(db, { readonly: true });
    try {
      const today = createResolver(h, { asOf: '2026-11-30', jurisdiction: [] });
      const p13 = today.resolve({ name: 'P. 13', district: 'Q.3' });
      expect(p13.status).toBe('retired.full');
      expect(p13.unit).toMatchObject({ code: '27136', vintage: '2024-11-01' });
      expect(p13.successors.map((s) => [s.unit.name, s.kind, s.legalBasis])).toEqual([['Phường Nhiêu Lộc', 'full', '1278/NQ-UBTVQH15 Điều 1 khoản 1 điểm b; 1685/NQ-UBTVQH15']]);
      // 2024 "Phường 04" by its code: carried over to the March 2025 list, then divided on 1 July 2025: a decision
      const p4 = today.resolve({ code: '27148', name: 'Phường 04' });
      expect(p4.status).toBe('retired.partial');
      expect(p4.successors.map((s) => s.unit.name).sort()).toEqual(['Phường Bàn Cờ', 'Phường Xuân Hòa']);
      // In 2024 the same references are wards in force; in March 2025 Phường 13 is already Phường 12
      const y2024 = createResolver(h, { asOf: '2024-11-30', jurisdiction: [] });
      expect(y2024.resolve({ name: 'Phường 13', district: 'Quận 3' }).status).toBe('current');
      expect(y2024.resolve({ code: '27265', name: 'Phường 6', district: 'Quận 4' }).status).toBe('current');
      const mar = createResolver(h, { asOf: '2025-03-31', jurisdiction: [] }).resolve({ name: 'Phường 13', district: 'Quận 3' });
      expect([mar.status, mar.successors.map((s) => s.unit.name)]).toEqual(['retired.full', ['Phường 12']]);
    } finally {
      h.close();
    }
  });

  it('an office of Nhiêu Lộc answers for the wards it was formed from in every list', async () => {
    const db = await initDb();
    const { db: h } = openStore(db, { readonly: true });
    try {
      const r = createResolver(h, { asOf: '2024-11-30', jurisdiction: ['27142'] });
      const p13 = r.resolve({ name: 'Phường 13', district: 'Quận 3' });
      const p04 = r.resolve({ name: 'Phường 04', district: 'Quận 3' });
      expect(r.inJurisdiction(defined(p13.unit))).toBe(true);
      // Phường 4 went partly to Xuân Hòa and Bàn Cờ, not to Nhiêu Lộc
      expect(r.inJurisdiction(defined(p04.unit))).toBe(false);
    } finally {
      h.close();
    }
  });

  it('remap --as-of moves a 2024 team only as far as the list in force that day, and records every legal basis', async () => {
    const db = await initDb();
    const dir = tempDir();
    const rows = [
      ['Đỗ Văn Thành', '12/03/1970', 'Nam', '079070112233', '0903456789', 'Tổ trưởng', 'Khu phố 1', 'Phường 13', 'Quận 3', 'Có'],
      ['Ngô Thị Lan', '25/09/1985', 'Nữ', '079185223344', '0912345670', 'Thành viên', 'Khu phố 1', 'Phường 13', 'Quận 3', 'Có'],
    ];
    await importFiles(db, '2024-11', [writeCsv(path.join(dir, 'p13-2024-11.csv'), rows)]);
    const mid = await roster(['remap', '--db', db, '--auto', '--as-of', '2025-05-31', '--json'], { now: NOW });
    expect(mid.code, mid.stderr).toBe(0);
    const last = await roster(['remap', '--db', db, '--auto', '--json'], { now: NOW });
    expect(last.code, last.stderr).toBe(0);
    const d = new Database(db, { readonly: true });
    const events = d
      .prepare(
        `SELECT f.name AS f, f.vintage AS fv, t.name AS t, t.vintage AS tv, e.legal_basis AS lb FROM events e
         JOIN units f ON f.id = e.from_unit_id JOIN units t ON t.id = e.to_unit_id WHERE e.kind = 'remapped' ORDER BY e.id`,
      )
      .all();
    d.close();
    expect(events).toEqual([
      { f: 'Phường 13', fv: '2024-11-01', t: 'Phường 12', tv: '2025-03-01', lb: '1278/NQ-UBTVQH15 Điều 1 khoản 1 điểm b' },
      { f: 'Phường 12', fv: '2025-03-01', t: 'Phường Nhiêu Lộc', tv: '2025-07-01', lb: '1685/NQ-UBTVQH15' },
    ]);
    expect((await roster(['remap', '--db', db, '--as-of', '31/05/2025'])).code).toBe(2);
  });

  it('the monthly workbook notes the roster’s own ward name and the chain for a team moved through both reorganisations', async () => {
    const db = await initDb();
    const dir = tempDir();
    // A November 2026 roster still on the 2024 template, the ward written "P.13"
    const rows = [
      ['Đỗ Văn Thành', '12/03/1970', 'Nam', '079070112233', '0903456789', 'Tổ trưởng', 'Khu phố 1', 'P.13', 'Quận 3', 'Có'],
      ['Ngô Thị Lan', '25/09/1985', 'Nữ', '079185223344', '0912345670', 'Thành viên', 'Khu phố 1', 'P.13', 'Quận 3', 'Có'],
      ['Vũ Minh Khoa', '08/11/2001', 'Nam', '079201334455', '0987654321', 'Thành viên', 'Khu phố 1', 'P.13', 'Quận 3', 'Có'],
    ];
    await importFiles(db, '2026-11', [writeCsv(path.join(dir, 'p13-2026-11.csv'), rows)]);
    expect((await roster(['remap', '--db', db, '--auto'], { now: NOW })).code).toBe(0);
    const out = path.join(dir, 'bao-cao.xlsx');
    const r = await roster(['report', 'monthly', '--db', db, '--period', '2026-11', '--draft', '-o', out], { now: NOW });
    expect(r.code, r.stderr).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const ws = defined(wb.getWorksheet('Danh sách tổ'));
    let col = 0;
    const notes: string[] = [];
    ws.eachRow((row) => {
      row.eachCell((c, i) => {
        if (String(c.value).startsWith('Đơn vị trước sắp xếp')) col = i;
      });
      if (col && row.getCell(col).value && !String(row.getCell(col).value).startsWith('Đơn vị trước')) notes.push(String(row.getCell(col).value));
    });
    expect(notes).toEqual(['"P.13": Phường 13 (Quận 3) → Phường 12 (01/01/2025, 1278/NQ-UBTVQH15 Điều 1 khoản 1 điểm b) → Phường Nhiêu Lộc (01/07/2025, 1685/NQ-UBTVQH15)']);
  });
});
