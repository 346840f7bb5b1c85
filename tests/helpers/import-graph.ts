/**
 * The import graph of the TypeScript sources under a folder, read with a small
 * parser of import / export-from lines (static, type-only, side-effect and
 * dynamic `import('…')`). Only relative specifiers become edges; package
 * names are kept apart so a test can tell which modules use which packages.
 */
import fs from 'node:fs';
import path from 'node:path';
import { at } from './defined.js';

export interface ModuleImports {
  /** Path relative to the root, with `/` separators, e.g. `commands/init.ts`. */
  file: string;
  /** Modules of the same tree this one imports (relative to the root, `.ts`). */
  local: string[];
  /** Bare specifiers: packages and `node:` builtins. */
  packages: string[];
  /** The source without its comments (for checks on what the code does). */
  code: string;
}

/** Block comments and whole-line `//` comments: enough to keep prose out of the graph. */
export function stripComments(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
}

const SPECIFIERS = [
  // import x from '…'; import { a, b } from '…'; import type …; export … from '…' (possibly over several lines)
  /(?:^|[\n;])\s*(?:import|export)\b[^'";]*?\bfrom\s*['"]([^'"]+)['"]/g,
  // import '…' (side effect only)
  /(?:^|[\n;])\s*import\s*['"]([^'"]+)['"]/g,
  // import('…'), awaited or not
  /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
];

/** Every specifier the code imports or re-exports from, in order of appearance per form. */
export function importSpecifiers(code: string): string[] {
  const found: string[] = [];
  for (const re of SPECIFIERS) for (const m of code.matchAll(re)) found.push(at(m, 1));
  return found;
}

function tsFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return tsFiles(p);
    return e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [p] : [];
  });
}

/** `./x.js` from `a/b.ts` → `a/x.ts` (NodeNext writes `.js` for a `.ts` source; `./dir` may be `dir/index.ts`). */
function resolveLocal(root: string, from: string, spec: string): string {
  const abs = path.resolve(path.dirname(path.join(root, from)), spec);
  const candidates = [abs.replace(/\.js$/, '.ts'), `${abs}.ts`, path.join(abs, 'index.ts')];
  const hit = candidates.find((c) => fs.existsSync(c) && fs.statSync(c).isFile()) ?? abs.replace(/\.js$/, '.ts');
  return path.relative(root, hit).split(path.sep).join('/');
}

export function readImportGraph(root: string): Map<string, ModuleImports> {
  const graph = new Map<string, ModuleImports>();
  for (const abs of tsFiles(root).sort()) {
    const file = path.relative(root, abs).split(path.sep).join('/');
    const code = stripComments(fs.readFileSync(abs, 'utf8'));
    const specs = importSpecifiers(code);
    const local = [...new Set(specs.filter((s) => s.startsWith('.')).map((s) => resolveLocal(root, file, s)))];
    const packages = [...new Set(specs.filter((s) => !s.startsWith('.')))];
    graph.set(file, { file, local, packages, code });
  }
  return graph;
}

/**
 * Every elementary cycle reachable in the graph, each as the list of its
 * modules starting at the smallest name (so a cycle is reported once).
 */
export function findCycles(graph: Map<string, ModuleImports>): string[][] {
  const cycles = new Map<string, string[]>();
  const visit = (start: string, node: string, trail: string[], onTrail: Set<string>) => {
    for (const next of graph.get(node)?.local ?? []) {
      if (next === start) {
        cycles.set(trail.join(' → '), trail);
        continue;
      }
      // Each cycle is found from its smallest module only.
      if (next < start || onTrail.has(next) || !graph.has(next)) continue;
      onTrail.add(next);
      visit(start, next, [...trail, next], onTrail);
      onTrail.delete(next);
    }
  };
  for (const start of graph.keys()) visit(start, start, [start], new Set([start]));
  return [...cycles.values()];
}
