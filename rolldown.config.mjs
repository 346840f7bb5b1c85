// @ts-check
// The executable's bundle: the compiled CLI (dist/) joined into a few files so
// that `roster --help` does not resolve and read some forty modules one by one
// (bench/RESULTS.md, start-up). Commands still load their heavy libraries on
// demand: packages stay external (commander excepted, it is always needed), and
// dynamic imports become separate chunks. Entry and chunks sit two folders
// below the package root, as the compiled files do, so paths built from
// import.meta.url ('../../fixtures') keep working.
//
// Every module the entry imports statically (what any command line loads
// before a command runs, `--help` included) goes into one chunk: start-up
// reads two files of ours instead of fifteen.
//
// The bundle is CommonJS (`.cjs`, required by bin/roster.js, itself CommonJS
// through bin/package.json): Node then starts without its ES module loader,
// which costs more than `roster --help` itself (bench/RESULTS.md, start-up).
// Rolldown writes `import.meta.url` as the chunk's file URL and keeps the
// `import()` of packages that are ES modules only (chalk, @inquirer/prompts);
// a built-in `require` returns the module as it is, without the facade an
// ES module import of it builds.
import fs from 'node:fs';
import path from 'node:path';
import { defineConfig } from 'rolldown';

const ENTRY = 'dist/cli/main.js';
/** Packages joined into the bundle (the rest stay external, loaded from node_modules). */
const BUNDLED = /^(commander|exceljs)($|\/)/;

/** The compiled modules reachable from `file` through static imports (dynamic `import()` excluded). */
function staticClosure(file) {
  const seen = new Set();
  const visit = (f) => {
    const abs = path.resolve(f);
    if (seen.has(abs) || !fs.existsSync(abs)) return;
    seen.add(abs);
    const text = fs.readFileSync(abs, 'utf8');
    for (const m of text.matchAll(/^(?:import|export)\s[^;]*?from\s+['"](\.[^'"]+)['"]|^import\s+['"](\.[^'"]+)['"]/gms)) {
      const spec = m[1] ?? m[2];
      if (spec) visit(path.resolve(path.dirname(abs), spec));
    }
  };
  visit(file);
  return seen;
}

const startup = staticClosure(ENTRY);

/**
 * `node:crypto` and `node:v8` are loaded when first used: no command line
 * needs them to start (about a dozen internal modules for crypto; v8 is first
 * used when a command runs, src/cli/heap.ts). Rolldown's CommonJS output requires each
 * built-in at the top of a chunk; each of these becomes a stand-in that requires it
 * on the first property read. Commander's `child_process` (for executable
 * subcommands, which roster has none of) is likewise loaded when first used.
 */
const LAZY_BUILTINS = ['node:crypto', 'node:v8'];

/** Packages with a CommonJS form that commands `import()`: required instead, as a built-in is, so no command line starts the ES module loader for them. */
const REQUIRED_ON_DEMAND = /^(node:[\w/]+|csv-parse\/sync|csv-stringify\/sync)$/;

function lazyBuiltins(code) {
  let out = code.replace(/\bimport\("([^"]+)"\)/g, (m, id) => (REQUIRED_ON_DEMAND.test(id) ? `Promise.resolve().then(() => require(${JSON.stringify(id)}))` : m));
  for (const mod of LAZY_BUILTINS) {
    const re = new RegExp(`^let (\\w+) = require\\(${JSON.stringify(mod)}\\);$`, 'gm');
    out = out.replace(
      re,
      (_m, name) => `let ${name} = new Proxy({}, { get: (_, key) => (key === "default" ? require(${JSON.stringify(mod)}) : require(${JSON.stringify(mod)})[key]) });`,
    );
  }
  return out;
}

/**
 * `new Buffer(x)` in bundled packages (archiver, under exceljs) written as the
 * calls it stands for: Node prints a deprecation warning for it when the
 * caller lies outside node_modules, which a bundled package now does.
 * `new Buffer(n)` has been zero-filled since Node 8, as `Buffer.alloc(n)` is.
 */
function legacyBuffer(code) {
  const helper = 'var __legacyBuffer = (a, b, c) => (typeof a === "number" ? Buffer.alloc(a) : Buffer.from(a, b, c));\n';
  return helper + code.replace(/\bnew Buffer\(/g, '__legacyBuffer(');
}

const builtinsOnDemand = {
  name: 'builtins-on-demand',
  transform(code, id) {
    if (!/[\\/]node_modules[\\/]/.test(id)) return null;
    if (code.includes('new Buffer(')) return legacyBuffer(code);
    if (!/[\\/]node_modules[\\/]commander[\\/]lib[\\/]command\.js$/.test(id)) return null;
    const eager = "const childProcess = require('node:child_process');";
    if (!code.includes(eager)) throw new Error('commander: child_process import not found');
    return code.replace(eager, "const childProcess = { spawn: (...a) => require('node:child_process').spawn(...a) };");
  },
  renderChunk(code) {
    return lazyBuiltins(code);
  },
};

export default defineConfig({
  input: { roster: ENTRY },
  platform: 'node',
  // Bundled too: exceljs and what it requires (some 660 CommonJS files resolved
  // and read one by one when required: about half its load time); it stays in
  // the chunk of the workbook writer, loaded by the commands that write one.
  external: (id, importer) => !id.startsWith('.') && !id.startsWith('/') && !BUNDLED.test(id) && !/[\\/]node_modules[\\/]/.test(importer ?? ''),
  logLevel: 'warn',
  plugins: [builtinsOnDemand],
  onLog(level, log, handler) {
    if (log.code === 'INEFFECTIVE_DYNAMIC_IMPORT') return;
    handler(level, log);
  },
  output: {
    dir: 'dist/bundle',
    format: 'cjs',
    entryFileNames: '[name].cjs',
    chunkFileNames: '[name]-[hash].cjs',
    cleanDir: true,
    codeSplitting: {
      groups: [{ name: 'startup', test: (id) => startup.has(path.resolve(id)) || /[\\/]node_modules[\\/]commander[\\/]/.test(id), priority: 10 }],
    },
  },
});
