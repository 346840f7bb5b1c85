// @ts-check
/**
 * Measuring child processes: wall time (high-resolution clock around the
 * process), CPU time (user + system) and peak resident memory, from GNU time
 * (`/usr/bin/time -f "%e %U %S %M"`) when it works on this machine, else
 * memory by polling /proc/<pid>/status (VmHWM) and no CPU time.
 * Standard output goes to a file so that large outputs (validate --json on a
 * million rows) cost what they cost in real use and not a pipe into this
 * process; the last JSON line of it is parsed.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const GNU_TIME = '/usr/bin/time';
const TIME_FORMAT = '%e %U %S %M';

let timeChecked;
/** True when /usr/bin/time is GNU time and reports a maximum RSS. */
export function hasGnuTime() {
  if (timeChecked !== undefined) return timeChecked;
  timeChecked = false;
  if (fs.existsSync(GNU_TIME)) {
    const out = path.join(os.tmpdir(), `bench-time-probe-${process.pid}`);
    // The probe runs node itself: it is there whatever PATH holds.
    const r = spawnSync(GNU_TIME, ['-f', TIME_FORMAT, '-o', out, process.execPath, '-e', '0'], { stdio: 'ignore' });
    try {
      timeChecked = r.status === 0 && parseTimeLine(fs.readFileSync(out, 'utf8')) !== undefined;
    } catch {
      timeChecked = false;
    } finally {
      fs.rmSync(out, { force: true });
    }
  }
  return timeChecked;
}

/** Which method measures memory: for the results page. */
export function memoryMethod() {
  return hasGnuTime() ? 'GNU time (max RSS)' : '/proc/<pid>/status VmHWM, polled every 10 ms';
}

/**
 * The figures of GNU time's last line in TIME_FORMAT ("%e %U %S %M"):
 * { cpuMs: user + system, peakKB }, or undefined when it is not such a line.
 * GNU time prints seconds with two decimals, so CPU time has a 10 ms grain.
 */
export function parseTimeLine(text) {
  const last = String(text).trim().split('\n').pop() ?? '';
  const m = /^(\d+(?:\.\d+)?) (\d+(?:\.\d+)?) (\d+(?:\.\d+)?) (\d+)$/.exec(last.trim());
  if (!m) return undefined;
  return { cpuMs: (Number(m[2]) + Number(m[3])) * 1000, peakKB: Number(m[4]) };
}

function readVmHWM(pid) {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

/** The last non-empty line of a file (at most 200 characters), for messages. */
function tailLine(file) {
  try {
    const fd = fs.openSync(file, 'r');
    try {
      const size = fs.fstatSync(fd).size;
      const len = Math.min(size, 4096);
      const buf = Buffer.alloc(len);
      fs.readSync(fd, buf, 0, len, size - len);
      const lines = buf
        .toString('utf8')
        .split(/\r?\n/)
        .map((l) => l.trim())
        .filter(Boolean);
      return lines.length ? lines[lines.length - 1].slice(0, 200) : undefined;
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return undefined;
  }
}

/** The last line of a file that parses as a JSON object or array, else undefined. */
export function lastJsonLine(file) {
  let text;
  try {
    const fd = fs.openSync(file, 'r');
    try {
      const size = fs.fstatSync(fd).size;
      const len = Math.min(size, 1 << 20);
      const buf = Buffer.alloc(len);
      fs.readSync(fd, buf, 0, len, size - len);
      text = buf.toString('utf8');
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return undefined;
  }
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
  for (let i = lines.length - 1; i >= 0 && i >= lines.length - 3; i--) {
    const l = lines[i];
    if (!(l.startsWith('{') || l.startsWith('['))) continue;
    try {
      return JSON.parse(l);
    } catch {
      /* not JSON: keep looking a little higher */
    }
  }
  return undefined;
}

/**
 * Runs `cmd args` to completion and measures it.
 * Returns { code, signal, wallMs, cpuMs, peakRssMB, stdoutFile, stderrTail, json, lastLine, timedOut };
 * cpuMs is undefined without GNU time.
 */
export async function measure(cmd, args, { cwd, env, timeoutMs = 30 * 60_000, stdoutFile, keepStdout = false } = {}) {
  const outFile = stdoutFile ?? path.join(os.tmpdir(), `bench-stdout-${process.pid}-${Math.random().toString(36).slice(2)}`);
  const outFd = fs.openSync(outFile, 'w');
  const useTime = hasGnuTime();
  const timeFile = useTime ? `${outFile}.time` : undefined;
  const argv = useTime ? ['-f', TIME_FORMAT, '-o', timeFile, cmd, ...args] : args;
  const exe = useTime ? GNU_TIME : cmd;
  let stderr = '';
  const t0 = process.hrtime.bigint();
  const child = spawn(exe, argv, { cwd, env: env ?? process.env, stdio: ['ignore', outFd, 'pipe'] });
  fs.closeSync(outFd);
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (s) => {
    stderr = (stderr + s).slice(-8192);
  });
  let hwm = 0;
  const poll = useTime ? undefined : setInterval(() => (hwm = Math.max(hwm, readVmHWM(child.pid))), 10);
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGKILL');
  }, timeoutMs);
  const [code, signal] = await new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (c, s) => resolve([c, s]));
  });
  const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
  clearTimeout(timer);
  if (poll) clearInterval(poll);
  let peakKB = hwm;
  let cpuMs;
  if (timeFile) {
    let t;
    try {
      t = parseTimeLine(fs.readFileSync(timeFile, 'utf8'));
    } catch {
      t = undefined;
    }
    peakKB = t?.peakKB ?? 0;
    cpuMs = t?.cpuMs;
    fs.rmSync(timeFile, { force: true });
  }
  // GNU time exits with the child's status; it reports a signal as 128+n.
  const json = lastJsonLine(outFile);
  const lastLine = json ? undefined : tailLine(outFile);
  if (!keepStdout && !stdoutFile) fs.rmSync(outFile, { force: true });
  return { code, signal, wallMs, cpuMs, peakRssMB: peakKB / 1024, stdoutFile: outFile, stderrTail: stderr, json, lastLine, timedOut };
}

/** Median of numbers (the mean of the middle two for an even count). */
export function median(xs) {
  const a = xs.filter((x) => Number.isFinite(x)).sort((p, q) => p - q);
  if (a.length === 0) return NaN;
  const m = a.length >> 1;
  return a.length % 2 ? a[m] : (a[m - 1] + a[m]) / 2;
}

/** CPU, cores, RAM, Node and OS for the results page (no host names, no paths). */
export function machine() {
  let cpu = os.cpus()[0]?.model ?? 'unknown';
  try {
    const m = /^model name\s*:\s*(.+)$/m.exec(fs.readFileSync('/proc/cpuinfo', 'utf8'));
    if (m) cpu = m[1].trim();
  } catch {
    /* not Linux */
  }
  return {
    cpu,
    cores: os.cpus().length,
    ramGB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    os: `${os.type()} ${os.arch()}`,
  };
}
