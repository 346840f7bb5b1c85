// @ts-check
/**
 * The generated rosters the measurements read: their sizes, their paths
 * under the data directory, and generating one unless an up-to-date copy is
 * there (a `.meta.json` beside each file names the generator version).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { measure } from './measure.mjs';

/** Members in the city job (the city reported 11,059). */
export const CITY_MEMBERS = 11_000;

/**
 * Rows per data set: 1M CSV, 100k XLSX, 400k for the workbook; 11k each in quick mode.
 * @param {boolean} quick
 */
export function sizes(quick) {
  return quick ? { csv: 11_000, xlsx: 11_000, report: 11_000 } : { csv: 1_000_000, xlsx: 100_000, report: 400_000 };
}

/** `11k`, `400k`, `1m`: the size in a file name and in the table. */
export const sizeLabel = (/** @type {number} */ n) => (n >= 1_000_000 ? `${n / 1_000_000}m` : `${Math.round(n / 1000)}k`);

/** @type {(dataDir: string, rows: number, ext: string) => string} */
export const dataFile = (dataDir, rows, ext) => path.join(dataDir, `r${sizeLabel(rows)}.${ext}`);
export const cityDir = (/** @type {string} */ dataDir) => path.join(dataDir, 'city');

/**
 * A hash of the generator's source: data written by another version is regenerated.
 * @param {string} root
 */
export function generatorHash(root) {
  return crypto
    .createHash('sha256')
    .update(fs.readFileSync(path.join(root, 'bench', 'lib', 'roster-gen.mjs')))
    .update(fs.readFileSync(path.join(root, 'bench', 'generate.mjs')))
    .digest('hex')
    .slice(0, 16);
}

/**
 * Generates `kind` ('csv', 'xlsx' or 'city') of `rows` rows under
 * `opts.dataDir` unless an up-to-date copy is there; returns its path.
 * @param {Pick<import('./options.mjs').Options, 'dataDir' | 'root'>} opts
 * @param {'csv' | 'xlsx' | 'city'} kind
 * @param {number} rows
 * @param {{ env?: NodeJS.ProcessEnv, log?: (line: string) => void }} [context]
 */
export async function ensureData(opts, kind, rows, { env, log = () => {} } = {}) {
  const target = kind === 'city' ? cityDir(opts.dataDir) : dataFile(opts.dataDir, rows, kind);
  const meta = `${target}.meta.json`;
  const want = { kind, rows, generator: generatorHash(opts.root) };
  try {
    const have = JSON.parse(fs.readFileSync(meta, 'utf8'));
    if (have.generator === want.generator && have.rows === want.rows && fs.existsSync(target)) return target;
  } catch {
    /* missing or stale: generate */
  }
  const generate = path.join(opts.root, 'bench', 'generate.mjs');
  const args = kind === 'city' ? [generate, '--city', '--members', String(rows), '--out', target] : [generate, '--rows', String(rows), '--format', kind, '--out', target];
  if (kind === 'city') fs.rmSync(target, { recursive: true, force: true });
  fs.mkdirSync(opts.dataDir, { recursive: true });
  log(`generating ${path.basename(target)} (${rows.toLocaleString('en')} rows) ...`);
  const r = await measure(process.execPath, args, { cwd: opts.root, env });
  if (r.code !== 0) throw new Error(`generator failed: ${r.stderrTail}`);
  log(`  ${(r.wallMs / 1000).toFixed(1)} s, peak ${Math.round(r.peakRssMB)} MB`);
  fs.writeFileSync(meta, `${JSON.stringify({ ...want, wallMs: Math.round(r.wallMs), peakRssMB: Math.round(r.peakRssMB) })}\n`);
  return target;
}
