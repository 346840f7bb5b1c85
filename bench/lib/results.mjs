// @ts-check
/**
 * The results: the terminal table and bench/RESULTS.md. RESULTS.md carries
 * its rows and notes as JSON in a trailing comment, so a later partial run
 * (`--only import-csv --write-results`) replaces that measurement's rows and
 * keeps the others with the date they were measured; a run of everything
 * writes the file anew. Notes have a key: a note measured again replaces the
 * old one, and identical notes appear once. Rows keep the run that measured
 * them (date, command, machine), shown in the header when it is not this one.
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

/**
 * The version of the data comment: 1 (none) before bench/lib/ was split, 2
 * when a script's failure and its results were filed together, 3 with the
 * runs that measured the rows (date, command, machine).
 */
export const DATA_FORMAT = 3;
/** From this format on, a failed row is a figure of the current runner (older ones are dropped, see keptRows). */
const SCRIPT_ROWS_FILED_TOGETHER = 2;

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
  const older = (prev.format ?? 1) < SCRIPT_ROWS_FILED_TOGETHER;
  return dropSuperseded(prev.rows.filter((r) => !ids.has(r.id) && !scripts.has(scriptOf(r)) && known(r) && !(older && r.failed)));
}

/**
 * Rows in the catalogue's order (`knownIds`: the order of `--list`; a bench
 * script's result rows where the script is listed), so that the file depends
 * on the rows it holds, not on the order of the runs that measured them.
 * Rows the catalogue does not name keep their order, after the others.
 */
