/**
 * Ctrl-C (SIGINT) and SIGTERM while an output is being written: the process
 * ends, the temporary file is removed, the old output is as it was. After a
 * SIGKILL the temporary file stays, and the next run into that folder removes
 * it. Real processes of the built binary.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT, rosterBin, tempDir } from './helpers/cli.js';
import { runKilledAt } from './helpers/fault.js';
import { HEADERS, importFiles, initDb } from './helpers/seed.js';

function exitOf(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve({ code: child.exitCode, signal: child.signalCode });
    else child.once('exit', (code, signal) => resolve({ code, signal }));
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

const parts = (dir: string) => fs.readdirSync(dir).filter((n) => /^\.roster-\d+-[0-9a-f]{8}\.part$/.test(n));

let db: string;
beforeAll(async () => {
  db = await initDb();
  const file = path.join(tempDir(), 'big.csv');
  const rows = Array.from(
    { length: 25_000 },
    (_, i) =>
      `Nguyễn Văn ${i},01/01/1990,Nam,0790901${String(i).padStart(5, '0')},0912345678,${i % 8 === 0 ? 'Tổ trưởng' : 'Thành viên'},Khu phố ${Math.floor(i / 8)},Phường Tân Định,Quận 1,Có`,
  );
  fs.writeFileSync(file, `${[HEADERS.join(','), ...rows].join('\r\n')}\r\n`);
  await importFiles(db, '2026-12', [file]);
}, 300_000);

describe('temporary files and signals', () => {
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    it(`${sig} while the monthly workbook is written: no temporary file, the old workbook intact`, { timeout: 300_000 }, async () => {
      const dir = tempDir();
      const out = path.join(dir, 'bao-cao.xlsx');
      fs.writeFileSync(out, 'old workbook');
      const child = spawn(process.execPath, [path.join(ROOT, 'bin/roster.js'), 'report', 'monthly', '--db', db, '--period', '2026-12', '--draft', '-o', out], { stdio: 'ignore' });
      const writing = await waitFor(() => parts(dir).some((f) => fs.statSync(path.join(dir, f)).size > 0), 60_000);
      expect(writing).toBe(true);
      expect(child.exitCode).toBe(null);
      child.kill(sig);
      const end = await exitOf(child);
      expect(end.signal ?? end.code).toBe(sig);
      expect(parts(dir)).toEqual([]);
      expect(fs.readFileSync(out, 'utf8')).toBe('old workbook');
    });
  }

  it('after SIGKILL the stale temporary file is removed by the next run into that folder', { timeout: 300_000 }, async () => {
    const dir = tempDir();
    const out = path.join(dir, 'members.csv');
    // Killed at a named step (src/safety/fault.ts): the workbook written in full, not yet renamed.
    const killed = runKilledAt('output.before-rename', ['report', 'monthly', '--db', db, '--period', '2026-12', '--draft', '-o', path.join(dir, 'r.xlsx')]);
    expect(killed.signal, killed.stderr).toBe('SIGKILL');
    expect(parts(dir).length).toBe(1);
    const r = rosterBin(['--db', db, 'export', 'members', '-o', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(parts(dir)).toEqual([]);
    expect(fs.existsSync(path.join(dir, 'r.xlsx'))).toBe(false);
  });
});
