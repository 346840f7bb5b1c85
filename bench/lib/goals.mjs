// @ts-check
/**
 * The goals the full run checks (issue 13, round 2; the XLSX import goal of
 * issue 6 stays), as pure functions of the table rows: each gives PASS, FAIL
 * or "not measured" with the figure it judged. Ratios are those measured in
 * one run against the baseline run alternately with it (ratios of medians).
 */
import { SQLITE3_MISSING } from './tools.mjs';

const x = (n) => `${n.toFixed(2)}×`;
const mb = (n) => `${Math.round(n)} MB`;

/** A goal on a row's ratio against `node -e 0`; `basis` 'wall' or 'cpu'. */
function nodeRatio(id, row, limit, label, basis = 'wall', minRuns = 1) {
  return {
    id,
    row,
    text: `${label} ≤ ${limit}× \`node -e 0\`${basis === 'cpu' ? ' (CPU time)' : ''}${minRuns > 1 ? `, median of ≥ ${minRuns} paired runs` : ''}`,
    judge(r) {
      const ratio = basis === 'cpu' ? r.cpuRatio : r.ratio;
      if (ratio === undefined) return { missing: basis === 'cpu' ? 'no CPU time (GNU time missing?)' : 'no baseline in the same run' };
      if ((r.runs ?? 0) < minRuns) return { missing: `${r.runs} paired runs, at least ${minRuns} wanted` };
      return { value: `${x(ratio)}${basis === 'cpu' && r.ratio !== undefined ? ` (wall ${x(r.ratio)})` : ''}`, pass: ratio <= limit };
    },
  };
}

/** A goal on the ratio against `sqlite3 .import` and the peak memory. */
function sqliteRatio(id, row, limit, peakMB, label) {
  return {
    id,
    row,
    compass: peakMB === undefined,
    text: `${label} ≤ ${limit.toFixed(1)}× \`sqlite3 .import\`${peakMB ? `, ≤ ${peakMB} MB` : ''}`,
    judge(r) {
      if (r.ratio === undefined) return { missing: r.ratioMissing ?? SQLITE3_MISSING };
      const value = `${x(r.ratio)}${peakMB ? `, ${mb(r.peakRssMB)}` : ''}`;
      return { value, pass: r.ratio <= limit && (peakMB === undefined || r.peakRssMB <= peakMB) };
    },
  };
}

export const GOALS = [
  sqliteRatio('import-csv', 'import-csv', 3.0, 300, 'CSV import, 1M rows:'),
  sqliteRatio('import-csv-compass', 'import-csv', 2.0, undefined, 'compass (not a goal): CSV import'),
  {
    id: 'validate',
    row: 'validate',
    text: 'validate, 1M rows: ≥ 300,000 rows/s, ≤ 400 MB',
    judge: (r) => ({ value: `${Math.round(r.rowsPerSec).toLocaleString('en')} rows/s, ${mb(r.peakRssMB)}`, pass: r.rowsPerSec >= 300_000 && r.peakRssMB <= 400 }),
  },
  {
    id: 'report',
    row: 'report',
    text: 'monthly workbook, 400k members: ≤ 1.5× the bare exceljs streaming writer, ≤ 500 MB',
    judge: (r) =>
      r.vsWriter === undefined
        ? { missing: 'exceljs-write not measured in the same run' }
        : { value: `${x(r.vsWriter)}, ${mb(r.peakRssMB)}`, pass: r.vsWriter <= 1.5 && r.peakRssMB <= 500 },
  },
  nodeRatio('city-import', 'city-import', 5, 'city: `import` (30 files)'),
  nodeRatio('city-validate', 'city-validate', 5, 'city: `validate`'),
  nodeRatio('city-remap', 'city-remap', 5, 'city: `remap --auto`'),
  nodeRatio('city-report', 'city-report', 8, 'city: `report monthly`'),
  nodeRatio('city', 'city', 25, 'city: whole monthly job'),
  nodeRatio('startup', 'startup', 1.25, 'start-up: `roster --help`', 'cpu', 20),
  {
    id: 'import-xlsx',
    row: 'import-xlsx',
    issue: 6,
    text: 'XLSX import, 100k rows (issue 6): faster than the exceljs streaming reader, every character intact, ≤ 250 MB',
    judge: (r) =>
      r.vsReader === undefined
        ? { missing: 'exceljs-read not measured in the same run' }
        : { value: `${x(r.vsReader)}, ${r.intact ? 'intact' : 'NOT intact'}, ${mb(r.peakRssMB)}`, pass: r.vsReader < 1 && r.intact === true && r.peakRssMB <= 250 },
  },
];

/**
 * Judges every goal on `rows` (table rows, ratios derived). Returns
 * [{ id, text, compass, row, measured, result: 'PASS' | 'FAIL' | 'not measured', date }].
 */
export function checkGoals(rows, goals = GOALS) {
  const byId = new Map(rows.map((r) => [r.id, r]));
  return goals.map((g) => {
    const r = byId.get(g.row);
    const base = { id: g.id, text: g.text, compass: Boolean(g.compass), row: g.row, date: r?.date };
    if (!r) return { ...base, measured: 'not measured', result: 'not measured' };
    if (r.skipped) return { ...base, measured: `not measured (${r.skipped})`, result: 'not measured' };
    if (r.failed || r.wallMs === undefined) return { ...base, measured: `failed: ${r.failed ?? 'no figure'}`, result: 'FAIL' };
    const j = g.judge(r);
    if (j.missing) return { ...base, measured: j.missing.startsWith('not measured') ? j.missing : `not measured (${j.missing})`, result: 'not measured' };
    return { ...base, measured: j.value, result: j.pass ? 'PASS' : 'FAIL' };
  });
}

/** The goal verdict of a table row, for its `result` column (goals on it all PASS → PASS). */
export function rowVerdict(goalResults, id) {
  const mine = goalResults.filter((g) => g.row === id && !g.compass);
  if (mine.length === 0) return undefined;
  if (mine.some((g) => g.result === 'FAIL')) return 'FAIL';
  if (mine.every((g) => g.result === 'PASS')) return 'PASS';
  return 'not measured';
}
