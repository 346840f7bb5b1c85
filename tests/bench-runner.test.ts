/**
 * The benchmark runner's parts: measuring a child (wall, CPU, peak memory,
 * final JSON line), the round-2 goals judged on synthetic rows, ratios of
 * medians, bench scripts' result lines, RESULTS.md merging and notes, and the
 * runner itself: `--list` starts nothing, a quick run never installs anything.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, tempDir } from './helpers/cli.js';
import { externalId, externalRows, scriptRows } from '../bench/lib/externals.mjs';
import { GOALS, checkGoals } from '../bench/lib/goals.mjs';
import { lastJsonLine, measure, median, parseTimeLine } from '../bench/lib/measure.mjs';
import { parseOptions } from '../bench/lib/options.mjs';
import { createNotes, mergeNotes, renderResults, rewriteResults, type Run } from '../bench/lib/results.mjs';
import type { Note, Row } from '../bench/lib/rows.mjs';
import { deriveRatios, spread } from '../bench/lib/runner.mjs';
import { SQLITE3_MISSING, findOnPath } from '../bench/lib/tools.mjs';

const dir = tempDir('roster-bench-runner-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const RUN_MJS = path.join(ROOT, 'bench', 'run.mjs');

describe('bench/lib/*.d.mts', () => {
  const libDir = path.join(ROOT, 'bench', 'lib');
  const typed = fs.readdirSync(libDir).filter((f) => f.endsWith('.d.mts') && fs.existsSync(path.join(libDir, f.replace(/\.d\.mts$/, '.mjs'))));

  it.each(typed)('%s declares exactly the values its module exports', async (file) => {
    const declared = [...fs.readFileSync(path.join(libDir, file), 'utf8').matchAll(/^export (?:function|const) (\w+)/gm)].map((m) => m[1]);
    const mod: Record<string, unknown> = await import(path.join(libDir, file.replace(/\.d\.mts$/, '.mjs')));
    expect(declared.sort()).toEqual(Object.keys(mod).sort());
  });
});

describe('typechecked scripts', () => {
  /** Every .mjs under `dir`, relative to the repository. */
  const scripts = (dir: string): string[] =>
    fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
      const rel = path.join(dir, e.name);
      if (e.isDirectory()) return e.name === 'data' || e.name === 'out' ? [] : scripts(rel);
      return e.name.endsWith('.mjs') ? [rel] : [];
    });
  const all = [...scripts('bench'), ...scripts('fixtures'), 'rolldown.config.mjs'];

  it('finds the bench scripts, their helpers, the fixture makers and the bundler configuration', () => {
    expect(all).toEqual(expect.arrayContaining(['bench/run.mjs', 'bench/lib/workspace.mjs', 'fixtures/sample/make-sample.mjs', 'rolldown.config.mjs']));
  });

  // tsconfig.bench.json checks only the files that ask for it (checkJs is off).
  it.each(all)('%s asks for // @ts-check before its code', (file) => {
    const head = fs.readFileSync(path.join(ROOT, file), 'utf8').split('\n').slice(0, 3);
    expect(head.some((l) => l.trim() === '// @ts-check')).toBe(true);
  });
});

describe('bench/lib/measure.mjs', () => {
  it('measures wall time and the peak memory of a child that allocates 200 MB', async () => {
    const script =
      "const b = Buffer.alloc(200 * 1024 * 1024, 1); setTimeout(() => { console.log('progress'); console.log(JSON.stringify({ name: 'x', rows: 3, sum: b[5] })); }, 50);";
    const r = await measure(process.execPath, ['-e', script]);
    expect(r.code).toBe(0);
    expect(r.wallMs).toBeGreaterThan(50);
    expect(r.peakRssMB).toBeGreaterThan(200);
    expect(r.peakRssMB).toBeLessThan(1000);
    expect(r.json).toEqual({ name: 'x', rows: 3, sum: 1 });
  });

  it('reports a failing child with its exit code and stderr', async () => {
    const r = await measure(process.execPath, ['-e', "console.error('broken input'); process.exit(2)"]);
    expect(r.code).toBe(2);
    expect(r.stderrTail).toContain('broken input');
    expect(r.json).toBeUndefined();
  });

  it('reads CPU time and peak memory from the last line of GNU time, not from its status lines', () => {
    expect(parseTimeLine('Command exited with non-zero status 1\n0.31 0.08 0.03 40116\n')).toEqual({ cpuMs: expect.closeTo(110, 6), peakKB: 40116 });
    expect(parseTimeLine('40116\n')).toBeUndefined();
  });

  it('takes the last JSON line of an output, ignoring text after it only when it is not JSON', () => {
    const f = path.join(dir, 'out.txt');
    fs.writeFileSync(f, 'starting\n{"name":"a","rows":1}\n[{"name":"b","rows":2}]\n');
    expect(lastJsonLine(f)).toEqual([{ name: 'b', rows: 2 }]);
    fs.writeFileSync(f, '{"name":"a","rows":1}\ndone\n');
    expect(lastJsonLine(f)).toEqual({ name: 'a', rows: 1 });
    fs.writeFileSync(f, 'no json here\n');
    expect(lastJsonLine(f)).toBeUndefined();
  });

  it('takes medians', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });
});

