/**
 * The benchmark table, for the terminal and for bench/RESULTS.md. RESULTS.md
 * carries its rows as JSON in a trailing comment, so a later run of one
 * measurement (`--only import-csv --write-results`) replaces that row and
 * keeps the others with the date they were measured.
 */

const fmtWall = (ms) => (ms === undefined ? '' : ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`);
const fmtRate = (r) => (r === undefined || !Number.isFinite(r) ? '' : r >= 10_000 ? `${Math.round(r / 1000)}k` : String(Math.round(r)));
const fmtRows = (n) => (!n ? '' : n >= 1_000_000 ? `${n / 1_000_000}M` : n >= 1000 ? `${Math.round(n / 1000)}k` : String(n));
const fmtMB = (mb) => (mb === undefined ? '' : String(Math.round(mb)));
const cell = (s) => String(s ?? '').replace(/\|/g, '\\|');

function result(r, goals) {
  if (r.skipped) return 'skipped';
  if (r.failed) return 'FAILED';
  if (r.pass === undefined) return goals && r.goalText ? '' : '—';
  return r.pass ? 'PASS' : 'FAIL';
}

/** Rows as an aligned Markdown table. `withDate` adds the date each row was measured. */
export function renderTable(rows, { goals = true, withDate = false } = {}) {
  const head = ['measurement', 'what', 'rows', 'median wall', 'rows/s', 'peak MB', 'ratio', 'goal', goals ? 'result' : 'result (quick: not checked)'];
  if (withDate) head.push('measured');
  const body = rows.map((r) => {
    const line = [
      r.id,
      r.what ?? '',
      fmtRows(r.rows),
      r.skipped ? '' : r.failed ? '' : fmtWall(r.wallMs),
      fmtRate(r.rowsPerSec),
      fmtMB(r.peakRssMB),
      r.baseline ? '1.00 (baseline)' : r.ratio !== undefined ? `${r.ratio.toFixed(2)}× ${r.vs}` : '',
      r.goalText ?? '',
      goals ? result(r, goals) : r.skipped ? 'skipped' : r.failed ? 'FAILED' : '—',
    ];
    if (withDate) line.push(r.date ?? '');
    return line.map(cell);
  });
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const fmt = (cols) => '| ' + cols.map((c, i) => c.padEnd(widths[i])).join(' | ') + ' |';
  return [fmt(head), '| ' + widths.map((w) => '-'.repeat(w)).join(' | ') + ' |', ...body.map(fmt)].join('\n');
}

const DATA_MARK = '<!-- bench-data ';

function previousData(text) {
  const i = text.lastIndexOf(DATA_MARK);
  if (i < 0) return undefined;
  const end = text.indexOf(' -->', i);
  try {
    return JSON.parse(text.slice(i + DATA_MARK.length, end));
  } catch {
    return undefined;
  }
}

/** The whole RESULTS.md: this run's rows merged over the previous rows of the same mode. */
export function renderResults(previousText, run) {
  const prev = previousData(previousText);
  const fresh = run.rows.map((r) => ({ ...r, date: run.date }));
  const ids = new Set(fresh.map((r) => r.id));
  const kept = prev && prev.mode === run.mode ? prev.rows.filter((r) => !ids.has(r.id)) : [];
  // Keep the original order of measurements: previous rows first in their place, new ones after.
  const order = prev && prev.mode === run.mode ? prev.rows.map((r) => r.id) : [];
  const all = [...kept, ...fresh].sort((a, b) => {
    const ia = order.indexOf(a.id), ib = order.indexOf(b.id);
    return (ia < 0 ? 1e9 : ia) - (ib < 0 ? 1e9 : ib);
  });
  const goals = run.mode === 'full';
  const m = run.machine;
  const details = all.filter((r) => r.info || r.failed || r.skipped).map((r) => `- **${r.id}**: ${[r.skipped && `skipped: ${r.skipped}`, r.failed && `failed: ${r.failed}`, r.info].filter(Boolean).join('; ')}`);
  const commands = all.filter((r) => r.command).map((r) => `- **${r.id}**: \`${r.command}\``);
  const notes = [...new Set([...(run.notes ?? []), ...(kept.length ? (prev.notes ?? []) : [])])];
  const lines = [
    '# Benchmark results',
    '',
    'Written by `node bench/run.mjs --write-results` (see `bench/README.md`); a change that slows the',
    'product down shows here in review. Reproduce with `npm run bench` (full, about 10–20 minutes on',
    '2 cores) or one measurement with `npm run bench -- --only NAME --write-results`.',
    '',
    `- **Last run**: ${run.date}, ${run.mode} mode, ${run.runs} paired runs per measurement (start-up: ${run.startupRuns}), medians shown`,
    `- **Machine**: ${m.cpu}, ${m.cores} cores, ${m.ramGB} GB RAM, ${m.os}`,
    `- **Software**: Node ${m.node}, sqlite3 ${m.sqlite3}`,
    `- **Memory**: peak resident set size of the measured process, by ${m.memory}`,
    '- **Ratio**: median wall time against the baseline of the same group, run alternately in the same script: `sqlite3 .import` of the same rows as CSV, or `node -e 0` for start-up',
    '',
    renderTable(all, { goals, withDate: true }),
    '',
  ];
  if (!goals) lines.push('Quick mode: small data, goals not checked.', '');
  if (details.length) lines.push('## Details', '', ...details, '');
  if (notes.length) lines.push('## Notes', '', ...notes.map((n) => `- ${n}`), '');
  if (commands.length) lines.push('## Commands', '', 'Paths relative to the repository; `$TMP` is a fresh temporary directory per run.', '', ...commands, '');
  lines.push(`${DATA_MARK}${JSON.stringify({ mode: run.mode, notes, rows: all })} -->`, '');
  return lines.join('\n');
}
