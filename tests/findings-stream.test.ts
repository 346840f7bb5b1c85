/**
 * Findings stream to their outputs: the sorter that spills to a scratch file
 * gives the order an in-memory stable sort gives and deletes its file; the
 * JSON of a spilled run is the Report validatePeriod holds in memory; the
 * table grouped by spilled sorts is the table grouped in memory.
 */
import { defined, at as elementAt } from './helpers/defined.js';
import fs from 'node:fs';
import os from 'node:os';
import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import { jsonChunks } from '../src/findings/json.js';
import { jsonWriter } from '../src/findings/json-writer.js';
import { csvChunks } from '../src/findings/csv.js';
import { SpillSorter } from '../src/findings/spill.js';
import { compareFindings } from '../src/findings/order.js';
import { FindingsCollector, streamOf } from '../src/findings/stream.js';
import { suggestionText } from '../src/findings/suggestion.js';
import { SEVERITY_LABEL, tableChunks } from '../src/findings/table.js';
import { runRules, validatePeriod } from '../src/rules/engine.js';
import { RULES } from '../src/rules/registry.js';
import { makeReport, type Finding, type Report, type Severity } from '../src/rules/types.js';
import { openStore } from '../src/store/db.js';
import { roster } from './helpers/cli.js';
import { sampleDb } from './helpers/seed.js';

const scratch = () => fs.readdirSync(os.tmpdir()).filter((n) => n.startsWith(`.roster-${process.pid}-`));

/** Deterministic pseudo-random numbers. */
function rng(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    return s / 0x7fffffff;
  };
}

function randomFindings(n: number): Finding[] {
  const rnd = rng(7);
  const pick = <T>(a: readonly T[]): T => elementAt(a, Math.floor(rnd() * a.length));
  const sevs: Severity[] = ['error', 'warning', 'info'];
  return Array.from({ length: n }, (_, i) => {
    const f: Finding = { rule: pick(RULES.slice(0, 6)).id, severity: pick(sevs), message: `message ${Math.floor(rnd() * 4)} «é»`, value: i % 5 ? `v${i}` : null };
    const file = pick(['a.csv', 'b.xlsx', 'c.csv', undefined]);
    if (file) f.source = { file, row: 2 + Math.floor(rnd() * 400), ...(i % 3 ? { cell: `C${i}` } : {}) };
    if (i % 7 === 0) f.suggestion = { value: `s${i % 3}` };
    return f;
  });
}

/** The table as it was grouped in memory before it streamed: the yardstick. */
function tableInMemory(report: Report, rows: number): string {
  const chalk = new Chalk({ level: 0 });
  const lines: string[] = [];
  const groups = new Map<string, Map<string, Map<string, Finding[]>>>((['error', 'warning', 'info'] as const).map((s) => [s, new Map()]));
  for (const f of report.findings) {
    const byFile = defined(groups.get(f.severity), f.severity);
    const file = f.source?.file ?? '(no file)';
    if (!byFile.has(file)) byFile.set(file, new Map());
    const rules = defined(byFile.get(file), file);
    if (!rules.has(f.rule)) rules.set(f.rule, []);
    defined(rules.get(f.rule), f.rule).push(f);
  }
  for (const sev of ['error', 'warning', 'info'] as const) {
    const byFile = defined(groups.get(sev), sev);
    if (byFile.size === 0) continue;
    lines.push(`${SEVERITY_LABEL.en[sev]} (${report.counts[sev]})`);
    for (const [file, rules] of byFile) {
      lines.push(`  ${file}`);
      for (const [rule, list] of rules) {
        lines.push(`    ${rule} (${list.length})`);
        const same = new Map<string, { cells: string[]; f: Finding }>();
        for (const f of list) {
          const k = `${f.message}\u0001${suggestionText(f.suggestion)}`;
          const at = f.source?.cell ?? (f.source?.row !== undefined ? `row ${f.source.row}` : '');
          const g = same.get(k);
          if (g) g.cells.push(at);
          else same.set(k, { cells: [at], f });
        }
        for (const { cells, f } of same.values()) {
          const s = suggestionText(f.suggestion);
          const at = cells.length > 6 ? `${cells.slice(0, 5).join(', ')}, … ${cells[cells.length - 1]} (${cells.length})` : cells.join(', ');
          if (at) lines.push(`      ${chalk.dim(at)}`);
          lines.push(`        ${f.message}${s ? ` → ${s}` : ''}`);
        }
      }
    }
    lines.push('');
  }
  const c = report.counts;
  lines.push(`Period ${report.period}: ${rows} rows; ${c.error} errors, ${c.warning} warnings, ${c.info} notes.`);
  if (c.error > 0)
    lines.push('Fix the errors in the source files and import them again; for merged units run "roster remap". Annotated workbook: roster validate --format xlsx -o errors.xlsx');
  else if (report.findings.length === 0) lines.push('No problems found.');
  return lines.map((l) => `${l}\n`).join('');
}

