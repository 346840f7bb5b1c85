/**
 * A real `roster import` process killed with SIGKILL in the middle of its
 * transaction leaves the database exactly as it was; a second import started
 * while the first holds the write lock waits or fails with "in use", never
 * corrupting anything. Each process is killed or paused at a named fault
 * point (src/safety/fault.ts), so every run tests the same moment.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../src/store/db.js';
import { rosterBin, tempDir } from './helpers/cli.js';
import { runKilledAt, startStoppedAt } from './helpers/fault.js';
import { HEADERS, importFiles, initDb, SAMPLE_ROSTERS } from './helpers/seed.js';
import { at } from './helpers/defined.js';

function bigCsv(file: string, rows: number): string {
  const lines = [HEADERS.join(',')];
  for (let i = 0; i < rows; i++) {
    const id = `0791${String(90 + (i % 10)).padStart(2, '0')}${String(i).padStart(6, '0')}`;
    lines.push(
      `Nguyễn Văn Thành ${i},01/01/19${90 + (i % 10)},Nam,${id},0912${String(i % 1_000_000).padStart(6, '0')},${i % 6 === 0 ? 'Tổ trưởng' : 'Thành viên'},Khu phố ${Math.floor(i / 6) % 50},Phường Tân Định,,Có`,
    );
  }
  fs.writeFileSync(file, `${lines.join('\r\n')}\r\n`);
  return file;
}

function counts(dbFile: string) {
  const { db } = openStore(dbFile, { readonly: true });
  try {
    return {
      integrity: db.pragma('integrity_check', { simple: true }),
      imports: (db.prepare('SELECT count(*) AS n FROM imports').get() as { n: number }).n,
      rows: (db.prepare('SELECT count(*) AS n FROM source_rows').get() as { n: number }).n,
      members: (db.prepare('SELECT count(*) AS n FROM members').get() as { n: number }).n,
    };
  } finally {
    db.close();
  }
}

const ROWS = 3_000;

describe('crash safety and concurrency', () => {
  it('SIGKILL during an import, every row written and not committed, leaves the previous content intact', async () => {
    const db = await initDb();
    await importFiles(db, '2026-11', [at(SAMPLE_ROSTERS, 2)]);
    const before = counts(db);
    const big = bigCsv(path.join(tempDir(), 'big.csv'), ROWS);
    const killed = runKilledAt('import.after-rows', ['import', '--db', db, '--period', '2026-12', big]);
    expect(killed.signal, killed.stderr).toBe('SIGKILL');
    expect(counts(db)).toEqual(before);
    expect(before.integrity).toBe('ok');
  });

  it('a second import while the first holds the lock fails cleanly with "in use" (exit 2), and the first completes', async () => {
    const db = await initDb();
    const big = bigCsv(path.join(tempDir(), 'big.csv'), ROWS);
    const first = await startStoppedAt('import.after-rows', ['import', '--db', db, '--period', '2026-12', big]);
    const second = rosterBin(['import', '--db', db, '--period', '2026-11', at(SAMPLE_ROSTERS, 2)], { env: { ROSTER_BUSY_TIMEOUT_MS: '200' } });
    const firstEnd = await first.resume();
    expect(firstEnd.code).toBe(0);
    expect(second.code).toBe(2);
    expect(second.stderr).toMatch(/đang được một tiến trình roster khác sử dụng/);
    const c = counts(db);
    expect(c.integrity).toBe('ok');
    expect(c.rows).toBe(ROWS);
    expect(c.imports).toBe(1);
  });

  it('validate and report read a consistent snapshot while an import runs', async () => {
    const db = await initDb();
    await importFiles(db, '2026-11', [at(SAMPLE_ROSTERS, 2)]);
    const big = bigCsv(path.join(tempDir(), 'big.csv'), ROWS);
    const child = await startStoppedAt('import.after-rows', ['import', '--db', db, '--period', '2026-11', '--mode', 'append', big]);
    const v = rosterBin(['validate', '--db', db, '--period', '2026-11', '--json']);
    const out = path.join(tempDir(), 'r.xlsx');
    const rep = rosterBin(['report', 'monthly', '--db', db, '--period', '2026-11', '--draft', '-o', out]);
    const end = await child.kill();
    expect(end.signal).toBe('SIGKILL');
    expect([0, 1]).toContain(v.code);
    // The 7 committed rows of the Tân Định roster, none of the import in flight.
    const findings = JSON.parse(v.stdout);
    expect(findings.period).toBe('2026-11');
    expect(rep.code, rep.stderr).toBe(0);
    expect(rep.stderr + rep.stdout).toMatch(/7 thành viên/);
  });

  it('a report killed before its workbook is renamed into place never leaves a workbook under its final name', async () => {
    const db = await initDb();
    await importFiles(db, '2026-12', [bigCsv(path.join(tempDir(), 'big.csv'), ROWS)]);
    const outDir = tempDir();
    const out = path.join(outDir, 'bao-cao.xlsx');
    const killed = runKilledAt('output.before-rename', ['report', 'monthly', '--db', db, '--period', '2026-12', '--draft', '-o', out]);
    expect(killed.signal, killed.stderr).toBe('SIGKILL');
    const parts = fs.readdirSync(outDir).filter((f) => f.endsWith('.part'));
    expect(parts).toHaveLength(1);
    expect(fs.statSync(path.join(outDir, parts[0] as string)).size).toBeGreaterThan(0);
    expect(fs.existsSync(out)).toBe(false);
    expect(counts(db).integrity).toBe('ok');
  });

  it('a remap killed with every team moved but not committed moves none; run again, it moves all', async () => {
    const db = await initDb();
    const n = 500;
    // One team per neighbourhood, all in Phường Bến Nghé (merged whole into Phường Sài Gòn).
    const rows = Array.from(
      { length: n },
      (_, i) => `Nguyễn Văn ${i},01/01/1990,Nam,0790901${String(i).padStart(5, '0')},0912345678,Tổ trưởng,Khu phố ${i},Phường Bến Nghé,Quận 1,Có`,
    );
    const file = path.join(tempDir(), 'ben-nghe.csv');
    fs.writeFileSync(file, `${[HEADERS.join(','), ...rows].join('\r\n')}\r\n`);
    await importFiles(db, '2026-11', [file]);
    const moved = () => {
      const { db: h } = openStore(db, { readonly: true });
      try {
        return {
          integrity: h.pragma('integrity_check', { simple: true }),
          teams: (h.prepare("SELECT count(*) AS n FROM teams t JOIN units u ON u.id = t.unit_id WHERE u.name = 'Phường Sài Gòn'").get() as { n: number }).n,
          events: (h.prepare("SELECT count(*) AS n FROM events WHERE kind = 'remapped'").get() as { n: number }).n,
        };
      } finally {
        h.close();
      }
    };
    const remap = ['remap', '--auto', '--period', '2026-11', '--db', db];
    const killed = runKilledAt('remap.after-moves', remap);
    expect(killed.signal, killed.stderr).toBe('SIGKILL');
    expect(moved()).toEqual({ integrity: 'ok', teams: 0, events: 0 });
    const again = rosterBin(remap);
    expect(again.code, again.stderr).toBe(0);
    expect(moved()).toEqual({ integrity: 'ok', teams: n, events: n });
  });
});
