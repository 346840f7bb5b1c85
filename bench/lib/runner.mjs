// @ts-check
/**
 * Running a group of measurements: candidates and their baseline alternate
 * (the order flips every round), a group's `interleave` baseline runs next
 * to every timed step of a multi-step job, and the samples become table rows
 * (medians) with ratios against the baseline measured in the same run.
 */
import fs from 'node:fs';
import { ensureData } from './data.mjs';
import { measure, median } from './measure.mjs';
import { SQLITE3_MISSING } from './tools.mjs';
import { firstLine } from './workspace.mjs';

const secs = (ms) => `${(ms / 1000).toFixed(2)} s`;

function newSamples() {
  return { walls: [], cpus: [], peaks: [], errors: [], infos: new Set(), after: {}, steps: new Map(), command: undefined };
}

/** `env`: { opts, ws, childEnv, note, log }. Returns { runGroup(group) → rows }; samples are kept per measurement id. */
export function createRunner(env) {
  const samples = new Map();
  const k = { env, record: (id) => samples.get(id) ?? samples.set(id, newSamples()).get(id) };
  return { runGroup: (g) => runGroup(k, g) };
}

const run = (k, [cmd, args]) => measure(cmd, args, { cwd: k.env.opts.root, env: k.env.childEnv });

function push(s, r) {
  s.walls.push(r.wallMs);
  if (r.cpuMs !== undefined) s.cpus.push(r.cpuMs);
  s.peaks.push(r.peakRssMB);
}

/** One run of a member with one command; errors are recorded, not thrown. */
async function runCommand(k, m, round) {
  const { opts, ws } = k.env;
  const s = k.record(m.id);
  const ctx = { dir: ws.runDir(m.id) };
  let keep = opts.keep;
  try {
    if (m.prepare) await m.prepare(ctx);
    const command = m.command(ctx);
    s.command ??= ws.showCmd(...command);
    const r = await run(k, command);
    const c = m.check ? await m.check(ctx, r, round) : r.code === 0 ? {} : { error: `exit ${r.code}` };
    if (c.error) return void s.errors.push(c.error);
    if (c.info) s.infos.add(c.info);
    if (c.keep) keep = true;
    push(s, r);
  } catch (e) {
    s.errors.push(e.message);
  } finally {
    if (!keep) fs.rmSync(ctx.dir, { recursive: true, force: true });
  }
}

/** One run of a multi-step job; `baseline` (if any) runs before each timed step in even rounds, after it in odd ones. */
async function runSteps(k, m, round, baseline) {
  const s = k.record(m.id);
  const ctx = { dir: k.env.ws.runDir(m.id) };
  s.command ??= m.commandText;
  const total = { wallMs: 0, cpuMs: 0, peakRssMB: 0 };
  try {
    for (const step of m.steps(ctx)) {
      const paired = baseline && !step.setup;
      if (paired && round % 2 === 0) await runCommand(k, baseline, round);
      const r = await run(k, step.run);
      if (!(step.ok ?? [0]).includes(r.code)) return void s.errors.push(`${step.name}: exit ${r.code}: ${firstLine(r.stderrTail)}`);
      if (paired && round % 2 === 1) await runCommand(k, baseline, round);
      if (!s.steps.has(step.name)) s.steps.set(step.name, { ...newSamples(), setup: Boolean(step.setup) });
      push(s.steps.get(step.name), r);
      if (step.setup) continue;
      total.wallMs += r.wallMs;
      total.cpuMs = r.cpuMs === undefined || total.cpuMs === undefined ? undefined : total.cpuMs + r.cpuMs;
      total.peakRssMB = Math.max(total.peakRssMB, r.peakRssMB);
    }
    push(s, total);
  } catch (e) {
    s.errors.push(e.message);
  } finally {
    if (!k.env.opts.keep) fs.rmSync(ctx.dir, { recursive: true, force: true });
  }
}

function progress(k, m, round) {
  const s = k.record(m.id);
  const last = s.errors.length ? `FAILED: ${s.errors[0]}` : `${secs(s.walls.at(-1))}, ${Math.round(s.peaks.at(-1))} MB`;
  k.env.log(`  ${m.id.padEnd(20)} run ${round + 1}: ${last}`);
}

/** Members asked for with --only, plus the baselines and the members they need. */
function selected(g, only) {
  if (!only) return g.members;
  const wanted = g.members.filter((m) => only.has(m.id) || Object.keys(m.stepWhat ?? {}).some((step) => only.has(`${m.id}-${step}`)));
  if (wanted.length === 0) return [];
  const needed = new Set(wanted.flatMap((m) => m.needs ?? []));
  return g.members.filter((m) => m.baseline || wanted.includes(m) || needed.has(m.id));
}

/** Runs the group's rounds, the order of its members flipping every round. */
async function runRounds(k, g, live) {
  const runs = g.runs ?? k.env.opts.runs;
  const baseline = g.interleave ? live.find((m) => m.id === g.interleave) : undefined;
  const rotation = live.filter((m) => m !== baseline);
  k.env.log(`\n[${g.group}] ${live.map((m) => m.id).join(', ')}: ${runs} run(s) each, alternating`);
  for (let round = 0; round < runs; round++) {
    for (const m of round % 2 ? [...rotation].reverse() : rotation) {
      if (k.record(m.id).errors.length) continue;
      if (m.steps) await runSteps(k, m, round, baseline);
      else await runCommand(k, m, round);
      if (g.runs === undefined || round === runs - 1 || k.record(m.id).errors.length) progress(k, m, round);
    }
  }
}

