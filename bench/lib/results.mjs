// @ts-check
/**
 * The results: the terminal table and bench/RESULTS.md. RESULTS.md carries
 * its rows and notes as JSON in a trailing comment, so a later partial run
 * (`--only import-csv --write-results`) replaces that measurement's rows and
 * keeps the others with the date they were measured; a run of everything
 * writes the file anew. Notes have a key: a note measured again replaces the
 * old one, and identical notes appear once.
 */
import { checkGoals, rowVerdict } from './goals.mjs';

const fmtWall = (ms) => (ms === undefined ? '' : ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`);
const fmtRate = (r) => (r === undefined || !Number.isFinite(r) ? '' : r >= 10_000 ? `${Math.round(r / 1000)}k` : String(Math.round(r)));
const fmtRows = (n) => (!n ? '' : n >= 1_000_000 ? `${n / 1_000_000}M` : n >= 1000 ? `${Math.round(n / 1000)}k` : String(n));
const fmtMB = (mb) => (mb === undefined ? '' : String(Math.round(mb)));
const cell = (s) => String(s ?? '').replace(/\|/g, '\\|');

function ratioCell(r) {
  if (r.baseline) return '1.00 (baseline)';
  if (r.ratioMissing) return r.ratioMissing;
  if (r.ratio === undefined) return '';
  return `${r.ratio.toFixed(2)}× ${r.vs}${r.cpuRatio !== undefined && r.vs === 'node -e 0' ? ` (CPU ${r.cpuRatio.toFixed(2)}×)` : ''}`;
}

function resultCell(r, verdict) {
  if (r.skipped) return 'skipped';
  if (r.failed) return 'FAILED';
  return verdict ?? '—';
}

/** An aligned Markdown table. */
export function markdownTable(head, body) {
  const rows = body.map((b) => b.map(cell));
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((b) => b[i].length)));
  const fmt = (cols) => `| ${cols.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  return [fmt(head), `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`, ...rows.map(fmt)].join('\n');
}

/** Measurement rows as a table; `goals` (checkGoals' results) fills the result column, `withDate` adds the date. */
export function renderTable(rows, { goals, withDate = false } = {}) {
  const head = ['measurement', 'what', 'rows', 'median wall', 'CPU', 'rows/s', 'peak MB', 'ratio', goals ? 'goal' : 'goal (quick: not checked)'];
  if (withDate) head.push('measured');
  const body = rows.map((r) => {
    const line = [
      r.id,
      r.what ?? '',
      fmtRows(r.rows),
      r.failed ? '' : fmtWall(r.wallMs),
      fmtWall(r.cpuMs),
      fmtRate(r.rowsPerSec),
      fmtMB(r.peakRssMB),
      ratioCell(r),
      resultCell(r, goals ? (rowVerdict(goals, r.id) ?? (typeof r.pass === 'boolean' ? (r.pass ? 'PASS' : 'FAIL') : undefined)) : undefined),
    ];
    if (withDate) line.push(r.date ?? '');
    return line;
  });
  return markdownTable(head, body);
}

/** The goals as a table: goal, figure, PASS / FAIL / not measured, date measured. */
export function renderGoals(goalResults) {
  return markdownTable(
    ['goal', 'measured', 'result', 'measured on'],
    goalResults.map((g) => [g.text, g.measured, g.compass && g.result !== 'not measured' ? `(${g.result})` : g.result, g.date ?? '']),
  );
}

// ------------------------------------------------------------------ notes

/** The key of a note written as plain text by an older runner, so that it is replaced like a keyed one. */
export function legacyNoteKey(text) {
  if (/^Report database:/.test(text)) return { key: 'report-db' };
  if (/^Databases (for|start)/.test(text)) return { key: 'template' };
  const m = /^(bench:[\w.-]+): /.exec(text);
  if (m) return { key: `row:${m[1]}`, row: m[1] };
  const s = /^([\w:.-]+): skipped/.exec(text);
  if (s) return { key: `skip:${s[1]}`, row: s[1] };
  return { key: text };
}

const asNote = (n) => (typeof n === 'string' ? { ...legacyNoteKey(n), text: n } : n);

/**
 * Notes of the previous file (kept only when they concern no row or a row
 * still in the table: `keptIds`) merged with this run's: a key noted again
 * replaces the old note, identical texts appear once.
 */
export function mergeNotes(previous, fresh, keptIds = new Set()) {
  const byKey = new Map();
  for (const n of (previous ?? []).map(asNote)) if (!n.row || keptIds.has(n.row)) byKey.set(n.key, n);
  for (const n of (fresh ?? []).map(asNote)) {
    byKey.delete(n.key);
    byKey.set(n.key, n);
  }
  const seen = new Set();
  return [...byKey.values()].filter((n) => !seen.has(n.text) && seen.add(n.text));
}

/** A note collector for one run: `note(key, text, row?)`; a key noted again replaces its text. */
export function createNotes(log = () => {}) {
  const byKey = new Map();
  const note = (key, text, row) => {
    if (byKey.get(key)?.text !== text) log(`note: ${text}`);
    byKey.delete(key);
    byKey.set(key, row ? { key, text, row } : { key, text });
  };
  return { note, list: () => [...byKey.values()] };
}

// ------------------------------------------------------------------ rows

/** The bench script a row comes from (`bench:NAME` or `bench:NAME:RESULT`), if any. */
export const scriptOf = (r) => r.script ?? (r.id.startsWith('bench:') ? r.id.split(':')[1] : undefined);

/** Drops failed rows of a script that has a measured row of the same date or later (an older runner kept both). */
export function dropSuperseded(rows) {
  return rows.filter((r) => !(r.failed && scriptOf(r) && rows.some((o) => o !== r && scriptOf(o) === scriptOf(r) && o.wallMs !== undefined && (o.date ?? '') >= (r.date ?? ''))));
}

/** The version of the data comment; files without one come from the runner before bench/lib/ was split. */
export const DATA_FORMAT = 2;

/**
 * Rows of the previous file kept beside this run's: only for a partial run
 * (`run.only`) of the same mode; not those measured again (same id, or same
 * bench script), nor ids the catalogue no longer has (`run.knownIds`), nor
 * the failures an older runner recorded (they are no figures, and that runner
 * filed a script's failure and its later result under different ids).
 */
export function keptRows(prev, run) {
  if (!prev || prev.mode !== run.mode || !run.only) return [];
  const ids = new Set(run.rows.map((r) => r.id));
  const scripts = new Set(run.rows.map(scriptOf).filter(Boolean));
  const known = (r) => !run.knownIds || run.knownIds.includes(r.id) || scriptOf(r) !== undefined;
  const older = (prev.format ?? 1) < DATA_FORMAT;
  return dropSuperseded(prev.rows.filter((r) => !ids.has(r.id) && !scripts.has(scriptOf(r)) && known(r) && !(older && r.failed)));
}

const DATA_MARK = '<!-- bench-data ';

/** The rows and notes stored in a RESULTS.md, or undefined. */
export function previousData(text) {
  const i = text.lastIndexOf(DATA_MARK);
  if (i < 0) return undefined;
  const end = text.indexOf(' -->', i);
  try {
    return JSON.parse(text.slice(i + DATA_MARK.length, end));
  } catch {
    return undefined;
  }
}

function header(run) {
  const m = run.machine;
  const s = run.software ?? {};
  return [
    '# Benchmark results',
    '',
    'Written by the benchmark runner (`bench/run.mjs`, see `bench/README.md`); do not edit by hand. A change',
    'that slows the product down shows here in review.',
    '',
    `- **Date**: ${run.date}${run.only ? ` (partial run: ${run.only.join(', ')}; other rows keep the date they were measured)` : ''}`,
    `- **Command**: \`${run.command}\`, ${run.mode} mode, ${run.runs} paired run(s) per measurement (start-up: ${run.startupRuns}), medians shown`,
    `- **Machine**: ${m.cpu}, ${m.cores} cores, ${m.ramGB} GB RAM, ${m.os}`,
    `- **Software**: Node ${m.node}, sqlite3 ${m.sqlite3}${Object.entries(s)
      .map(([k, v]) => `, ${k} ${v}`)
      .join('')}`,
    `- **Memory**: peak resident set size of the measured process, by ${m.memory}`,
    '- **Ratios**: median against the median of the baseline run alternately with it in the same script: `sqlite3 .import` of the same rows as CSV for the data measurements; `node -e 0` for the city steps (run next to every step, wall time) and for start-up (CPU time, user + system from GNU time: it varies far less than wall time on a shared machine; wall time is shown beside it)',
    '',
  ];
}

/** The whole RESULTS.md for `run` ({ date, mode, command, runs, startupRuns, machine, software?, rows, notes, only?, knownIds? }). */
export function renderResults(previousText, run) {
  const prev = previousData(previousText);
  const kept = keptRows(prev, run);
  const fresh = run.rows.map((r) => ({ ...r, date: run.date }));
  const order = prev && kept.length ? prev.rows.map((r) => r.id) : [];
  const pos = (id) => (order.indexOf(id) < 0 ? 1e9 : order.indexOf(id));
  const all = [...kept, ...fresh]
    .map((r, i) => [r, i])
    .sort((a, b) => pos(a[0].id) - pos(b[0].id) || a[1] - b[1])
    .map(([r]) => r);
  const notes = mergeNotes(kept.length ? prev.notes : [], run.notes, new Set(all.map((r) => r.id)));
  const full = run.mode === 'full';
  const goals = full ? checkGoals(all) : undefined;
  const details = all
    .filter((r) => r.info || r.failed || r.skipped)
    .map((r) => `- **${r.id}**: ${[r.skipped && `skipped: ${r.skipped}`, r.failed && `failed: ${r.failed}`, r.info].filter(Boolean).join('; ')}`);
  const commands = all.filter((r) => r.command).map((r) => `- **${r.id}**: \`${r.command}\``);
  const lines = header(run);
  if (goals) lines.push('## Goals (issue 13, round 2)', '', renderGoals(goals), '');
  else lines.push('Quick mode: small data (11,000 rows), one run each: a smoke test, goals not checked.', '');
  lines.push('## Measurements', '', renderTable(all, { goals, withDate: true }), '');
  if (details.length) lines.push('## Details', '', ...details, '');
  if (notes.length) lines.push('## Notes', '', ...notes.map((n) => `- ${n.text}`), '');
  if (commands.length) lines.push('## Commands', '', 'Paths relative to the repository; `$TMP` is a fresh temporary directory per run.', '', ...commands, '');
  lines.push(`${DATA_MARK}${JSON.stringify({ format: DATA_FORMAT, mode: run.mode, notes, rows: all })} -->`, '');
  return lines.join('\n');
}
