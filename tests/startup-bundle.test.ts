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
}

/**
 * What `roster --help` loaded, written to a file by a preloaded script when the
 * process exits. stdin and stderr are pipes, stdout a file, as the benchmark runs it.
 */
function loadedByHelp(): Loaded {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'roster-startup-'));
  const preload = path.join(dir, 'report.cjs');
  const report = path.join(dir, 'loaded.json');
  fs.writeFileSync(
    preload,
    `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(report)}, JSON.stringify({ files: Object.keys(require.cache), internals: process.moduleLoadList })));`,
  );
  const out = fs.openSync(path.join(dir, 'stdout.txt'), 'w');
  try {
    const r = spawnSync(process.execPath, ['--require', preload, path.join(ROOT, 'bin/roster.js'), '--help'], { encoding: 'utf8', stdio: ['pipe', out, 'pipe'] });
    expect(r.status, r.stderr).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'stdout.txt'), 'utf8')).toMatch(/roster/);
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

  it('roster --help starts neither the ES module loader nor node:crypto', () => {
    const { internals } = loadedByHelp();
    expect(internals.length).toBeGreaterThan(20);
    expect(internals.filter((m) => /esm\/loader|esm\/translators|crypto/.test(m))).toEqual([]);
  });

  it('roster --help builds neither the stdin nor the stderr stream (pipes: the network stack)', () => {
    const { internals } = loadedByHelp();
    expect(internals).toContain('NativeModule internal/fs/sync_write_stream'); // stdout, a file
    expect(internals.filter((m) => /^NativeModule (net|tty|internal\/fs\/streams)$/.test(m))).toEqual([]);
  });

  it('the chunks of the bundle require node:crypto on demand, import() only what require cannot load, and commander loads child_process on demand', () => {
    const dir = path.join(ROOT, 'dist/bundle');
    for (const f of fs.readdirSync(dir)) {
      const text = fs.readFileSync(path.join(dir, f), 'utf8');
      expect(text, f).not.toMatch(/^let \w+ = require\("node:crypto"\);/m);
      expect(text, f).not.toMatch(/\bimport\("(node:|csv-)/);
      expect(text, f).not.toMatch(/^const childProcess = require\(/m);
    }
  });
});
