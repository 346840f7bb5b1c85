/**
 * Supply chain: every dependency pinned to an exact version, the lock file
 * present (lockfileVersion 3 or later) and agreeing with package.json, and no
 * package of the production dependency tree running code at install time
 * except better-sqlite3 (which builds or downloads its native binding).
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers/cli.js';
import { known } from './helpers/defined.js';

interface Manifest {
  name: string;
  version: string;
  scripts?: Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}
interface LockEntry {
  version?: string;
  dev?: boolean;
  optional?: boolean;
  hasInstallScript?: boolean;
  link?: boolean;
}

const readJson = <T>(file: string): T => JSON.parse(fs.readFileSync(file, 'utf8')) as T;
const pkg = readJson<Manifest>(path.join(ROOT, 'package.json'));
const LOCK = path.join(ROOT, 'package-lock.json');
const EXACT = /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/;
const INSTALL_HOOKS = ['preinstall', 'install', 'postinstall'] as const;
const ALLOWED_INSTALL = new Set(['better-sqlite3']);

/** Node's resolution: the nearest node_modules/<name> from `fromDir` upwards, not above ROOT. */
function resolvePackage(name: string, fromDir: string): string | undefined {
  for (let d = fromDir; ; d = path.dirname(d)) {
    const candidate = path.join(d, 'node_modules', name);
    if (fs.existsSync(path.join(candidate, 'package.json'))) return candidate;
    if (d === ROOT || path.dirname(d) === d) return undefined;
  }
}

/** Every installed package of the production tree (dependencies and optional ones, transitively). */
function productionTree(): Map<string, Manifest> {
  const seen = new Map<string, Manifest>();
  const queue: [string, string, boolean][] = [];
  const push = (from: string, m: Manifest) => {
    for (const n of Object.keys(m.dependencies ?? {})) queue.push([n, from, false]);
    for (const n of Object.keys(m.optionalDependencies ?? {})) queue.push([n, from, true]);
  };
  push(ROOT, pkg);
  while (queue.length) {
    const [name, from, optional] = queue.pop() as [string, string, boolean];
    const dir = resolvePackage(name, from);
    if (!dir) {
      if (optional) continue;
      throw new Error(`${name} (needed from ${path.relative(ROOT, from) || 'package.json'}) is not installed: run npm ci`);
    }
    const real = fs.realpathSync(dir);
    if (seen.has(real)) continue;
    const m = readJson<Manifest>(path.join(real, 'package.json'));
    seen.set(real, m);
    push(real, m);
  }
  return seen;
}

describe('supply chain', () => {
  it('every dependency in package.json is pinned to an exact version', () => {
    const all = { ...pkg.dependencies, ...pkg.devDependencies, ...pkg.optionalDependencies };
    expect(Object.keys(all).length).toBeGreaterThan(0);
    const loose = Object.entries(all).filter(([, v]) => !EXACT.test(v));
    expect(loose, `not pinned: ${loose.map(([n, v]) => `${n}@${v}`).join(', ')}`).toEqual([]);
  });

  it('package-lock.json exists (lockfileVersion ≥ 3) and locks exactly the pinned versions', () => {
    expect(fs.existsSync(LOCK)).toBe(true);
    const lock = readJson<{ lockfileVersion: number; packages: Record<string, LockEntry & Partial<Manifest>> }>(LOCK);
    expect(lock.lockfileVersion).toBeGreaterThanOrEqual(3);
    const root = known(lock.packages[''], "lock.packages['']");
    expect(root.dependencies ?? {}).toEqual(pkg.dependencies ?? {});
    expect(root.devDependencies ?? {}).toEqual(pkg.devDependencies ?? {});
    for (const [name, version] of Object.entries({ ...pkg.dependencies, ...pkg.devDependencies })) {
      expect(lock.packages[`node_modules/${name}`]?.version, name).toBe(version);
    }
    // The lock file's own record of install scripts, over the whole tree (dev included).
    const scripted = Object.entries(lock.packages)
      .filter(([k, v]) => k !== '' && v.hasInstallScript)
      .map(([k]) => k.replace(/^.*node_modules\//, ''));
    expect(scripted).toEqual(['better-sqlite3']);
  });

  it('no package of the installed production tree has an install script or a native build, except better-sqlite3', () => {
    const tree = productionTree();
    expect(tree.size).toBeGreaterThan(Object.keys(pkg.dependencies ?? {}).length);
    const offenders: string[] = [];
    for (const [dir, m] of tree) {
      const hooks = INSTALL_HOOKS.filter((h) => m.scripts?.[h]);
      // npm runs `node-gyp rebuild` for a binding.gyp even without an install script.
      const gyp = fs.existsSync(path.join(dir, 'binding.gyp'));
      if ((hooks.length || gyp) && !ALLOWED_INSTALL.has(m.name)) offenders.push(`${m.name}@${m.version}: ${[...hooks, ...(gyp ? ['binding.gyp'] : [])].join(', ')}`);
    }
    expect(offenders).toEqual([]);
    const sqlite = [...tree.values()].find((m) => m.name === 'better-sqlite3');
    expect(sqlite?.scripts?.install, 'better-sqlite3 still builds its binding at install').toBeDefined();
  });

  it('Biome (the lint and format gate) runs nothing at install: its binary is a prebuilt platform package', () => {
    const dir = path.join(ROOT, 'node_modules', '@biomejs');
    const installed = fs.readdirSync(dir).map((n) => readJson<Manifest>(path.join(dir, n, 'package.json')));
    expect(installed.map((m) => m.name)).toContain('@biomejs/biome');
    expect(installed.some((m) => m.name.startsWith('@biomejs/cli-'))).toBe(true);
    const hooked = installed.filter((m) => INSTALL_HOOKS.some((h) => m.scripts?.[h])).map((m) => m.name);
    expect(hooked).toEqual([]);
    const biome = installed.find((m) => m.name === '@biomejs/biome');
    expect(Object.keys(biome?.optionalDependencies ?? {}).every((n) => n.startsWith('@biomejs/cli-'))).toBe(true);
  });

  it('npm runs install scripts only for the packages package.json approves (allowScripts), and those are exactly the allowed ones', () => {
    const approved = (pkg as Manifest & { allowScripts?: Record<string, boolean> }).allowScripts ?? {};
    expect(
      Object.entries(approved)
        .filter(([, ok]) => ok)
        .map(([name]) => name.replace(/(?<=.)@[^@/]+$/, ''))
        .sort(),
    ).toEqual([...ALLOWED_INSTALL].sort());
  });
});
