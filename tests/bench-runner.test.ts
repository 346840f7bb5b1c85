/**
 * The benchmark runner's parts: measuring a child's wall time and peak
 * memory, reading a script's final JSON line, keeping RESULTS.md rows of
 * other measurements, and one small end-to-end run of the runner.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, tempDir } from './helpers/cli.js';
// @ts-expect-error plain ES module without type declarations
import { lastJsonLine, measure, median } from '../bench/lib/measure.mjs';
// @ts-expect-error plain ES module without type declarations
import { renderResults } from '../bench/lib/report.mjs';

const dir = tempDir('roster-bench-runner-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('bench/lib/measure.mjs', () => {
  it('measures wall time and the peak memory of a child that allocates 200 MB', async () => {
    const script = "const b = Buffer.alloc(200 * 1024 * 1024, 1); setTimeout(() => { console.log('progress'); console.log(JSON.stringify({ name: 'x', rows: 3, sum: b[5] })); }, 50);";
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

describe('bench/lib/report.mjs', () => {
  const machine = { cpu: 'Test CPU', cores: 2, ramGB: 8, node: 'v20', os: 'Linux x64', sqlite3: '3.40.1', memory: 'GNU time' };
  const run = (date: string, rows: object[]) => ({ date, mode: 'full', runs: 3, startupRuns: 20, machine, notes: [], rows });

  it('replaces the rows measured again and keeps the others with their date', () => {
    const first = renderResults('', run('2026-11-01', [
      { id: 'sqlite3', what: 'sqlite3 .import', rows: 1_000_000, wallMs: 2900, peakRssMB: 11, baseline: true },
      { id: 'csv-parse', what: 'csv-parse', rows: 1_000_000, wallMs: 6500, peakRssMB: 60, ratio: 2.24, vs: 'sqlite3' },
    ]));
    expect(first).toContain('| csv-parse ');
    expect(first).toContain('6.50 s');
    const second = renderResults(first, run('2026-11-02', [
      { id: 'sqlite3', what: 'sqlite3 .import', rows: 1_000_000, wallMs: 3000, peakRssMB: 11, baseline: true },
      { id: 'import-csv', what: 'roster import', rows: 1_000_000, wallMs: 5400, peakRssMB: 250, ratio: 1.8, vs: 'sqlite3', goalText: '≤ 2.0× sqlite3', pass: true },
    ]));
    const line = (id: string) => second.split('\n').find((l) => l.startsWith(`| ${id} `)) ?? '';
    expect(line('sqlite3')).toContain('3.00 s');
    expect(line('sqlite3')).toContain('2026-11-02');
    expect(line('csv-parse')).toContain('6.50 s');
    expect(line('csv-parse')).toContain('2026-11-01');
    expect(line('import-csv')).toContain('PASS');
    expect(line('import-csv')).toContain('1.80× sqlite3');
    // No absolute paths of the machine.
    expect(second).not.toMatch(/\/(root|home|work)\//);
  });
});

describe('bench/run.mjs', () => {
  it('runs one measurement in quick mode on freshly generated data and prints the table', () => {
    const data = path.join(dir, 'data');
    const r = spawnSync(process.execPath, [path.join(ROOT, 'bench', 'run.mjs'), '--quick', '--only', 'csv-parse', '--data', data, '--results-json', path.join(dir, 'results.json')], { encoding: 'utf8', cwd: ROOT });
    expect(r.status, r.stderr).toBe(0);
    expect(fs.statSync(path.join(data, 'r11k.csv')).size).toBeGreaterThan(1_000_000);
    const row = r.stdout.split('\n').find((l) => l.startsWith('| csv-parse '));
    expect(row).toBeDefined();
    expect(row).toContain('11k');
    expect(row).toMatch(/\d+ (ms|s)/);
    const saved = JSON.parse(fs.readFileSync(path.join(dir, 'results.json'), 'utf8'));
    expect(saved.mode).toBe('quick');
    expect(saved.rows.find((x: { id: string }) => x.id === 'csv-parse')).toMatchObject({ rows: 11_000, runs: 1 });
    if (fs.existsSync('/usr/bin/sqlite3') || spawnSync('sh', ['-c', 'command -v sqlite3']).status === 0) {
      expect(r.stdout).toMatch(/\| sqlite3 .*1\.00 \(baseline\)/);
      expect(row).toMatch(/\d+\.\d\d× sqlite3/);
    }
  });
});
