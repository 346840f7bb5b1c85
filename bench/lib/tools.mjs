// @ts-check
/**
 * The programs the runner uses: the sqlite3 shell (looked up on PATH, never
 * installed: a missing one is a note and the ratios against it are "not
 * measured"), and which `roster` commands the build has.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** What the table and the goals say for a ratio against sqlite3 when the shell is missing. */
export const SQLITE3_MISSING = 'not measured (sqlite3 missing: apt-get install sqlite3)';

/** The executable `name` on `pathVar` (PATH by default), found without starting a process; undefined if absent. */
export function findOnPath(name, pathVar = process.env.PATH ?? '') {
  for (const dir of pathVar.split(path.delimiter)) {
    if (!dir) continue;
    const file = path.join(dir, name);
    try {
      fs.accessSync(file, fs.constants.X_OK);
      if (fs.statSync(file).isFile()) return file;
    } catch {
      /* not here */
    }
  }
  return undefined;
}

/** `3.40.1` for the sqlite3 shell at `bin`, or 'missing'. */
export function sqliteVersion(bin) {
  if (!bin) return 'missing';
  const r = spawnSync(bin, ['-version'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim().split(' ')[0] : 'unknown';
}

export const rosterBuilt = (root) => fs.existsSync(path.join(root, 'dist', 'cli', 'main.js'));

/**
 * `has('report', 'monthly')`: true when `roster report monthly` exists in the
 * build. Reads `roster … --help` on first use (and caches it), so creating
 * the probe starts nothing.
 */
export function commandProbe(root, env) {
  const bin = path.join(root, 'bin', 'roster.js');
  const cache = new Map();
  const subcommands = (parent) => {
    const key = parent.join(' ');
    if (!cache.has(key)) {
      const r = spawnSync(process.execPath, [bin, ...parent, '--help', '--lang', 'en'], { encoding: 'utf8', env });
      cache.set(key, parseSubcommands(r.stdout ?? ''));
    }
    return cache.get(key);
  };
  return (...words) => {
    if (!rosterBuilt(root)) return false;
    // Commander shows the parent's help for an unknown subcommand: check each level.
    return words.every((w, i) => subcommands(words.slice(0, i)).has(w));
  };
}

/** Subcommand names in a Commander help text (the lines under `Commands:`). */
export function parseSubcommands(helpText) {
  const names = new Set();
  let inCommands = false;
  for (const line of helpText.split('\n')) {
    if (/^Commands:/.test(line)) inCommands = true;
    else if (inCommands) {
      const m = /^ {2}([a-z][\w-]*)/.exec(line);
      if (m) names.add(m[1]);
    }
  }
  return names;
}
