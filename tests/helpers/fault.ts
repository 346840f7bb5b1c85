/**
 * Real processes of the built binary stopped at a named fault point
 * (src/safety/fault.ts): killed there, or paused there until the test
 * continues or kills them. No timers: the process tells when it is there.
 */
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FaultStep } from '../../src/safety/fault.js';
import { ROOT } from './cli.js';

const BIN = path.join(ROOT, 'bin/roster.js');

export interface Ended {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

/** Runs `roster ...args` with ROSTER_FAULT=kill:<step>; the process dies of SIGKILL at that step. */
export function runKilledAt(step: FaultStep, args: string[]): Ended {
  const r = spawnSync(process.execPath, [BIN, ...args], { env: { ...process.env, NO_COLOR: '1', ROSTER_FAULT: `kill:${step}` }, encoding: 'utf8', input: '' });
  return { code: r.status, signal: r.signal, stderr: r.stderr };
}

/** Resolves when the child has exited, even if it already had (attach right after spawn). */
export function exitOf(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve({ code: child.exitCode, signal: child.signalCode });
    else child.once('exit', (code, signal) => resolve({ code, signal }));
  });
}

export interface Stopped {
  child: ChildProcess;
  /** Lets the process go on from the step; resolves with its exit. */
  resume(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Kills the paused process; resolves with its exit. */
  kill(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /**
   * Sends `sig` to the paused process, then SIGCONT: the signal waits while
   * it is stopped and reaches its handlers as soon as it goes on from the
   * step, as a Ctrl-C at that moment would. Resolves with its exit.
   */
  interrupt(sig: 'SIGINT' | 'SIGTERM'): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** The exit status a shell reports: the code, or 128 + the number of the signal the process died of (130 for SIGINT, 143 for SIGTERM). */
export function shellStatus(end: { code: number | null; signal: NodeJS.Signals | null }): number {
  if (end.signal !== null) return 128 + os.constants.signals[end.signal];
  return end.code ?? -1;
}

/** The state letter of process `pid` as ps(1) shows it: `T` once it is stopped. */
function processState(pid: number): string {
  try {
    // Linux: the field after the command name in parentheses.
    return fs.readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '')[0] ?? '';
  } catch {
    return execFileSync('ps', ['-o', 'stat=', '-p', String(pid)], { encoding: 'utf8' }).trim()[0] ?? '';
  }
}

/**
 * Resolves once the process is really stopped. It writes its line just before
 * it stops itself: a SIGCONT sent in between would be lost, and the process
 * would then stay stopped for good.
 */
async function stoppedFor(child: ChildProcess): Promise<void> {
  while (child.exitCode === null && child.signalCode === null && processState(child.pid as number) !== 'T') {
    await new Promise((r) => setImmediate(r));
  }
}

/**
 * Starts `roster ...args` with ROSTER_FAULT=stop:<step> and resolves once the
 * process has reported that it stopped there and is stopped; rejects if it
 * exits first.
 */
export function startStoppedAt(step: FaultStep, args: string[], env: Record<string, string> = {}): Promise<Stopped> {
  const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, NO_COLOR: '1', ...env, ROSTER_FAULT: `stop:${step}` }, stdio: ['ignore', 'ignore', 'pipe'] });
  const ended = exitOf(child);
  const stopped: Stopped = {
    child,
    resume: () => {
      child.kill('SIGCONT');
      return ended;
    },
    kill: () => {
      child.kill('SIGKILL');
      return ended;
    },
    interrupt: (sig) => {
      child.kill(sig);
      child.kill('SIGCONT');
      return ended;
    },
  };
  return new Promise((resolve, reject) => {
    let err = '';
    let there = false;
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (s: string) => {
      err += s;
      if (!there && err.includes(`fault: stopped at ${step}\n`)) {
        there = true;
        void stoppedFor(child).then(() => resolve(stopped));
      }
    });
    void ended.then((e) => reject(new Error(`roster ${args[0]} ended (${e.signal ?? e.code}) before ${step}: ${err}`)));
  });
}
