/**
 * The layering of docs/layout.md, checked on the import graph of src/: a
 * library under a thin command layer, commands that do not lean on each other,
 * the environment read in one place, and no import cycle (type-only imports
 * count: they still tie two modules' designs together).
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findCycles, importSpecifiers, readImportGraph, stripComments, type ModuleImports } from './helpers/import-graph.js';
import { ROOT } from './helpers/cli.js';

const SRC = path.join(ROOT, 'src');
const graph = readImportGraph(SRC);
const modules = [...graph.values()];

const isCommand = (f: string) => f.startsWith('commands/');
const isCliLayer = (f: string) => f.startsWith('cli/') || isCommand(f);
const TERMINAL_PACKAGES = /^(commander|chalk|inquirer|@inquirer\/.*)$/;
const READS_ENV = [
  /\bprocess\s*(?:\?\.|\.)\s*env\b/,
  /\bprocess\s*\[\s*['"`]env['"`]\s*\]/,
  /\{[^}]*\benv\b[^}]*\}\s*=\s*process\b/,
  /import\s*\{[^}]*\benv\b[^}]*\}\s*from\s*['"](?:node:)?process['"]/,
];

/** Cycles allowed: none (the last ones, data-sheet ↔ monthly and import ↔ sheet-rows, were broken). */
const KNOWN_CYCLES: string[] = [];

const offending = (pick: (m: ModuleImports) => string[]) => modules.flatMap((m) => pick(m).map((x) => `${m.file} → ${x}`));

describe('the import graph parser', () => {
  it('finds every form of import and re-export, over several lines, and ignores prose', () => {
    const code = stripComments(`
      import fs from 'node:fs';
      import type { A } from './a.js';
      import {
        b,
        type C,
      } from '../b.js';
      import './side-effect.js';
      export { d } from './d.js';
      export * from './e.js';
      export type { F } from './f.js';
      const g = await import('./g.js');
      /** A comment that says import { x } from './not-me.js' */
      // import { y } from './nor-me.js';
    `);
    expect(importSpecifiers(code).sort()).toEqual(['../b.js', './a.js', './d.js', './e.js', './f.js', './g.js', './side-effect.js', 'node:fs'].sort());
  });

  it('reports a cycle once, from its smallest module, and a longer cycle in full', () => {
    const g = (edges: Record<string, string[]>) => new Map(Object.entries(edges).map(([file, local]) => [file, { file, local, packages: [], code: '' }]));
    expect(findCycles(g({ 'a.ts': ['b.ts'], 'b.ts': ['a.ts'], 'c.ts': ['a.ts'] }))).toEqual([['a.ts', 'b.ts']]);
    expect(findCycles(g({ 'a.ts': ['b.ts'], 'b.ts': ['c.ts'], 'c.ts': ['a.ts'] }))).toEqual([['a.ts', 'b.ts', 'c.ts']]);
    expect(findCycles(g({ 'a.ts': ['b.ts'], 'b.ts': ['c.ts'], 'c.ts': [] }))).toEqual([]);
  });

  it('sees the real tree: the command tree imports every command module', () => {
    const commands = modules.filter((m) => isCommand(m.file)).map((m) => m.file);
    expect(commands.length).toBeGreaterThan(15);
    expect(graph.get('cli/commands.ts')?.local).toEqual(expect.arrayContaining(commands));
  });
});

describe('layering of src/', () => {
  it('no command module imports another command module', () => {
    expect(offending((m) => (isCommand(m.file) ? m.local.filter(isCommand) : []))).toEqual([]);
  });

  it('the library never imports the command layer', () => {
    expect(offending((m) => (isCliLayer(m.file) ? [] : m.local.filter(isCliLayer)))).toEqual([]);
  });

  it('only src/cli and src/commands use Commander, chalk or inquirer', () => {
    expect(offending((m) => (isCliLayer(m.file) ? [] : m.packages.filter((p) => TERMINAL_PACKAGES.test(p))))).toEqual([]);
  });

  it('only src/cli and src/commands read the environment', () => {
    expect(offending((m) => (isCliLayer(m.file) ? [] : READS_ENV.filter((re) => re.test(m.code)).map(() => 'process.env')))).toEqual([]);
  });

  it('no import cycle, type-only imports included, beyond the known ones listed above', () => {
    const cycles = findCycles(graph).map((c) => c.join(' → '));
    expect(cycles.filter((c) => !KNOWN_CYCLES.includes(c))).toEqual([]);
  });
});
