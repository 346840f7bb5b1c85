// @ts-check
/**
 * Where the measured commands run: a temporary directory per run, the
 * `roster` command line, and the template database (`roster init` plus the
 * national unit reference when present) copied for every run. Created by the
 * runner when it starts measuring, never at load time.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { measure } from './measure.mjs';

export const PERIOD = '2026-11';
export const INIT_ARGS = ['init', '--office', 'UBND Thành phố Hồ Chí Minh', '--jurisdiction', '79'];
const UNIT_FILES = ['units-2025-03-01.json', 'merges-2025-07-01.json', 'legal-basis-2025-07-01.csv'];

/** @typedef {[string, string[]]} Command `[cmd, args]`: a program and its arguments. */

/** The first two non-empty lines of a text, for one-line error messages. */
export const firstLine = (/** @type {unknown} */ s) =>
  String(s ?? '')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .slice(0, 2)
    .join(' / ')
    .slice(0, 200);

/**
 * A workspace for one runner invocation. `has` is the command probe of
 * tools.mjs; `note(key, text)` records a note for RESULTS.md.
 * @param {Pick<import('./options.mjs').Options, 'root' | 'quick' | 'unitsDir' | 'dataDir' | 'keep'>} opts
 * @param {{ has: (...words: string[]) => boolean, note: (key: string, text: string) => void, log: (line: string) => void, env: NodeJS.ProcessEnv }} context
 */
export function createWorkspace(opts, { has, note, log, env }) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'roster-bench-'));
  const bin = path.join(opts.root, 'bin', 'roster.js');
  /** [cmd, args] of `roster --db DB ...args`. */
  /** @type {(db: string, ...args: string[]) => Command} */
  const roster = (db, ...args) => [process.execPath, [bin, '--db', db, ...args]];

  /** @param {string} name */
  function runDir(name) {
    const d = path.join(tmp, `${name}-${crypto.randomBytes(3).toString('hex')}`);
    fs.mkdirSync(d, { recursive: true });
    return d;
  }

  /** @type {(from: string, to: string) => void} */
  function copyDb(from, to) {
    fs.copyFileSync(from, to);
    if (fs.existsSync(`${from}-wal`)) fs.copyFileSync(`${from}-wal`, `${to}-wal`);
  }

  /**
   * Runs a set-up step (not timed for the table); throws with its stderr on failure.
   * @param {string} what
   * @param {Command} command
   */
  async function setupStep(what, [cmd, args], okCodes = [0]) {
    const r = await measure(cmd, args, { cwd: opts.root, env });
    if (r.code === null || !okCodes.includes(r.code)) throw new Error(`${what} failed (exit ${r.code}): ${firstLine(r.stderrTail)}`);
    return r;
  }

  // Quick mode keeps to the bundled sample units: loading the national lists takes longer than the smoke test should.
  const nationalUnits = () => !opts.quick && UNIT_FILES.every((f) => fs.existsSync(path.join(opts.unitsDir, f)));

  /**
   * [name, [cmd, args]] steps that load the national unit reference into `db`, when present and `units import` exists.
   * @param {string} db
   * @returns {[string, Command][]}
   */
  function unitSteps(db) {
    if (!nationalUnits() || !has('units', 'import')) return [];
    const [units, mapping, legalBasis] = UNIT_FILES.map((name) => path.join(opts.unitsDir, name));
    if (!units || !mapping || !legalBasis) return [];
    return [
      ['units import (old list)', roster(db, 'units', 'import', units)],
      ['units import (2025 mapping)', roster(db, 'units', 'import', mapping, '--legal-basis', legalBasis)],
    ];
  }

  /** @type {string | undefined} */
  let templateDb;
  /** A database after `init` (and the national units when present), made once and copied for every run. */
  async function template() {
    if (templateDb) return templateDb;
    const db = path.join(runDir('template'), 'template.db');
    const [cmd, args] = roster(db, ...INIT_ARGS);
    const r = await measure(cmd, args, { cwd: opts.root, env });
    if (r.code !== 0) {
      fs.rmSync(db, { force: true });
      await setupStep('roster init', roster(db, 'init'));
    }
    const steps = unitSteps(db);
    for (const [what, run] of steps) await setupStep(what, run);
    note(
      'template',
      steps.length
        ? 'Databases for import/validate/report start from `roster init --jurisdiction 79` plus the national unit reference (../shared/data/vn-admin-units: old list and 2025 mapping), loaded once and copied for each run.'
        : `Databases start from \`roster init\` with the bundled sample units only (${opts.quick ? 'quick mode' : 'national reference not found or `units import` missing'}): wards outside former Districts 1 and 3 do not resolve.`,
    );
    templateDb = db;
    return db;
  }

  const { shown, showCmd } = pathShower(opts, tmp);

  function dispose() {
    if (opts.keep) log(`kept temporary files in ${tmp}`);
    else fs.rmSync(tmp, { recursive: true, force: true });
  }

  return { tmp, bin, roster, runDir, copyDb, setupStep, unitSteps, template, shown, showCmd, dispose, log };
}

const escapeRe = (/** @type {string} */ s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Paths as shown in the table and RESULTS.md: relative to the repository, temporary directories as $TMP.
 * @param {Pick<import('./options.mjs').Options, 'root' | 'dataDir' | 'unitsDir'>} opts
 * @param {string} tmp
 */
function pathShower(opts, tmp) {
  const shown = (/** @type {unknown} */ s) =>
    String(s)
      .replace(new RegExp(`${escapeRe(tmp)}/[\\w-]+-[0-9a-f]{6}`, 'g'), '$TMP')
      .split(tmp)
      .join('$TMP')
      .split(opts.dataDir)
      .join('bench/data')
      .split(opts.root + path.sep)
      .join('')
      .split(opts.unitsDir)
      .join('../shared/data/vn-admin-units');
  /** @type {(cmd: string, args: string[]) => string} */
  const showCmd = (cmd, args) => [cmd === process.execPath ? 'node' : path.basename(cmd), ...args].map((a) => (/[\s"]/.test(a) ? JSON.stringify(shown(a)) : shown(a))).join(' ');
  return { shown, showCmd };
}
