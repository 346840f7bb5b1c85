/**
 * Ctrl-C (SIGINT) and SIGTERM in the middle of the work: while the monthly
 * workbook is written, the process ends of that signal (status 130 or 143 in
 * a shell), its temporary file is removed and the old workbook is as it was;
 * inside an import's transaction, the database is as it was. After a SIGKILL
 * the temporary file stays, and the next run into that folder removes it.
 *
 * Real processes of the built binary, each paused at a named fault point
 * (src/safety/fault.ts) and sent the real signal there: it reaches the
 * product's own handlers the moment the process goes on from that step. No
 * timers, and no outcome is left to chance: the same run continued without a
 * signal writes its workbook or commits its import.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { rosterBin, tempDir } from './helpers/cli.js';
import { runKilledAt, shellStatus, startStoppedAt } from './helpers/fault.js';
import { SAMPLE_ROSTERS, sampleDb } from './helpers/seed.js';

const TEMP = /^\.roster-(\d+)-[0-9a-f]{8}\.part$/;
const parts = (dir: string) => fs.readdirSync(dir).filter((n) => TEMP.test(n));
/** Temporary files of process `pid` in the system's temporary folder (the findings' scratch files). */
const scratchOf = (pid: number | undefined) => fs.readdirSync(os.tmpdir()).filter((n) => TEMP.exec(n)?.[1] === String(pid));
const STATUS = { SIGINT: 130, SIGTERM: 143 } as const;

/** Every row of every table, in rowid order, hashed: equal digests are equal contents. */
function contentDigest(file: string): string {
  const d = new Database(file, { readonly: true });
  try {
    const h = crypto.createHash('sha256');
    const tables = d.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[];
    for (const { name } of tables) {
      h.update(`${name}\n`);
      for (const row of d.prepare(`SELECT * FROM "${name}" ORDER BY rowid`).iterate()) h.update(`${JSON.stringify(row)}\n`);
    }
    return h.digest('hex');
  } finally {
    d.close();
  }
}

/** A copy of the sample database (init + the three sample rosters for 2026-11) in a folder of its own. */
let sample: string;
function sampleCopy(): string {
  const db = path.join(tempDir(), 'roster.db');
  fs.copyFileSync(sample, db);
  return db;
}

beforeAll(async () => {
  sample = await sampleDb();
});

const report = (db: string, out: string) => ['report', 'monthly', '--db', db, '--period', '2026-11', '--draft', '-o', out];

describe('signals while the monthly workbook is written', () => {
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    it(`${sig} with the temporary workbook open: ends of ${sig} (${STATUS[sig]}), no temporary file, the old workbook and the database intact`, async () => {
      const db = sampleCopy();
      const before = contentDigest(db);
      const dir = tempDir();
      const out = path.join(dir, 'bao-cao.xlsx');
      fs.writeFileSync(out, 'old workbook');
      const stopped = await startStoppedAt('output.before-write', report(db, out));
      // Paused mid-work: the figures counted, the temporary file made, the workbook not yet written.
      expect(parts(dir)).toHaveLength(1);
      const end = await stopped.interrupt(sig);
      expect(end.signal).toBe(sig);
      expect(shellStatus(end)).toBe(STATUS[sig]);
      expect(parts(dir)).toEqual([]);
      expect(scratchOf(stopped.child.pid)).toEqual([]);
      expect(fs.readFileSync(out, 'utf8')).toBe('old workbook');
      expect(contentDigest(db)).toBe(before);
    });
  }

  it('the same run continued without a signal replaces the workbook (the step is before the work ends)', async () => {
    const db = sampleCopy();
    const dir = tempDir();
    const out = path.join(dir, 'bao-cao.xlsx');
    fs.writeFileSync(out, 'old workbook');
    const stopped = await startStoppedAt('output.before-write', report(db, out));
    const end = await stopped.resume();
    expect(end.code).toBe(0);
    expect(parts(dir)).toEqual([]);
    // A workbook is a zip file: "PK".
    expect(fs.readFileSync(out).subarray(0, 2).toString('latin1')).toBe('PK');
  });
});

describe('signals inside an import transaction', () => {
  const importArgs = (db: string) => ['import', '--db', db, '--period', '2026-12', SAMPLE_ROSTERS[2] as string];

  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    it(`${sig} with every row written and not committed: ends of ${sig} (${STATUS[sig]}), the database as it was, no temporary file`, async () => {
      const db = sampleCopy();
      const before = contentDigest(db);
      const stopped = await startStoppedAt('import.after-rows', importArgs(db));
      const end = await stopped.interrupt(sig);
      expect(end.signal).toBe(sig);
      expect(shellStatus(end)).toBe(STATUS[sig]);
      expect(contentDigest(db)).toBe(before);
      expect(parts(path.dirname(db))).toEqual([]);
      expect(scratchOf(stopped.child.pid)).toEqual([]);
      const d = new Database(db, { readonly: true });
      expect(d.pragma('integrity_check', { simple: true })).toBe('ok');
      d.close();
    });
  }

  it('the same import continued without a signal commits its rows (the step is inside the transaction)', async () => {
    const db = sampleCopy();
    const before = contentDigest(db);
    const stopped = await startStoppedAt('import.after-rows', importArgs(db));
    const end = await stopped.resume();
    expect(end.code).toBe(0);
    expect(contentDigest(db)).not.toBe(before);
    const d = new Database(db, { readonly: true });
    expect((d.prepare("SELECT count(*) AS n FROM source_rows WHERE period = '2026-12'").get() as { n: number }).n).toBeGreaterThan(0);
    d.close();
  });
});

describe('after SIGKILL', () => {
  it('the stale temporary file is removed by the next run into that folder', async () => {
    const db = sampleCopy();
    const dir = tempDir();
    const out = path.join(dir, 'members.csv');
    // Killed at a named step: the workbook written in full, not yet renamed.
    const killed = runKilledAt('output.before-rename', report(db, path.join(dir, 'r.xlsx')));
    expect(killed.signal, killed.stderr).toBe('SIGKILL');
    expect(parts(dir).length).toBe(1);
    const r = rosterBin(['--db', db, 'export', 'members', '-o', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(parts(dir)).toEqual([]);
    expect(fs.existsSync(path.join(dir, 'r.xlsx'))).toBe(false);
  });
});