/** Rows of a full run in which every goal is met (`pass`) or every goal is missed by a little. */
function syntheticRows(pass: boolean): Row[] {
  const k = pass ? 0.98 : 1.02; // just under / just over each limit
  const node = { id: 'city-node', wallMs: 100, cpuMs: 80, baseline: true, runs: 12 };
  const city = (id: string, limit: number) => ({ id, wallMs: 100 * limit * k, cpuMs: 1, baselineId: 'city-node', runs: 3 });
  return deriveRatios([
    { id: 'sqlite3', rows: 1_000_000, wallMs: 3000, baseline: true },
    { id: 'import-csv', rows: 1_000_000, wallMs: 3000 * 3 * k, peakRssMB: 250, baselineId: 'sqlite3' },
    { id: 'validate', rows: 1_000_000, wallMs: (1_000_000 / 300_000) * 1000 * (pass ? 0.98 : 1.02), peakRssMB: 350, rowsPerSec: 300_000 / k },
    { id: 'exceljs-write', rows: 400_000, wallMs: 10_000 },
    { id: 'report', rows: 400_000, wallMs: 15_000 * k, peakRssMB: 450 },
    { id: 'exceljs-read', rows: 100_000, wallMs: 4000 },
    { id: 'import-xlsx', rows: 100_000, wallMs: 4000 * k, peakRssMB: 200, intact: true },
    node,
    { ...city('city', 25), cpuMs: 8000 },
    city('city-import', 5),
    city('city-validate', 5),
    city('city-remap', 5),
    city('city-report', 8),
    { id: 'node', wallMs: 120, cpuMs: 100, baseline: true, runs: 20 },
    // Wall time says the opposite of CPU time: the goal follows CPU time.
    { id: 'startup', wallMs: pass ? 200 : 120, cpuMs: 125 * k, baselineId: 'node', runs: 20 },
  ]);
}

