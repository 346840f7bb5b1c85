/**
 * Start-up reads little: `roster --help` loads the entry, the one start-up
 * chunk of the bundle (rolldown.config.mjs) and the bundler's runtime, no
 * chunk of a command, and starts neither Node's ES module loader (the bundle
 * is CommonJS) nor `node:crypto`, nor builds the streams it does not write to.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers/cli.js';

interface Loaded {
  /** The files `require` loaded. */
  files: string[];
  /** Node's own modules loaded, as process.moduleLoadList names them ("NativeModule internal/modules/esm/loader"). */
  internals: string[];
  /** The V8 flags the process set (v8.setFlagsFromString), when asked to record them. */
  flags?: string[];
}

/**
 * What `roster --help` loaded, written to a file by a preloaded script when the
 * process exits. stdin and stderr are pipes, stdout a file, as the benchmark runs it.
 */
function loadedByHelp(): Loaded {
  return loadedBy(['--help'], false);
}

/** What `roster ARGS` loaded; with `recordFlags`, also the V8 flags it set (the recorder loads node:v8 itself). */
function loadedBy(args: string[], recordFlags: boolean): Loaded {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'roster-startup-'));
  const preload = path.join(dir, 'report.cjs');
  const report = path.join(dir, 'loaded.json');
  const recorder = recordFlags
    ? `const v8 = require('node:v8'); const set = v8.setFlagsFromString; const flags = []; v8.setFlagsFromString = (f) => { flags.push(f); set(f); };`
    : 'const flags = undefined;';
  fs.writeFileSync(
    preload,
    `${recorder} process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(report)}, JSON.stringify({ files: Object.keys(require.cache), internals: process.moduleLoadList, flags })));`,
  );
  const out = fs.openSync(path.join(dir, 'stdout.txt'), 'w');
  try {
    const argv = args.map((a) => a.replace('$DIR', dir));
    const r = spawnSync(process.execPath, ['--require', preload, path.join(ROOT, 'bin/roster.js'), ...argv], { encoding: 'utf8', stdio: ['pipe', out, 'pipe'] });
    expect(r.status, r.stderr).toBe(0);
    if (args.includes('--help')) expect(fs.readFileSync(path.join(dir, 'stdout.txt'), 'utf8')).toMatch(/roster/);
    return JSON.parse(fs.readFileSync(report, 'utf8')) as Loaded;
  } finally {
    fs.closeSync(out);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('start-up', () => {
  it('roster --help loads the entry, the start-up chunk and the bundler runtime only', () => {
    const ours = loadedByHelp()
      .files.filter((f) => f.includes(`${path.sep}dist${path.sep}bundle${path.sep}`))
      .map((f) => path.basename(f).replace(/-[\w-]{8}\.cjs$/, ''));
    expect(ours.sort()).toEqual(['rolldown-runtime', 'roster.cjs', 'startup'].sort());
  });

  it('roster --help starts neither the ES module loader nor node:crypto nor node:v8', () => {
    const { internals } = loadedByHelp();
    expect(internals.length).toBeGreaterThan(20);
    expect(internals.filter((m) => /esm\/loader|esm\/translators|crypto|^NativeModule v8$/.test(m))).toEqual([]);
  });

  it('a command sets the heap growth step before it runs (src/cli/heap.ts); --help does not', () => {
    expect(loadedBy(['--db', '$DIR/roster.db', 'init'], true).flags).toEqual(['--heap-growing-percent=50 --semi-space-growth-factor=8']);
    expect(loadedBy(['--help'], true).flags).toEqual([]);
  });

  it('roster --help builds neither the stdin nor the stderr stream (pipes: the network stack)', () => {
    const { internals } = loadedByHelp();
    expect(internals).toContain('NativeModule internal/fs/sync_write_stream'); // stdout, a file
    expect(internals.filter((m) => /^NativeModule (net|tty|internal\/fs\/streams)$/.test(m))).toEqual([]);
  });

  it('the chunks of the bundle require node:crypto and node:v8 on demand, import() only what require cannot load, and commander loads child_process on demand', () => {
    const dir = path.join(ROOT, 'dist/bundle');
    for (const f of fs.readdirSync(dir)) {
      const text = fs.readFileSync(path.join(dir, f), 'utf8');
      expect(text, f).not.toMatch(/^let \w+ = require\("node:(crypto|v8)"\);/m);
      expect(text, f).not.toMatch(/\bimport\("(node:|csv-)/);
      expect(text, f).not.toMatch(/^const childProcess = require\(/m);
    }
  });
});
