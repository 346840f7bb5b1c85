/**
 * A real `roster import` process killed with SIGKILL in the middle of its
 * transaction leaves the database exactly as it was; a second import started
 * while the first holds the write lock waits or fails with "in use", never
 * corrupting anything.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../src/store/db.js';
import { ROOT, rosterBin, tempDir } from './helpers/cli.js';
import { HEADERS, importFiles, initDb, SAMPLE_ROSTERS } from './helpers/seed.js';

function bigCsv(file: string, rows: number): string {
  const out = fs.openSync(file, 'w');
  fs.writeSync(out, HEADERS.join(',') + '\r\n');
  let chunk = '';
  for (let i = 0; i < rows; i++) {
    const id = `0791${String(90 + (i % 10)).padStart(2, '0')}${String(i).padStart(6, '0')}`;
    chunk += `Nguyễn Văn Thành ${i},01/01/19${90 + (i % 10)},Nam,${id},0912${String(i % 1_000_000).padStart(6, '0')},${i % 6 === 0 ? 'Tổ trưởng' : 'Thành viên'},Khu phố ${Math.floor(i / 6) % 50},Phường Tân Định,,Có\r\n`;
    if (chunk.length > 1 << 20) {
      fs.writeSync(out, chunk);
      chunk = '';
    }
  }
  fs.writeSync(out, chunk);
  fs.closeSync(out);
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

/** Resolves when the child has exited, even if it already had (attach right after spawn). */
function exitOf(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });
}

async function waitFor(pred: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (pred()) return true;
    await new Promise((r) => setTimeout(r, 20));
  }
  return false;
}

describe('crash safety and concurrency', () => {
  it('SIGKILL during an import leaves the previous content intact', async () => {
    const db = await initDb();
    await importFiles(db, '2026-11', [SAMPLE_ROSTERS[2]]);
    const before = counts(db);
    const big = bigCsv(path.join(tempDir(), 'big.csv'), 300_000);
    const child = spawn(process.execPath, [path.join(ROOT, 'bin/roster.js'), 'import', '--db', db, '--period', '2026-12', big], { stdio: 'ignore' });
    // Kill once the transaction has written pages to the WAL.
    const wal = `${db}-wal`;
    const started = await waitFor(() => fs.existsSync(wal) && fs.statSync(wal).size > 4 << 20, 60_000);
    child.kill('SIGKILL');
    await exitOf(child);
    expect(started).toBe(true);
    expect(counts(db)).toEqual(before);
    expect(before.integrity).toBe('ok');
  });

  it('a second import while the first holds the lock fails cleanly with "in use" (exit 2), and the first completes', async () => {
    const db = await initDb();
    const big = bigCsv(path.join(tempDir(), 'big.csv'), 300_000);
    const first = spawn(process.execPath, [path.join(ROOT, 'bin/roster.js'), 'import', '--db', db, '--period', '2026-12', big], { stdio: 'ignore' });
    const wal = `${db}-wal`;
    await waitFor(() => fs.existsSync(wal) && fs.statSync(wal).size > 1 << 20, 60_000);
    const second = rosterBin(['import', '--db', db, '--period', '2026-11', SAMPLE_ROSTERS[2]], { env: { ROSTER_BUSY_TIMEOUT_MS: '200' } });
    const firstCode = await exitOf(first);
    expect(firstCode).toBe(0);
    expect(second.code).toBe(2);
    expect(second.stderr).toMatch(/đang được một tiến trình roster khác sử dụng/);
    const c = counts(db);
    expect(c.integrity).toBe('ok');
    expect(c.rows).toBe(300_000);
    expect(c.imports).toBe(1);
  });

  it('validate and report read a consistent snapshot while an import runs', async () => {
    const db = await initDb();
    await importFiles(db, '2026-11', [SAMPLE_ROSTERS[2]]);
    const big = bigCsv(path.join(tempDir(), 'big.csv'), 300_000);
    const child = spawn(process.execPath, [path.join(ROOT, 'bin/roster.js'), 'import', '--db', db, '--period', '2026-11', '--mode', 'append', big], { stdio: 'ignore' });
    const wal = `${db}-wal`;
    const running = await waitFor(() => fs.existsSync(wal) && fs.statSync(wal).size > 2 << 20, 60_000);
    const v = rosterBin(['validate', '--db', db, '--period', '2026-11', '--json']);
    const out = path.join(tempDir(), 'r.xlsx');
    const rep = rosterBin(['report', 'monthly', '--db', db, '--period', '2026-11', '--draft', '-o', out]);
    const stillRunning = child.exitCode === null;
    child.kill('SIGKILL');
    await exitOf(child);
    expect(running).toBe(true);
    expect(stillRunning).toBe(true);
    expect([0, 1]).toContain(v.code);
    // The 7 committed rows of the Tân Định roster, none of the import in flight.
    const findings = JSON.parse(v.stdout);
    expect(findings.period).toBe('2026-11');
    expect(rep.code, rep.stderr).toBe(0);
    expect(rep.stderr + rep.stdout).toMatch(/7 thành viên/);
  });

  it('a report killed while writing never leaves a half-written workbook under its final name', async () => {
    const db = await initDb();
    const big = bigCsv(path.join(tempDir(), 'big.csv'), 60_000);
    await importFiles(db, '2026-12', [big]);
    const outDir = tempDir();
    const out = path.join(outDir, 'bao-cao.xlsx');
    const child = spawn(process.execPath, [path.join(ROOT, 'bin/roster.js'), 'report', 'monthly', '--db', db, '--period', '2026-12', '--draft', '-o', out], { stdio: 'ignore' });
    const writing = await waitFor(() => fs.readdirSync(outDir).some((f) => f.endsWith('.part') && fs.statSync(path.join(outDir, f)).size > 0), 60_000);
    const stillRunning = child.exitCode === null;
    child.kill('SIGKILL');
    await exitOf(child);
    expect(writing).toBe(true);
    expect(stillRunning).toBe(true);
    expect(fs.existsSync(out)).toBe(false);
    expect(counts(db).integrity).toBe('ok');
  });

  it('a remap killed at any moment moves all teams or none', async () => {
    const db = await initDb();
    const n = 20_000;
    // One team per neighbourhood, all in Phường Bến Nghé (merged whole into Phường Sài Gòn).
    const rows = Array.from({ length: n }, (_, i) => `Nguyễn Văn ${i},01/01/1990,Nam,0790901${String(i).padStart(5, '0')},0912345678,Tổ trưởng,Khu phố ${i},Phường Bến Nghé,Quận 1,Có`);
    const file = path.join(tempDir(), 'ben-nghe.csv');
    fs.writeFileSync(file, [HEADERS.join(','), ...rows].join('\r\n') + '\r\n');
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
    for (const delay of [150, 400, 900]) {
      const before = moved();
      if (before.teams === n) break;
      const child = spawn(process.execPath, [path.join(ROOT, 'bin/roster.js'), 'remap', '--auto', '--period', '2026-11', '--db', db], { stdio: 'ignore' });
      await new Promise((r) => setTimeout(r, delay));
      child.kill('SIGKILL');
      await exitOf(child);
      const after = moved();
      expect(after.integrity).toBe('ok');
      expect([0, n]).toContain(after.teams);
      expect(after.events).toBe(after.teams);
    }
  });
});
