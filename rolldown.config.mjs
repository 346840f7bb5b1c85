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
import fs from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { defineConfig } from 'rolldown';

const ENTRY = 'dist/cli/main.js';
/** Packages joined into the bundle (the rest stay external, loaded from node_modules). */
const BUNDLED = /^(commander|exceljs)$/;

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
 * Node's built-in modules taken with `process.getBuiltinModule` (Node ≥ 20.16)
 * rather than `import`: an ESM import of a built-in builds its ESM facade,
 * which reads every export (`import fs from 'node:fs'` alone loads the whole
 * streams stack for `fs.ReadStream`). `node:crypto` taken as a whole is read
 * when first used: no command line needs it to start. Commander's
 * `child_process` (for executable subcommands, which roster has none of) is
 * likewise loaded when first used.
 */
const LAZY_BUILTINS = new Set(['node:crypto']);

function builtinImport(line) {
  const [, what, name] = /^import\s+(.+?)\s+from\s+"((?:node:)?[\w/]+)";$/.exec(line) ?? [];
  if (!what || !name || !builtinModules.includes(name.replace(/^node:/, ''))) return line;
  const mod = name.startsWith('node:') ? name : `node:${name}`;
  const get = `process.getBuiltinModule(${JSON.stringify(mod)})`;
  const named = /^\{([^}]*)\}$/.exec(what)?.[1];
  if (named !== undefined) return `const { ${named.trim().replace(/\s+as\s+/g, ': ')} } = ${get};`;
  const ns = /^\*\s+as\s+(\w+)$/.exec(what)?.[1];
  if (ns) return `const ${ns} = ${get};`;
  if (!/^\w+$/.test(what)) return line;
  if (LAZY_BUILTINS.has(mod)) return `const ${what} = new Proxy({}, { get: (_, key) => ${get}[key] });`;
  return `const ${what} = ${get};`;
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
    return code.replace(/^import\s[^;]*?from\s+"(?:node:)?[\w/]+";$/gm, builtinImport);
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
    format: 'esm',
    entryFileNames: '[name].mjs',
    chunkFileNames: '[name]-[hash].mjs',
    cleanDir: true,
    codeSplitting: {
      groups: [{ name: 'startup', test: (id) => startup.has(path.resolve(id)) || /[\\/]node_modules[\\/]commander[\\/]/.test(id), priority: 10 }],
    },
  },
});