describe('bench/lib/goals.mjs', () => {
  const result = (rows: Row[], id: string) => checkGoals(rows).find((g) => g.id === id);
  const goalIds = GOALS.filter((g) => !g.compass).map((g) => g.id);

  it('has the round-2 goals of issue 13 (and the XLSX goal of issue 6)', () => {
    expect(goalIds).toEqual(['import-csv', 'validate', 'report', 'city-import', 'city-validate', 'city-remap', 'city-report', 'city', 'startup', 'import-xlsx']);
  });

  it.each(goalIds)('%s: PASS just under its limit', (id) => {
    expect(result(syntheticRows(true), id)).toMatchObject({ result: 'PASS' });
  });

  it.each(goalIds)('%s: FAIL just over its limit', (id) => {
    expect(result(syntheticRows(false), id)).toMatchObject({ result: 'FAIL' });
  });

  it('fails the CSV import on memory alone, and shows the 2.0× compass beside the goal', () => {
    const rows = syntheticRows(true).map((r) => (r.id === 'import-csv' ? { ...r, ratio: 2.5, peakRssMB: 301 } : r));
    expect(result(rows, 'import-csv')).toMatchObject({ result: 'FAIL', measured: '2.50×, 301 MB' });
    expect(result(rows, 'import-csv-compass')).toMatchObject({ result: 'FAIL', compass: true });
    const fast = syntheticRows(true).map((r) => (r.id === 'import-csv' ? { ...r, ratio: 1.9 } : r));
    expect(result(fast, 'import-csv-compass')).toMatchObject({ result: 'PASS' });
  });

  it('fails validation and the workbook on memory alone', () => {
    const rows = syntheticRows(true).map((r) => (r.id === 'validate' ? { ...r, peakRssMB: 401 } : r.id === 'report' ? { ...r, peakRssMB: 501 } : r));
    expect(result(rows, 'validate')?.result).toBe('FAIL');
    expect(result(rows, 'report')?.result).toBe('FAIL');
  });

  it('judges start-up on CPU time and wants at least 20 paired runs', () => {
    const rows = syntheticRows(true);
    expect(result(rows, 'startup')?.measured).toMatch(/^1\.2\d× \(wall 1\.67×\)$/);
    const few = rows.map((r) => (r.id === 'startup' ? { ...r, runs: 5 } : r));
    expect(result(few, 'startup')).toMatchObject({ result: 'not measured', measured: 'not measured (5 paired runs, at least 20 wanted)' });
  });

  it('says "not measured" with the install hint when sqlite3 is missing, and for rows not measured at all', () => {
    const rows = deriveRatios([
      { id: 'sqlite3', skipped: 'sqlite3 missing: apt-get install sqlite3' },
      { id: 'import-csv', rows: 1_000_000, wallMs: 9000, peakRssMB: 250, baselineId: 'sqlite3' },
    ]);
    expect(rows[1]?.ratioMissing).toBe(SQLITE3_MISSING);
    expect(result(rows, 'import-csv')).toMatchObject({ result: 'not measured', measured: 'not measured (sqlite3 missing: apt-get install sqlite3)' });
    expect(result(rows, 'city')).toMatchObject({ result: 'not measured' });
  });

  it('counts a failed measurement as FAIL', () => {
    const rows = syntheticRows(true).map((r) => (r.id === 'city-remap' ? { id: r.id, failed: 'remap: exit 3' } : r));
    expect(result(rows, 'city-remap')).toMatchObject({ result: 'FAIL', measured: 'failed: remap: exit 3' });
  });
});

describe('bench/lib/runner.mjs deriveRatios', () => {
  it('divides medians by the baseline of the same run, wall and CPU, and names the baseline', () => {
    const rows = deriveRatios([
      { id: 'node', wallMs: 200, cpuMs: 100, baseline: true },
      { id: 'startup', wallMs: 300, cpuMs: 130, baselineId: 'node' },
      { id: 'exceljs-write', wallMs: 1000 },
      { id: 'report', wallMs: 1400, baselineId: 'sqlite3-report-rows' },
    ]);
    expect(rows[1]).toMatchObject({ ratio: 1.5, vs: 'node -e 0' });
    expect(rows[1]?.cpuRatio).toBeCloseTo(1.3);
    expect(rows[3]?.vsWriter).toBeCloseTo(1.4);
    expect(rows[3]?.ratio).toBeUndefined(); // its sqlite3 baseline was not run
  });

  it('measures the spread of samples as interquartile range over median', () => {
    expect(spread([100, 100, 100, 100])).toBe(0);
    expect(spread([150, 470, 310, 210, 330])).toBeCloseTo((330 - 210) / 310);
  });
});

describe('bench/lib/externals.mjs', () => {
  const opts = { command: 'node bench/x.mjs', timeoutMs: 20_000, quick: false };
  const r = { code: 0, peakRssMB: 70, stderrTail: '', lastLine: undefined, timedOut: false };

  it('reads a script result under bench:NAME, with its goal verdict and other fields as details', () => {
    const rows = externalRows('workbook', { ...r, json: { name: 'workbook', rows: 400_000, wallMs: 8000, peakRssMB: 300, ratioVsWriter: 1.4, goal: '<= 1.5x', pass: true } }, opts);
    expect(rows).toEqual([
      expect.objectContaining({ id: 'bench:workbook', script: 'workbook', rows: 400_000, rowsPerSec: 50_000, pass: true, goalText: '<= 1.5x', info: 'ratioVsWriter: 1.4' }),
    ]);
    expect(externalId('validate', 'validate-engine')).toBe('bench:validate:validate-engine');
  });

  it('suggests to each script the size its goal speaks of, and 11,000 rows in quick mode', () => {
    expect(['annotated', 'csv-reader', 'import-profile', 'import-staging', 'validate', 'workbook', 'xlsx-reader'].map((s) => scriptRows(s, false))).toEqual([
      200_000, 1_000_000, 1_000_000, 200_000, 1_000_000, 400_000, 100_000,
    ]);
    expect(scriptRows('annotated', true)).toBe(11_000);
  });

  it('turns a missing JSON line into one failed row of the script, and a skipped result into a skipped row', () => {
    const failed = externalRows('validate', { ...r, json: undefined, lastLine: 'findings: 3' }, opts);
    expect(failed).toEqual([expect.objectContaining({ id: 'bench:validate', script: 'validate', failed: expect.stringContaining('its last line: "findings: 3"') })]);
    const skipped = externalRows('import-profile', { ...r, json: { name: 'import-profile', skipped: 'sqlite3 missing' } }, opts);
    expect(skipped[0]).toMatchObject({ id: 'bench:import-profile', skipped: 'sqlite3 missing', wallMs: undefined });
  });
});