describe('the sorter that spills to disk', () => {
  it('gives the order of a stable in-memory sort, can be read twice, and deletes its scratch file', () => {
    const rnd = rng(3);
    const items = Array.from({ length: 5000 }, (_, i) => ({ k: Math.floor(rnd() * 50), i, t: `é\n"${i}"` }));
    const cmp = (a: { k: number }, b: { k: number }) => a.k - b.k;
    const sorter = new SpillSorter(cmp, 97);
    for (const x of items) sorter.add(x);
    const expected = [...items].sort(cmp);
    expect([...sorter.sorted()]).toEqual(expected);
    expect([...sorter.sorted()]).toEqual(expected);
    const files = scratch();
    expect(files.length).toBe(1);
    expect(fs.statSync(`${os.tmpdir()}/${files[0]}`).mode & 0o777).toBe(0o600);
    sorter.dispose();
    expect(scratch()).toEqual([]);
  });

  it('keeps a batch that never fills in memory, with no file', () => {
    const sorter = new SpillSorter((a: number, b: number) => a - b, 100);
    for (const x of [5, 3, 9, 1]) sorter.add(x);
    expect([...sorter.sorted()]).toEqual([1, 3, 5, 9]);
    expect(scratch()).toEqual([]);
    sorter.dispose();
  });
});

