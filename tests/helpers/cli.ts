/**
 * Test harness: run the CLI in-process with fake streams, or the built binary
 * as a real process. Both return exit code, stdout and stderr.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../../src/cli/main.js';
import type { Prompter } from '../../src/cli/prompter.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const FIXTURES = path.join(ROOT, 'fixtures');
export const SHARED_UNITS = path.resolve(ROOT, '../shared/data/vn-admin-units');
export const hasSharedUnits = fs.existsSync(path.join(SHARED_UNITS, 'units-2025-03-01.json'));

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  cwd?: string;
  env?: Record<string, string | undefined>;
  tty?: boolean;
  prompter?: Prompter;
  now?: Date;
}

class Buf {
  text = '';
  write(s: string) {
    this.text += s;
    return true;
  }
}

/** Runs `roster ...args` in-process. */
export async function roster(args: string[], o: RunOptions = {}): Promise<RunResult> {
  const stdout = new Buf();
  const stderr = new Buf();
  const code = await main(args, {
    io: { stdout, stderr, stdinIsTTY: o.tty ?? false, stdoutIsTTY: o.tty ?? false, stderrIsTTY: o.tty ?? false },
    env: { NO_COLOR: '1', ...o.env },
    cwd: o.cwd ?? process.cwd(),
    now: o.now ? () => o.now as Date : undefined,
    prompter: o.prompter ? async () => o.prompter as Prompter : undefined,
  });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

/** Runs the built binary (npm run build first) as a separate process. */
export function rosterBin(args: string[], o: { cwd?: string; env?: Record<string, string>; input?: string } = {}): RunResult {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'bin/roster.js'), ...args], {
    cwd: o.cwd ?? process.cwd(),
    env: { ...process.env, NO_COLOR: '1', ...o.env },
    input: o.input ?? '',
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** A fresh temporary directory, removed by the caller's afterEach if wanted. */
export function tempDir(prefix = 'roster-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}