describe('bench scripts of the other parts', () => {
  // These three once left a table line last, so the runner filed them as failed.
  it.each(['validate', 'workbook', 'csv-reader'])('bench/%s.mjs ends its output with its JSON result in quick mode', async (script) => {
    const r = await measure(process.execPath, [path.join(ROOT, 'bench', `${script}.mjs`), '--data', path.join(dir, 'script-data'), '--rows', '2000', '--quick'], { cwd: ROOT });
    expect(r.code, r.stderrTail).toBe(0);
    const rows = externalRows(script, r, { command: script, timeoutMs: 20_000, quick: true });
    expect(rows).toHaveLength(1);
    expect(rows[0]?.failed).toBeUndefined();
    expect(rows[0]?.script).toBe(script);
    expect(rows[0]?.rows).toBeGreaterThanOrEqual(2000);
    expect(rows[0]?.wallMs).toBeGreaterThan(0);
  });
});

describe('bench/lib/results.mjs', () => {
  const machine = { cpu: 'Test CPU', cores: 2, ramGB: 8, node: 'v20', os: 'Linux x64', sqlite3: '3.40.1', memory: 'GNU time' };
  const run = (date: string, rows: Row[], extra: Partial<Run> = {}): Run => ({
    date,
    mode: 'full',
    command: 'node bench/run.mjs --write-results',
    runs: 3,
    startupRuns: 20,
    machine,
    notes: [],
    rows,
    ...extra,
  });
  const line = (text: string, id: string) => text.split('\n').find((l) => l.startsWith(`| ${id} `)) ?? '';

  it('writes one header with date, machine, software and command, and the goals with PASS / FAIL', () => {
    const text = renderResults('', run('2026-12-01', syntheticRows(true), { software: { exceljs: '4.4.0' } }));
    expect(text.match(/^# /gm)).toHaveLength(1);
    expect(text).toContain('- **Date**: 2026-12-01');
    expect(text).toContain('- **Command**: `node bench/run.mjs --write-results`, full mode');
    expect(text).toContain('- **Machine**: Test CPU, 2 cores, 8 GB RAM, Linux x64');
    expect(text).toContain('- **Software**: Node v20, sqlite3 3.40.1, exceljs 4.4.0');
    expect(text).toMatch(/start-up \(CPU time/);
    const goals = text.slice(text.indexOf('## Goals'), text.indexOf('## Measurements'));
    expect(goals.match(/\| PASS /g)).toHaveLength(10);
    expect(line(text, 'city-report')).toContain('7.84× node -e 0');
    expect(line(text, 'city-report')).toContain('PASS');
    const failing = renderResults('', run('2026-12-01', syntheticRows(false)));
    expect(failing.slice(failing.indexOf('## Goals'), failing.indexOf('## Measurements')).match(/\| FAIL /g)).toHaveLength(10);
  });

  it('rewrites everything after a run of everything, and replaces only the measured rows after --only', () => {
    const first = renderResults(
      '',
      run('2026-11-01', [
        { id: 'sqlite3', what: 'sqlite3 .import', rows: 1_000_000, wallMs: 2900, peakRssMB: 11, baseline: true },
        { id: 'csv-parse', what: 'csv-parse', rows: 1_000_000, wallMs: 6500, peakRssMB: 60, ratio: 2.24, vs: 'sqlite3', baselineId: 'sqlite3' },
      ]),
    );
    const partial = renderResults(
      first,
      run(
        '2026-11-02',
        [
          { id: 'sqlite3', what: 'sqlite3 .import', rows: 1_000_000, wallMs: 3000, peakRssMB: 11, baseline: true },
          { id: 'import-csv', what: 'roster import', rows: 1_000_000, wallMs: 5400, peakRssMB: 250, ratio: 1.8, vs: 'sqlite3', baselineId: 'sqlite3' },
        ],
        { only: ['import-csv'] },
      ),
    );
    expect(line(partial, 'sqlite3')).toContain('3.00 s');
    expect(line(partial, 'sqlite3')).toContain('2026-11-02');
    expect(line(partial, 'csv-parse')).toContain('6.50 s');
    expect(line(partial, 'csv-parse')).toContain('2026-11-01');
    expect(line(partial, 'import-csv')).toContain('1.80× sqlite3');
    expect(line(partial, 'import-csv')).toContain('PASS');
    expect(partial).toContain('(partial run: import-csv;');
    const whole = renderResults(partial, run('2026-11-03', [{ id: 'sqlite3', rows: 1_000_000, wallMs: 3100, baseline: true }]));
    expect(line(whole, 'csv-parse')).toBe('');
    // No absolute paths of the machine.
    expect(partial).not.toMatch(/\/(root|home|work)\//);
  });

  it('replaces a failed bench script row when the script is measured again under its result name', () => {
    const before = renderResults(
      '',
      run('2026-11-01', [{ id: 'bench:validate', script: 'validate', failed: 'no JSON line at the end of its output (see bench/README.md)' }], {
        notes: [{ key: 'row:bench:validate', text: 'bench:validate: no JSON line', row: 'bench:validate' }],
      }),
    );
    expect(before).toContain('FAILED');
    const after = renderResults(
      before,
      run('2026-11-02', [{ id: 'bench:validate:validate-engine', script: 'validate', rows: 1_000_000, wallMs: 6000 }], { only: ['bench:validate'] }),
    );
    expect(after).not.toContain('FAILED');
    expect(after).not.toContain('no JSON line');
    expect(line(after, 'bench:validate:validate-engine')).toContain('6.00 s');
  });

  it('drops the stale failures and repeated notes an older runner left in the file', () => {
    const old = `<!-- bench-data ${JSON.stringify({
      mode: 'full',
      notes: [
        'Report database: 400,000 rows imported once before the report runs (10.5 s, 205 MB).',
        'Report database: 400,000 rows imported once before the report runs (14.8 s, 204 MB).',
        'bench:workbook: no JSON line at the end of its output (see bench/README.md)',
        'A note that stays.',
        'A note that stays.',
      ],
      rows: [
        { id: 'report', rows: 400_000, wallMs: 24_000, date: '2026-11-28' },
        { id: 'bench:workbook', failed: 'no JSON line at the end of its output', date: '2026-11-28' },
        { id: 'bench:workbook:workbook', rows: 400_000, wallMs: 18_000, date: '2026-11-28' },
        { id: 'bench:csv-reader', failed: 'no JSON line at the end of its output', date: '2026-11-28' },
      ],
    })} -->`;
    const written = renderResults(old, run('2026-12-01', [{ id: 'startup', wallMs: 150 }], { only: ['startup'] }));
    const text = written.slice(0, written.indexOf('<!-- bench-data'));
    expect(text).not.toContain('FAILED');
    expect(text).not.toContain('no JSON line');
    expect(line(text, 'report')).toContain('24.00 s');
    expect(line(text, 'bench:workbook:workbook')).toContain('18.00 s');
    expect(text.match(/Report database/g)).toHaveLength(1);
    expect(text).toContain('(14.8 s, 204 MB)');
    expect(text.match(/- A note that stays\./g)).toHaveLength(1);
  });

  /** A file as an older runner left it: a hand-written paragraph in the header, a failed script row beside its later result, a note repeated by each partial run. */
  const STALE_PARAGRAPH = 'These figures predate the round-2 goals';
  const legacyFile = [
    '# Benchmark results',
    '',
    `> **${STALE_PARAGRAPH} (issue 13) and the current runner.** The three \`FAILED\` rows are stale.`,
    '',
    '- **Last run**: 2026-11-28, full mode, 3 paired runs per measurement (start-up: 20), medians shown',
    '- **Machine**: Old CPU, 2 cores, 23.5 GB RAM, Linux x64',
    '- **Software**: Node v20.20.2, sqlite3 3.40.1',
    '- **Memory**: peak resident set size of the measured process, by GNU time (max RSS)',
    '',
    '| bench:validate | bench/validate.mjs | | | | | | | FAILED | 2026-11-28 |',
    '',
    `<!-- bench-data ${JSON.stringify({
      mode: 'full',
      notes: [
        'Report database: 400,000 rows imported once before the report runs (10.5 s, 205 MB).',
        'Report database: 400,000 rows imported once before the report runs (10.8 s, 202 MB).',
        'bench:validate: no JSON line at the end of its output (see bench/README.md)',
      ],
      rows: [
        { id: 'sqlite3', rows: 1_000_000, wallMs: 2900, baseline: true, date: '2026-11-28' },
        { id: 'report', rows: 400_000, wallMs: 24_000, date: '2026-11-28' },
        { id: 'bench:validate', failed: 'no JSON line at the end of its output (see bench/README.md)', date: '2026-11-28' },
        { id: 'bench:validate:validate-engine', rows: 1_000_000, wallMs: 6000, date: '2026-11-28' },
        { id: 'bench:csv-reader', failed: 'no JSON line at the end of its output (see bench/README.md)', date: '2026-11-28' },
      ],
    })} -->`,
    '',
  ].join('\n');
  const knownIds = ['sqlite3', 'csv-parse', 'import-csv', 'report', 'node', 'startup', 'bench:csv-reader', 'bench:validate'];
  const body = (written: string) => written.slice(0, written.indexOf('<!-- bench-data'));
  /** What must not survive any write: the failed row, its note, a repeated note, the hand-written paragraph. */
  const expectClean = (written: string) => {
    const text = body(written);
    expect(text).not.toContain('FAILED');
    expect(text).not.toContain('no JSON line');
    expect(text).not.toContain(STALE_PARAGRAPH);
    expect(text).not.toContain('Last run');
    expect(text.match(/^# /gm)).toHaveLength(1);
    expect(text.match(/Report database/g) ?? []).toHaveLength(text.includes('Report database') ? 1 : 0);
  };

  it('a run of everything replaces the file whole: no row, note, run or paragraph of the old file survives', () => {
    const written = renderResults(legacyFile, run('2026-12-02', [{ id: 'startup', wallMs: 150 }], { knownIds, started: '2026-12-02T03:00:00Z' }));
    expectClean(written);
    expect(body(written)).not.toContain('2026-11-28');
    expect(body(written)).not.toContain('Report database');
    expect(body(written)).not.toContain('Rows kept from earlier runs');
    expect(line(written, 'startup')).toContain('2026-12-02');
  });

  it('a partial run keeps the old figures clean, with the date, machine and command of the run that measured them', () => {
    const written = renderResults(legacyFile, run('2026-12-02', [{ id: 'startup', wallMs: 150 }], { knownIds, only: ['startup'], started: '2026-12-02T03:00:00Z' }));
    expectClean(written);
    expect(line(written, 'report')).toContain('2026-11-28');
    expect(line(written, 'bench:validate:validate-engine')).toContain('6.00 s');
    expect(body(written)).toContain('- **Rows kept from earlier runs**');
    expect(body(written)).toContain(
      '  - 2026-11-28: command not recorded (an older runner), full mode, 3 paired runs per measurement (start-up: 20), medians shown; Old CPU, 2 cores',
    );
    // A second partial run keeps the first one's record for the rows it measured.
    const again = renderResults(written, run('2026-12-03', [{ id: 'sqlite3', wallMs: 3000, baseline: true }], { knownIds, only: ['sqlite3'], started: '2026-12-03T03:00:00Z' }));
    expectClean(again);
    expect(body(again)).toContain('  - 2026-12-02: `node bench/run.mjs --write-results`, full mode, 3 paired run(s)');
    expect(body(again)).toContain('Old CPU');
  });

  it('writes the same bytes for the same inputs, and again over its own output; rows in the catalogue order, not the order of the runs', () => {
    const partial = (id: string, date: string) => run(date, [{ id, wallMs: 150 }], { knownIds, only: [id], started: `${date}T03:00:00Z` });
    const once = renderResults(legacyFile, partial('startup', '2026-12-02'));
    expect(renderResults(legacyFile, partial('startup', '2026-12-02'))).toBe(once);
    expect(renderResults(once, partial('startup', '2026-12-02'))).toBe(once);
    const ids = (text: string) => [...text.slice(text.indexOf('## Measurements')).matchAll(/^\| ([a-z][\w:-]*) +\|/gm)].map((m) => m[1]).filter((id) => id !== 'measurement');
    expect(ids(body(once))).toEqual(['sqlite3', 'report', 'startup', 'bench:validate:validate-engine']);
    const startupThenNode = renderResults(once, partial('node', '2026-12-03'));
    const nodeThenStartup = renderResults(renderResults(legacyFile, partial('node', '2026-12-02')), partial('startup', '2026-12-03'));
    expect(ids(body(startupThenNode))).toEqual(['sqlite3', 'report', 'node', 'startup', 'bench:validate:validate-engine']);
    expect(ids(body(nodeThenStartup))).toEqual(ids(body(startupThenNode)));
  });

  it('--rewrite-results writes the stored rows again, cleaned, measuring nothing; twice gives the same bytes', () => {
    const written = rewriteResults(legacyFile, knownIds) ?? '';
    expectClean(written);
    expect(body(written)).toContain('- **Date**: 2026-11-28 (written again from the rows the file stores');
    expect(body(written)).toContain('- **Machine**: Old CPU, 2 cores, 23.5 GB RAM, Linux x64');
    expect(body(written)).toContain('(10.8 s, 202 MB)');
    expect(line(written, 'report')).toContain('24.00 s');
    expect(rewriteResults(written, knownIds)).toBe(written);
    expect(rewriteResults('# no data here', knownIds)).toBeUndefined();
  });
});

describe('notes', () => {
  it('a note measured again replaces the old one; identical notes appear once; a note of a row no longer shown goes', () => {
    const prev: Note[] = [
      { key: 'report-db', text: 'Report database: imported in 10.5 s.' },
      { key: 'skip:report', text: 'report: skipped (not built).', row: 'report' },
      { key: 'x', text: 'same words' },
      { key: 'y', text: 'same words' },
    ];
    const merged = mergeNotes(prev, [{ key: 'report-db', text: 'Report database: imported in 11.0 s.' }], new Set(['sqlite3']));
    expect(merged.map((n) => n.text)).toEqual(['same words', 'Report database: imported in 11.0 s.']);
    expect(mergeNotes(prev, [], new Set(['report'])).map((n) => n.key)).toContain('skip:report');
  });

  it('the collector of one run keeps the last text of each key', () => {
    const notes = createNotes();
    notes.note('template', 'first');
    notes.note('sqlite3', 'missing');
    notes.note('template', 'second');
    expect(notes.list()).toEqual([
      { key: 'sqlite3', text: 'missing' },
      { key: 'template', text: 'second' },
    ]);
  });
});

describe('bench/run.mjs', () => {
  /** A PATH holding only `apt-get` and `sh` that leave a mark when started: no sqlite3 on it. */
  function trapPath(name: string) {
    const bin = path.join(dir, name);
    const mark = path.join(dir, `${name}.started`);
    fs.mkdirSync(bin, { recursive: true });
    for (const prog of ['apt-get', 'sh']) {
      fs.writeFileSync(path.join(bin, prog), `#!/bin/sh\necho "${prog} $*" >> ${JSON.stringify(mark)}\nexit 1\n`, { mode: 0o755 });
    }
    return { PATH: bin, mark };
  }

  it('parses options without touching anything: the start-up goal keeps at least 20 runs', () => {
    expect(parseOptions(['--runs', '3'], ROOT)).toMatchObject({ runs: 3, startupRuns: 20, quick: false });
    expect(parseOptions(['--quick'], ROOT)).toMatchObject({ runs: 1, startupRuns: 3 });
    expect(() => parseOptions(['--runs', 'two'], ROOT)).toThrow(/--runs/);
  });

  it('--list and --help start no process, create no file and need no sqlite3', () => {
    const { PATH, mark } = trapPath('list-bin');
    expect(findOnPath('sqlite3', PATH)).toBeUndefined();
    // A preload that records every child_process call, and an empty TMPDIR that must stay empty.
    const spawned = path.join(dir, 'list-spawned.txt');
    const preload = path.join(dir, 'record-spawns.mjs');
    fs.writeFileSync(
      preload,
      `import cp from 'node:child_process'; import fs from 'node:fs'; import { syncBuiltinESMExports } from 'node:module';
for (const k of ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork']) { const o = cp[k]; cp[k] = (...a) => { fs.appendFileSync(${JSON.stringify(spawned)}, k + ' ' + String(a[0]) + '\\n'); return o(...a); }; }
syncBuiltinESMExports();\n`,
    );
    // The preload does see a spawn through a named import (as the runner's modules make them).
    spawnSync(process.execPath, ['--import', preload, '--input-type=module', '-e', "import { spawnSync } from 'node:child_process'; spawnSync(process.execPath, ['-e', '0']);"]);
    expect(fs.readFileSync(spawned, 'utf8')).toMatch(/^spawnSync /);
    fs.rmSync(spawned);
    const tmp = path.join(dir, 'list-tmp');
    fs.mkdirSync(tmp);
    const env = { PATH, HOME: dir, TMPDIR: tmp };
    const t0 = performance.now();
    const list = spawnSync(process.execPath, ['--import', preload, RUN_MJS, '--list'], { encoding: 'utf8', env });
    const help = spawnSync(process.execPath, ['--import', preload, RUN_MJS, '--help'], { encoding: 'utf8', env });
    expect(performance.now() - t0).toBeLessThan(10_000);
    expect(fs.existsSync(spawned) ? fs.readFileSync(spawned, 'utf8') : '').toBe('');
    expect(fs.readdirSync(tmp)).toEqual([]);
    expect(list.status, list.stderr).toBe(0);
    expect(list.stderr).toBe('');
    for (const id of ['import-csv', 'validate', 'report', 'city-import', 'city-validate', 'city-remap', 'city-report', 'startup', 'bench:validate'])
      expect(list.stdout).toMatch(new RegExp(`^${id} `, 'm'));
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('--quick');
    expect(fs.existsSync(mark)).toBe(false);
  });

  it('--rewrite-results rewrites the file from its stored rows without starting a process', () => {
    const md = path.join(dir, 'RESULTS-rewrite.md');
    const stored = {
      mode: 'full',
      notes: ['A note.', 'A note.'],
      rows: [
        { id: 'bench:csv-reader', failed: 'no JSON line', date: '2026-11-28' },
        { id: 'node', wallMs: 100, date: '2026-11-28' },
      ],
    };
    fs.writeFileSync(md, `# Benchmark results\n\nA stale paragraph.\n\n<!-- bench-data ${JSON.stringify(stored)} -->\n`);
    const r = spawnSync(process.execPath, [RUN_MJS, '--rewrite-results', '--results-md', md], { encoding: 'utf8', env: { PATH: '' } });
    expect(r.status, r.stderr).toBe(0);
    const text = fs.readFileSync(md, 'utf8');
    expect(text).not.toContain('A stale paragraph');
    expect(text).not.toContain('FAILED');
    expect(text.match(/- A note\./g)).toHaveLength(1);
    expect(text).toMatch(/^\| node +\|/m);
  });

  it('runs in quick mode on fresh data without sqlite3 and never calls apt-get; the ratios say why they are missing', () => {
    const { PATH, mark } = trapPath('quick-bin');
    const data = path.join(dir, 'data');
    const md = path.join(dir, 'RESULTS.md');
    const json = path.join(dir, 'results.json');
    const r = spawnSync(process.execPath, [RUN_MJS, '--quick', '--only', 'csv-parse', '--data', data, '--results-json', json, '--write-results', '--results-md', md], {
      encoding: 'utf8',
      cwd: ROOT,
      env: { PATH, HOME: dir },
    });
    expect(r.status, r.stderr).toBe(0);
    expect(fs.existsSync(mark)).toBe(false);
    expect(fs.statSync(path.join(data, 'r11k.csv')).size).toBeGreaterThan(1_000_000);
    const row = r.stdout.split('\n').find((l) => l.startsWith('| csv-parse '));
    expect(row).toContain('11k');
    expect(row).toMatch(/\d+ (ms|s)/);
    expect(row).toContain(SQLITE3_MISSING);
    const saved = JSON.parse(fs.readFileSync(json, 'utf8'));
    expect(saved.mode).toBe('quick');
    expect(saved.rows.find((x: Row) => x.id === 'csv-parse')).toMatchObject({ rows: 11_000, runs: 1, ratioMissing: SQLITE3_MISSING });
    expect(saved.rows.find((x: Row) => x.id === 'sqlite3')).toMatchObject({ skipped: 'sqlite3 missing: apt-get install sqlite3' });
    const written = fs.readFileSync(md, 'utf8');
    const text = written.slice(0, written.indexOf('<!-- bench-data'));
    expect(text).toContain('Quick mode: small data');
    expect(text).not.toContain('## Goals');
    expect(text).toMatch(/- \*\*Command\*\*: `node bench\/run\.mjs --quick --only csv-parse --data <path> /);
    expect(text.match(/sqlite3 is not installed/g)).toHaveLength(1);
  });
});