describe('a batch bounded by weight', () => {
  it('the sorter spills a batch once its items weigh the budget, not before', () => {
    const budget = { weigh: (x: { t: string }) => x.t.length, bytes: 1000 };
    const light = new SpillSorter((a: { k: number; t: string }, b: { k: number; t: string }) => a.k - b.k, 1_000_000, budget);
    for (let i = 0; i < 9; i++) light.add({ k: 9 - i, t: 'x'.repeat(100) });
    expect(scratch()).toEqual([]);
    expect([...light.sorted()].map((x) => x.k)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    light.dispose();
    const heavy = new SpillSorter((a: { k: number; t: string }, b: { k: number; t: string }) => a.k - b.k, 1_000_000, budget);
    for (let i = 0; i < 25; i++) heavy.add({ k: 25 - i, t: 'x'.repeat(100) });
    expect(scratch().length).toBe(1);
    expect([...heavy.sorted()].map((x) => x.k)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    heavy.dispose();
  });

  it("the collector sorts a city's findings in memory and spills findings with long texts, in the same order either way", () => {
    const small = randomFindings(20_000);
    const inMemory = new FindingsCollector();
    for (const f of small) inMemory.add(structuredClone(f));
    const expected = makeReport('2026-11', [...inMemory.stream('2026-11').findings()]);
    expect(scratch()).toEqual([]);
    expect(expected.findings.length).toBe(20_000);
    const spilled = new FindingsCollector(undefined, 64);
    for (const f of small) spilled.add(structuredClone(f));
    expect([...spilled.stream('2026-11').findings()]).toEqual(expected.findings);
    spilled.dispose();
    inMemory.dispose();
    // 300 findings quoting 40,000 characters each weigh 24 MB by findingWeight: more than one batch.
    const long = randomFindings(300).map((f, i) => ({ ...f, message: `${i % 7} ${'é'.repeat(40_000)}` }));
    const heavy = new FindingsCollector();
    for (const f of long) heavy.add(f);
    expect(scratch().length).toBe(1);
    const order = [...heavy.stream('2026-11').findings()].map((f) => f.message.slice(0, 2));
    expect(order).toEqual([...long].sort(compareFindings).map((f) => f.message.slice(0, 2)));
    heavy.dispose();
    expect(scratch()).toEqual([]);
  });
});

/** Findings whose files, rows and texts test the key kept beside a spilled finding: quotes, spaces, tabs, newlines, lone surrogates, no file, no row, unknown rules. */
function awkwardFindings(n: number): Finding[] {
  const rnd = rng(11);
  const pick = <T>(a: readonly T[]): T => elementAt(a, Math.floor(rnd() * a.length));
  const files = ['a.csv', 'a.csv ', 'a b.csv', 'a\tb.csv', 'dòng\nhai.xlsx', 'q"uote\\.csv', '\ud800x.csv', '\uffff', '', 'A.csv', undefined];
  const rules = [...RULES.map((r) => r.id), 'no.such.rule'];
  return Array.from({ length: n }, (_, i) => {
    const f: Finding = { rule: pick(rules), severity: pick(['error', 'warning', 'info'] as const), message: pick(['m', 'm\tx', 'é "q"', '\u2028', '\ud83d']) };
    if (i % 4) f.value = pick([null, '', 'v\n', `${i}`]);
    const file = pick(files);
    if (file !== undefined) f.source = { file, ...(rnd() < 0.8 ? { row: pick([0, 1, 2, 3, 10, 99, 100, 1e6]) } : {}), ...(i % 3 ? { cell: `C${i}` } : {}) };
    if (i % 5 === 0) f.suggestion = { value: pick(['s', 's t', '"']) };
    // Suggestions shared by consecutive findings, as a ward's rows share one; a key whose value JSON leaves out.
    else if (i % 5 === 1) f.suggestion = pick(SHARED);
    if (i % 11 === 0) f.value = undefined;
    return f;
  });
}

const SHARED = [
  { candidates: [{ code: '26737', name: 'Phường "Tân" Định', vintage: '2025-07-01', kind: 'full' as const }] },
  { value: 'é\u2028' },
  { text: 'x', value: undefined },
];

describe('findings spilled with their sort keys', () => {
  it('the JSON writer writes what JSON.stringify writes, shared objects and texts included', () => {
    const json = jsonWriter();
    const findings = awkwardFindings(3000);
    for (const f of [...findings, ...findings]) expect(json(f)).toBe(JSON.stringify(f));
    for (const x of [{}, { a: undefined }, { a: () => 1, b: 1 }, { n: null, t: true, z: -0, e: 1e21, o: { p: [1, 'x'] } }]) expect(json(x)).toBe(JSON.stringify(x));
  });

  it('read as JSON (no parse) and as objects, in the order and bytes of the findings sorted in memory, whatever the batch', () => {
    const findings = awkwardFindings(4000);
    const inMemory = new FindingsCollector();
    for (const f of findings) inMemory.add(structuredClone(f));
    const stream = inMemory.stream('2026-11');
    const expectedJson = [...jsonChunks(stream)].join('');
    const expected = [...stream.findings()];
    expect(expectedJson).toBe([...jsonChunks(makeReport('2026-11', [...findings].sort(compareFindings)))].join(''));
    expect(scratch()).toEqual([]);
    for (const batch of [1, 2, 7, 64, 1000]) {
      const spilled = new FindingsCollector(undefined, batch);
      for (const f of findings) spilled.add(structuredClone(f));
      const s = spilled.stream('2026-11');
      expect(scratch().length).toBe(1);
      expect([...jsonChunks(s)].join('')).toBe(expectedJson);
      expect([...s.findings()]).toEqual(expected);
      expect([...csvChunks(s, 'en', false)].join('')).toBe([...csvChunks(stream, 'en', false)].join(''));
      spilled.dispose();
    }
    inMemory.dispose();
    expect(scratch()).toEqual([]);
  });
});

describe('findings streamed to their outputs', () => {
  it('the JSON and CSV of a run spilled in batches of 3 are those of the report held in memory', async () => {
    const { db } = openStore(await sampleDb());
    try {
      const report = validatePeriod(db, { period: '2026-11', lang: 'en' });
      expect(report.findings.length).toBeGreaterThan(10);
      const collector = new FindingsCollector(undefined, 3);
      runRules(db, { period: '2026-11', lang: 'en' }, collector);
      const stream = collector.stream('2026-11');
      expect(scratch().length).toBe(1);
      expect(JSON.parse([...jsonChunks(stream)].join(''))).toEqual(report);
      expect([...csvChunks(stream, 'en', true)].join('')).toBe([...csvChunks(streamOf(report), 'en', true)].join(''));
      collector.dispose();
      expect(scratch()).toEqual([]);
    } finally {
      db.close();
    }
  });

  it('the table grouped by spilled sorts is the table grouped in memory', () => {
    const findings = randomFindings(3000);
    const collector = new FindingsCollector(undefined, 64);
    for (const f of findings) collector.add(structuredClone(f));
    const stream = collector.stream('2026-11');
    const report = makeReport('2026-11', [...stream.findings()]);
    const chalk = new Chalk({ level: 0 });
    const table = [...tableChunks(stream, { lang: 'en', style: chalk, rows: 400, batch: 50 })].join('');
    expect(table).toBe(tableInMemory(report, 400));
    expect(table).toContain('(no file)');
    expect(table).toMatch(/, … .* \(\d+\)/);
    collector.dispose();
    const empty = makeReport('2026-11', []);
    expect([...tableChunks(streamOf(empty), { lang: 'en', style: chalk, rows: 0 })].join('')).toBe(tableInMemory(empty, 0));
  });

  it('validate leaves no scratch file behind, whatever the format', async () => {
    const db = await sampleDb();
    for (const format of ['json', 'csv', 'table']) {
      const r = await roster(['validate', '--db', db, '--format', format]);
      expect(r.code).toBe(1);
      expect(scratch()).toEqual([]);
    }
  });
});
