/**
 * Atomic outputs: every file is written to a temporary file in the same
 * folder (owner-only, named `.roster-<pid>-<8 hex>.part`, short whatever the
 * target's name) and renamed into place at the end. A failure, exit 2/3,
 * Ctrl-C or SIGTERM leaves the old file as it was and removes the temporary
 * file; after a SIGKILL the next run that writes into that folder removes the
 * stale temporaries of dead processes. A full disk is exit 2, "ổ đĩa đầy".
 *
 * The list of temporary files in progress is per process by nature (signals
 * are delivered to the process), so it lives here and nowhere else.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { InputError } from '../errors.js';
import { msg } from '../text/i18n.js';
import { faultPoint } from './fault.js';

/** Temporary files of this program: `.roster-<pid>-<8 hex>.part`. */
export const TEMP_PATTERN = /^\.roster-(\d+)-[0-9a-f]{8}\.part$/;

export interface AtomicOptions {
  /**
   * Fault injection for tests (ROSTER_FAULT from the command's Context env):
   * `enospc` makes the write fail as a full disk would, after some bytes.
   */
  fault?: string;
}

const pending = new Set<string>();
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

function removePendingSync(): void {
  for (const f of pending) {
    try {
      fs.rmSync(f, { force: true });
    } catch {
      // best effort on the way out
    }
  }
  pending.clear();
}

function onSignal(sig: NodeJS.Signals): void {
  removePendingSync();
  unhook();
  // Die of the same signal, as if we had never listened (exit 130 for Ctrl-C).
  process.kill(process.pid, sig);
}

let hooked = false;
function hook(): void {
  if (hooked) return;
  hooked = true;
  for (const s of SIGNALS) process.on(s, onSignal);
  process.on('exit', removePendingSync);
}

function unhook(): void {
  if (!hooked) return;
  hooked = false;
  for (const s of SIGNALS) process.removeListener(s, onSignal);
  process.removeListener('exit', removePendingSync);
}

function alive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes temporary files of our pattern in `dir` left by processes that no longer run. */
export function removeStaleTemps(dir: string): string[] {
  const removed: string[] = [];
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return removed;
  }
  for (const n of names) {
    const m = TEMP_PATTERN.exec(n);
    if (!m || alive(Number(m[1]))) continue;
    const f = path.join(dir, n);
    try {
      if (fs.lstatSync(f).isFile()) {
        fs.rmSync(f, { force: true });
        removed.push(f);
      }
    } catch {
      // another run got there first
    }
  }
  return removed;
}

export function isDiskFull(e: unknown): boolean {
  const code = (e as { code?: string })?.code;
  return code === 'ENOSPC' || code === 'EDQUOT' || code === 'SQLITE_FULL';
}

export function diskFull(what: string): InputError {
  return new InputError(
    msg(`Ổ đĩa đầy: không ghi được ${what}. Cơ sở dữ liệu và các tệp cũ vẫn nguyên vẹn.`, `Disk full: could not write ${what}. The database and older files are intact.`),
    msg('Giải phóng dung lượng ổ đĩa rồi chạy lại.', 'Free some disk space and run again.'),
  );
}

function injectedEnospc(tmp: string): never {
  fs.appendFileSync(tmp, 'x'.repeat(512));
  throw Object.assign(new Error(`ENOSPC: no space left on device, write '${tmp}'`), { code: 'ENOSPC', errno: -28, syscall: 'write' });
}

/**
 * Runs `write(tmp)` against a new temporary file beside `out` (mode 0600),
 * then renames it over `out`. The caller has checked `out` (checkOutput).
 */
export async function writeAtomically<T>(out: string, write: (tmp: string) => Promise<T>, opts: AtomicOptions = {}): Promise<T> {
  const target = path.resolve(out);
  const dir = path.dirname(target);
  removeStaleTemps(dir);
  const tmp = path.join(dir, `.roster-${process.pid}-${crypto.randomBytes(4).toString('hex')}.part`);
  hook();
  pending.add(tmp);
  try {
    fs.closeSync(fs.openSync(tmp, 'wx', 0o600));
    faultPoint('output.before-write');
    const r = await write(tmp);
    if (opts.fault === 'enospc') injectedEnospc(tmp);
    fs.chmodSync(tmp, 0o600);
    const fd = fs.openSync(tmp, 'r');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    faultPoint('output.before-rename');
    fs.renameSync(tmp, target);
    return r;
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    if (isDiskFull(e)) throw diskFull(out);
    const code = (e as { code?: string })?.code;
    if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS' || code === 'ENOENT' || code === 'ENAMETOOLONG' || code === 'EISDIR') {
      throw new InputError(
        msg(`Không ghi được ${out}: ${(e as Error).message}`, `Could not write ${out}: ${(e as Error).message}`),
        msg('Kiểm tra thư mục và quyền ghi; không có gì được ghi.', 'Check the folder and permissions; nothing was written.'),
      );
    }
    throw e;
  } finally {
    pending.delete(tmp);
    if (pending.size === 0) unhook();
  }
}

/** A small text output (JSON map, CSV, JSON findings) written atomically. */
export async function writeTextAtomically(out: string, chunks: Iterable<string> | AsyncIterable<string>, opts: AtomicOptions = {}): Promise<void> {
  await writeAtomically(
    out,
    async (tmp) => {
      const fd = fs.openSync(tmp, 'w', 0o600);
      try {
        for await (const c of chunks) fs.writeSync(fd, c);
      } finally {
        fs.closeSync(fd);
      }
    },
    opts,
  );
}

/**
 * A scratch file for this run (owner-only, in the system's temporary folder,
 * named as the other temporary files): `remove()` deletes it, and so do exit,
 * Ctrl-C and SIGTERM; after a SIGKILL the next scratch file removes it.
 */
export function scratchFile(): { path: string; remove(): void } {
  const dir = os.tmpdir();
  removeStaleTemps(dir);
  const file = path.join(dir, `.roster-${process.pid}-${crypto.randomBytes(4).toString('hex')}.part`);
  hook();
  pending.add(file);
  fs.closeSync(fs.openSync(file, 'wx', 0o600));
  return {
    path: file,
    remove() {
      fs.rmSync(file, { force: true });
      pending.delete(file);
      if (pending.size === 0) unhook();
    },
  };
}