export function orderRows(rows, knownIds = []) {
  const rank = (r) => {
    const i = knownIds.indexOf(r.id);
    if (i >= 0) return i;
    const script = scriptOf(r);
    const j = script ? knownIds.indexOf(`bench:${script}`) : -1;
    return j >= 0 ? j : knownIds.length;
  };
  return rows
    .map((r, i) => ({ r, i, k: rank(r) }))
    .sort((a, b) => a.k - b.k || a.i - b.i)
    .map((x) => x.r);
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

// ------------------------------------------------------------------ runs

/** What RESULTS.md keeps of a run: the key its rows carry (`run`), its date, command, mode, machine and software. */
export function runRecord(run) {
  const m = run.machine;
  const software = Object.entries(run.software ?? {})
    .map(([k, v]) => `, ${k} ${v}`)
    .join('');
  return {
    id: run.started ?? run.date,
    date: run.date,
    command: run.command,
    mode: run.mode,
    runs: `${run.runs} paired run(s) per measurement (start-up: ${run.startupRuns}), medians shown`,
    machine: `${m.cpu}, ${m.cores} cores, ${m.ramGB} GB RAM, ${m.os}`,
    software: `Node ${m.node}, sqlite3 ${m.sqlite3}${software}`,
    memory: m.memory,
  };
}

/** The run described by the header of a file an older runner wrote (its rows carry no `run` key: their date is the key). */
export function legacyRun(text) {
  const last = /^- \*\*Last run\*\*: (\d{4}-\d\d-\d\d), (\w+) mode, (.+)$/m.exec(text);
  if (!last?.[1]) return undefined;
  const field = (name) => new RegExp(`^- \\*\\*${name}\\*\\*: (.+)$`, 'm').exec(text)?.[1] ?? 'not recorded';
  return {
    id: last[1],
    date: last[1],
    command: '',
    mode: last[2] ?? 'full',
    runs: last[3] ?? 'not recorded',
    machine: field('Machine'),
    software: field('Software'),
    memory: field('Memory').replace(/^.*, by /, ''),
  };
}

/** The records of the earlier runs whose rows are kept, oldest first. */
function earlierRuns(prev, previousText, kept) {
  const ids = [...new Set(kept.map((r) => r.run ?? r.date ?? ''))].sort();
  const legacy = legacyRun(previousText);
  const stored = [...(prev?.runs ?? []), ...(legacy ? [legacy] : [])];
  return ids.map((id) => stored.find((r) => r.id === id) ?? unknownRun(id, prev?.mode));
}

/** The record of a run nothing was kept about. */
const unknownRun = (id, mode = 'full') => ({ id, date: id, command: '', mode, runs: 'not recorded', machine: 'not recorded', software: 'not recorded', memory: 'not recorded' });

/** A run's command line as the header shows it (an older runner did not record it). */
const commandText = (record) => (record.command ? `\`${record.command}\`` : 'command not recorded (an older runner)');

function header(dateLine, record, earlier) {
  const lines = [
    '# Benchmark results',
    '',
    'Written by the benchmark runner (`bench/run.mjs`, see `bench/README.md`); do not edit by hand. A change',
    'that slows the product down shows here in review.',
    '',
    `- **Date**: ${dateLine}`,
    `- **Command**: ${commandText(record)}, ${record.mode} mode, ${record.runs}`,
    `- **Machine**: ${record.machine}`,
    `- **Software**: ${record.software}`,
    `- **Memory**: peak resident set size of the measured process, by ${record.memory}`,
    '- **Ratios**: median against the median of the baseline run alternately with it in the same script: `sqlite3 .import` of the same rows as CSV for the data measurements; `node -e 0` for the city steps (run next to every step, wall time) and for start-up (CPU time, user + system from GNU time: it varies far less than wall time on a shared machine; wall time is shown beside it)',
  ];
  if (earlier.length) {
    lines.push('- **Rows kept from earlier runs** (the date in the tables tells which):');
    for (const e of earlier) lines.push(`  - ${e.date}: ${commandText(e)}, ${e.mode} mode, ${e.runs}; ${e.machine}; ${e.software}; memory by ${e.memory}`);
  }
  lines.push('');
  return lines;
}

function sections(all, notes, goals) {
  const details = all
    .filter((r) => r.info || r.failed || r.skipped)
    .map((r) => `- **${r.id}**: ${[r.skipped && `skipped: ${r.skipped}`, r.failed && `failed: ${r.failed}`, r.info].filter(Boolean).join('; ')}`);
  const commands = all.filter((r) => r.command).map((r) => `- **${r.id}**: \`${r.command}\``);
  const lines = [];
  if (goals) lines.push('## Goals (issue 13, round 2)', '', renderGoals(goals), '');
  else lines.push('Quick mode: small data (11,000 rows), one run each: a smoke test, goals not checked.', '');
  lines.push('## Measurements', '', renderTable(all, { goals, withDate: true }), '');
  if (details.length) lines.push('## Details', '', ...details, '');
  if (notes.length) lines.push('## Notes', '', ...notes.map((n) => `- ${n.text}`), '');
  if (commands.length) lines.push('## Commands', '', 'Paths relative to the repository; `$TMP` is a fresh temporary directory per run.', '', ...commands, '');
  return lines;
}

/**
 * The whole RESULTS.md for `run` ({ date, started?, mode, command, runs,
 * startupRuns, machine, software?, rows, notes, only?, knownIds? }). Nothing
 * of the previous text survives but the rows and notes of its data comment
 * that keptRows and mergeNotes keep (none after a run of everything), and
 * the same inputs give the same bytes.
 */
export function renderResults(previousText, run) {
  const prev = previousData(previousText);
  const kept = keptRows(prev, run);
  const record = runRecord(run);
  const fresh = run.rows.map((r) => ({ ...r, date: run.date, run: record.id }));
  const all = orderRows([...kept, ...fresh], run.knownIds);
  const notes = mergeNotes(kept.length ? prev?.notes : [], run.notes, new Set(all.map((r) => r.id)));
  const earlier = earlierRuns(prev, previousText, kept).filter((e) => e.id !== record.id);
  const dateLine = `${run.date}${run.only ? ` (partial run: ${run.only.join(', ')}; other rows keep the date they were measured)` : ''}`;
  return compose({ dateLine, record, earlier, mode: run.mode, all, notes });
}

/**
 * RESULTS.md written again from the rows and notes it stores, measuring
 * nothing (`--rewrite-results`, after the writer changed): cleaned as by a
 * partial run that measured nothing; the header describes the latest run
 * whose rows it holds. Undefined when the text stores no rows.
 */
export function rewriteResults(previousText, knownIds) {
  const prev = previousData(previousText);
  if (!prev) return undefined;
  const kept = keptRows(prev, { mode: prev.mode, only: [], rows: [], knownIds });
  const all = orderRows(kept, knownIds);
  const runs = earlierRuns(prev, previousText, kept);
  const record = runs.at(-1) ?? unknownRun('not recorded', prev.mode);
  const notes = mergeNotes(prev.notes, [], new Set(all.map((r) => r.id)));
  const dateLine = `${record.date} (written again from the rows the file stores, by \`node bench/run.mjs --rewrite-results\`: nothing measured)`;
  return compose({ dateLine, record, earlier: runs.slice(0, -1), mode: prev.mode, all, notes });
}

function compose({ dateLine, record, earlier, mode, all, notes }) {
  const goals = mode === 'full' ? checkGoals(all) : undefined;
  const lines = [...header(dateLine, record, earlier), ...sections(all, notes, goals)];
  lines.push(`${DATA_MARK}${JSON.stringify({ format: DATA_FORMAT, mode, runs: [record, ...earlier], notes, rows: all })} -->`, '');
  return lines.join('\n');
}