async function runGroup(k, g) {
  const { opts, log } = k.env;
  const members = selected(g, opts.only);
  const live = [];
  const rows = [];
  for (const m of members) {
    const a = m.available ? m.available() : true;
    if (a === true) live.push(m);
    else {
      log(`  ${m.id}: skipped (${a})`);
      rows.push({ id: m.id, group: g.group, what: m.what, rows: m.rows, skipped: a });
    }
  }
  if (!live.some((m) => !m.baseline)) return rows;
  for (const [kind, n] of g.data) await ensureData(opts, kind, n, { env: k.env.childEnv, log });
  await runRounds(k, g, live);
  for (const m of live) rows.push(...(await summarise(k, g, m, members)));
  return orderLike(rows, members);
}

async function summarise(k, g, m, members) {
  const s = k.record(m.id);
  if (m.after && !s.errors.length) Object.assign(s.after, await m.after());
  // The baseline even when it was skipped: the ratio then says why it is missing.
  const baselineId = m.baseline ? undefined : (g.interleave ?? members.find((x) => x.baseline)?.id);
  const row = {
    id: m.id,
    group: g.group,
    what: m.what,
    rows: m.rows,
    runs: s.walls.length,
    command: s.command,
    ...figures(s, m.rows),
    baseline: m.baseline || undefined,
    baselineId,
  };
  if (s.errors.length) row.failed = s.errors[0];
  if (s.after.intact !== undefined) row.intact = s.after.intact;
  const infos = [...s.infos, ...(s.after.info ? [s.after.info] : [])];
  if (g.spread && s.walls.length >= 4) infos.push(`spread (interquartile range / median): wall ${pct(spread(s.walls))}${s.cpus.length >= 4 ? `, CPU ${pct(spread(s.cpus))}` : ''}`);
  const setup = [...s.steps].filter(([, v]) => v.setup);
  if (setup.length) infos.push(`set-up, not counted: ${setup.map(([name, v]) => `${name} ${secs(median(v.walls))}`).join(', ')}`);
  if (infos.length) row.info = infos.join('; ');
  const stepRows = [...s.steps]
    .filter(([, v]) => !v.setup)
    .map(([name, v]) => ({
      id: `${m.id}-${name}`,
      group: g.group,
      what: m.stepWhat?.[name] ?? `${m.id}: ${name}`,
      rows: m.rows,
      runs: v.walls.length,
      ...figures(v, m.rows),
      baselineId,
      partOf: m.id,
    }));
  return [row, ...stepRows];
}

/** Interquartile range over median: how much the samples vary. */
export function spread(xs) {
  const a = [...xs].sort((p, q) => p - q);
  const q = (f) => a[Math.min(a.length - 1, Math.round(f * (a.length - 1)))];
  return (q(0.75) - q(0.25)) / median(a);
}
const pct = (x) => `${Math.round(x * 100)} %`;

/** Medians of a member's samples. */
function figures(s, rows) {
  if (!s.walls.length) return {};
  const wallMs = median(s.walls);
  return { wallMs, cpuMs: s.cpus.length === s.walls.length ? median(s.cpus) : undefined, peakRssMB: median(s.peaks), rowsPerSec: rows ? rows / (wallMs / 1000) : undefined };
}

/** Rows in the catalogue's order (a job's step rows right after it). */
function orderLike(rows, members) {
  const pos = (r) => members.findIndex((m) => m.id === (r.partOf ?? r.id));
  return rows
    .map((r, i) => [r, i])
    .sort((a, b) => pos(a[0]) - pos(b[0]) || a[1] - b[1])
    .map(([r]) => r);
}

/**
 * Ratios against each row's baseline in the same run, and the relative
 * figures the goals use (report / exceljs writer, import-xlsx / exceljs
 * reader, import-csv / plain loader). Rows whose baseline is the sqlite3
 * shell that is missing get `ratioMissing`. Changes the rows in place.
 */
export function deriveRatios(rows) {
  const byId = new Map(rows.map((r) => [r.id, r]));
  for (const r of rows) {
    const b = r.baselineId ? byId.get(r.baselineId) : undefined;
    if (r.wallMs === undefined || !b) continue;
    if (b.wallMs !== undefined) {
      r.ratio = r.wallMs / b.wallMs;
      if (r.cpuMs !== undefined && b.cpuMs) r.cpuRatio = r.cpuMs / b.cpuMs;
      r.vs = /node/.test(b.id) ? 'node -e 0' : 'sqlite3';
    } else if (b.skipped && /^sqlite3 missing/.test(b.skipped)) r.ratioMissing = SQLITE3_MISSING;
  }
  const rel = (a, b, key, text) => {
    const x = byId.get(a),
      y = byId.get(b);
    if (x?.wallMs === undefined || y?.wallMs === undefined) return;
    x[key] = x.wallMs / y.wallMs;
    x.info = [x.info, `${x[key].toFixed(2)}× ${text}`].filter(Boolean).join('; ');
  };
  rel('import-xlsx', 'exceljs-read', 'vsReader', 'the exceljs streaming reader');
  rel('report', 'exceljs-write', 'vsWriter', 'the exceljs streaming writer');
  rel('import-csv', 'csv-sqlite', 'vsPlain', 'the plain csv-parse + better-sqlite3 loader');
  const startup = byId.get('startup');
  if (startup?.cpuRatio !== undefined)
    startup.info = [startup.info, `CPU time ${startup.cpuRatio.toFixed(2)}× node -e 0; wall time ${startup.ratio.toFixed(2)}×`].filter(Boolean).join('; ');
  return rows;
}
