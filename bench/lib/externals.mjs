// @ts-check
/**
 * Bench scripts of the other parts of the product: every `bench/<name>.mjs`
 * except the runner and the generator, run as a child process whose last
 * stdout line is one JSON object (or an array of them); see bench/README.md.
 */
import fs from 'node:fs';
import path from 'node:path';
import { measure } from './measure.mjs';
import { firstLine } from './workspace.mjs';

const NOT_SCRIPTS = new Set(['run.mjs', 'generate.mjs']);

/** Script names (without `.mjs`) under bench/, sorted. */
export function discoverScripts(root) {
  return fs
    .readdirSync(path.join(root, 'bench'))
    .filter((f) => f.endsWith('.mjs') && !NOT_SCRIPTS.has(f))
    .map((f) => f.slice(0, -4))
    .sort();
}

/** Rows suggested to a script (--rows): the size its goal speaks of (the annotated workbook's and the import's staged writes: 200,000 rows). */
export const scriptRows = (name, quick) => (quick ? 11_000 : ({ 'xlsx-reader': 100_000, workbook: 400_000, annotated: 200_000, 'import-staging': 200_000 }[name] ?? 1_000_000));
// Quick mode: a script should take well under 20 s on a quiet machine; it is stopped after 45 s (shared machines are slow).
export const scriptTimeoutMs = (quick) => (quick ? 45_000 : 60 * 60_000);

/** The table id of a script's result: `bench:NAME`, or `bench:NAME:RESULT` when the result has another name. */
export const externalId = (script, name) => (!name || name === script ? `bench:${script}` : `bench:${script}:${name}`);

/**
 * Table rows from one script's run `r` (measure()'s result). A script that
 * failed, timed out or printed no JSON line gives one failed row; a result
 * with `skipped` gives a skipped row.
 */
export function externalRows(script, r, { command, timeoutMs, quick }) {
  const base = { group: 'external', script, command };
  const list = Array.isArray(r.json) ? r.json : r.json ? [r.json] : [];
  if (r.timedOut || r.code !== 0 || list.length === 0) {
    const why = r.timedOut
      ? `stopped after ${timeoutMs / 1000} s${quick ? ' (quick mode: the script should honour --quick / --rows)' : ''}`
      : r.code !== 0
        ? `exit ${r.code}: ${firstLine(r.stderrTail)}`
        : `no JSON line at the end of its output (see bench/README.md)${r.lastLine ? `; its last line: ${JSON.stringify(r.lastLine)}` : ''}`;
    return [{ ...base, id: externalId(script), what: `bench/${script}.mjs`, failed: why }];
  }
  return list.map((j) => {
    const { name, rows, wallMs, peakRssMB, goal, pass, skipped, ...extra } = j;
    const row = { ...base, id: externalId(script, name), what: `${name ?? script} (bench/${script}.mjs)`, rows, wallMs, peakRssMB: peakRssMB ?? r.peakRssMB };
    if (skipped) return { ...row, wallMs: undefined, peakRssMB: undefined, skipped: String(skipped) };
    if (rows && wallMs) row.rowsPerSec = rows / (wallMs / 1000);
    if (typeof pass === 'boolean' && !quick) row.pass = pass;
    if (goal) row.goalText = String(goal);
    const info = Object.entries(extra).map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : v}`);
    if (info.length) row.info = info.join(', ');
    return row;
  });
}

/** Runs every discovered script (those in `only`, when given); returns their rows. */
export async function runExternal({ opts, ws, childEnv, log }) {
  const out = [];
  for (const script of discoverScripts(opts.root)) {
    if (opts.only && !opts.only.has(`bench:${script}`)) continue;
    const args = [path.join(opts.root, 'bench', `${script}.mjs`), '--data', opts.dataDir, '--rows', String(scriptRows(script, opts.quick)), ...(opts.quick ? ['--quick'] : [])];
    const command = ws.showCmd(process.execPath, args);
    log(`\n[external] ${command}`);
    const timeoutMs = scriptTimeoutMs(opts.quick);
    const r = await measure(process.execPath, args, { cwd: opts.root, env: { ...childEnv, ROSTER_BENCH_QUICK: opts.quick ? '1' : '' }, timeoutMs });
    const rows = externalRows(script, r, { command, timeoutMs, quick: opts.quick });
    for (const row of rows) {
      log(
        `  ${row.id}: ${row.failed ? `FAILED: ${row.failed}` : row.skipped ? `skipped: ${row.skipped}` : `${((row.wallMs ?? 0) / 1000).toFixed(2)} s, ${Math.round(row.peakRssMB ?? 0)} MB`}`,
      );
    }
    out.push(...rows);
  }
  return out;
}
