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
    for (let x: typeof c | null = c; x && x.parent; x = x.parent) names.unshift(x.name());
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

  it('roster --help exits 0 and loads neither exceljs, inquirer nor SQLite', () => {
    const script = `
      import { createRequire } from 'node:module';
      const { main } = await import(${JSON.stringify(path.join(ROOT, 'dist/cli/main.js'))});
      const out = { write: () => true };
      const code = await main(['--help'], { io: { stdout: out, stderr: out, stdinIsTTY: false, stdoutIsTTY: false, stderrIsTTY: false }, env: {}, cwd: '.' });
      const loaded = Object.keys(createRequire(import.meta.url).cache);
      console.log(JSON.stringify({ code, heavy: loaded.filter((k) => /exceljs|inquirer|better-sqlite3|csv-parse/.test(k)) }));`;
    const r = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' }));
    expect(r).toEqual({ code: 0, heavy: [] });
  });
});

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
