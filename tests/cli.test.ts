/**
 * The command-line shell: help for every command, the README lists every
 * command, start-up does not load heavy libraries, errors map to exit codes
 * without stack traces.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { App } from '../src/cli/app.js';
import { allCommands, buildProgram } from '../src/cli/main.js';
import type { Prompter } from '../src/cli/prompter.js';
import { ROOT, roster, tempDir } from './helpers/cli.js';
import { initDb } from './helpers/seed.js';

function commandPaths(lang: 'vi' | 'en') {
  const io = { stdout: { write: () => true }, stderr: { write: () => true }, stdinIsTTY: false, stdoutIsTTY: false, stderrIsTTY: false };
  const program = buildProgram(new App({ io, env: {}, cwd: ROOT }, lang));
  return allCommands(program).map((c) => {
    const names: string[] = [];
    for (let x: typeof c | null = c; x?.parent; x = x.parent) names.unshift(x.name());
    return { path: names.join(' '), description: c.description(), leaf: c.commands.length === 0 };
  });
}

describe('help and docs', () => {
  it('every command has a description in Vietnamese and in English', () => {
    const vi = commandPaths('vi');
    const en = commandPaths('en');
    expect(vi.length).toBeGreaterThan(10);
    for (const c of [...vi, ...en]) expect(c.description, c.path).toMatch(/\S{3,}/);
    const viByPath = new Map(vi.map((c) => [c.path, c.description]));
    for (const c of en) expect(c.description, c.path).not.toBe(viByPath.get(c.path));
  });

  it('the README lists every command', () => {
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    for (const c of commandPaths('vi').filter((x) => x.leaf)) expect(readme, `README lacks "roster ${c.path}"`).toContain(`roster ${c.path}`);
  });

  it('roster --help exits 0 and loads neither exceljs, inquirer, SQLite nor csv-parse (the built executable)', () => {
    // A resolve hook refuses the heavy packages: if the bundle that bin/roster.js
    // runs reached for one of them while printing help, the command would fail.
    const r = JSON.parse(helpUnderHook(/exceljs|inquirer|better-sqlite3|csv-parse|csv-stringify|yauzl/));
    expect(r).toEqual({ code: 0, usage: true });
  });

  it('the hook above does catch a module the help loads (the check can fail)', () => {
    expect(() => JSON.parse(helpUnderHook(/[\\/]startup-[\w-]+\.cjs$/))).toThrow();
  });
});

/**
 * Runs the built bundle's `--help` with hooks that refuse the modules matching
 * `heavy`: a `require` (the bundle is CommonJS) and an `import()` (packages that
 * are ES modules only) alike.
 */
function helpUnderHook(heavy: RegExp): string {
  const hook = `export async function resolve(s, c, next) {
    if (${heavy.toString()}.test(s)) throw new Error('heavy module loaded: ' + s);
    return next(s, c);
  }`;
  const script = `
    const Module = require('node:module');
    Module.register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(hook)}));
    const load = Module._load;
    Module._load = function (request, parent, isMain) {
      const file = Module._resolveFilename(request, parent, isMain);
      if (${heavy.toString()}.test(request) || ${heavy.toString()}.test(file)) throw new Error('heavy module loaded: ' + request);
      return load.apply(this, arguments);
    };
    const { main } = require(${JSON.stringify(path.join(ROOT, 'dist/bundle/roster.cjs'))});
    let text = '';
    const out = { write: (s) => { text += s; return true; } };
    main(['--help'], { io: { stdout: out, stderr: out, stdinIsTTY: false, stdoutIsTTY: false, stderrIsTTY: false }, env: {}, cwd: '.' })
      .then((code) => console.log(JSON.stringify({ code, usage: /roster/.test(text) })));`;
  return execFileSync(process.execPath, ['--input-type=commonjs', '-e', script], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
}

describe('exit codes', () => {
  it('an unknown command or option is exit 2', async () => {
    expect((await roster(['frobnicate'])).code).toBe(2);
    expect((await roster(['doctor', '--frob'])).code).toBe(2);
  });

  it('an internal failure is exit 3 with where to report it, and no stack trace unless ROSTER_DEBUG=1', async () => {
    const db = await initDb();
    const broken: Prompter = {
      select: async () => {
        throw new Error('boom');
      },
      confirm: async () => {
        throw new Error('boom');
      },
      input: async () => {
        throw new Error('boom');
      },
    };
    // purge asks for confirmation on a terminal; a prompter bug must not leak a stack.
    const { openStore } = await import('../src/store/db.js');
    const { db: h } = openStore(db);
    h.exec("INSERT INTO members (person_key, person_id, full_name) VALUES ('id:079190000001', '079190000001', 'A')");
    h.close();
    const r = await roster(['purge', '--member', '079190000001', '--db', db], { tty: true, prompter: broken });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/Lỗi nội bộ/);
    expect(r.stderr).toMatch(/báo lỗi theo mục/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    const dbg = await roster(['purge', '--member', '079190000001', '--db', db], { tty: true, prompter: broken, env: { ROSTER_DEBUG: '1' } });
    expect(dbg.stderr).toMatch(/\n\s+at /);
  });

  it('--lang en gives English messages', async () => {
    const r = await roster(['doctor', '--db', path.join(tempDir(), 'none.db'), '--lang', 'en']);
    expect(r.stderr).toMatch(/There is no database/);
  });
});
