/**
 * Start-up reads little: `roster --help` loads the entry and the one start-up
 * chunk of the bundle (rolldown.config.mjs), no chunk of a command, and no
 * built-in module through an ESM import (process.getBuiltinModule instead).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers/cli.js';

/** The module URLs `roster --help` resolves, in order (a resolve hook registered before the executable runs). */
function resolvedByHelp(): string[] {
  const hook = `export async function resolve(s, c, next) {
    const r = await next(s, c);
    process.stderr.write('RESOLVED ' + r.url + '\\n');
    return r;
  }`;
  const register = `import { register } from 'node:module'; register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(hook)}));`;
  const r = spawnSync(process.execPath, ['--import', `data:text/javascript,${encodeURIComponent(register)}`, path.join(ROOT, 'bin/roster.js'), '--help'], { encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  expect(r.stdout).toMatch(/roster/);
  return r.stderr
    .split('\n')
    .filter((l) => l.startsWith('RESOLVED '))
    .map((l) => l.slice('RESOLVED '.length));
}

describe('start-up', () => {
  it('roster --help loads the entry, the start-up chunk and the bundler runtime only', () => {
    const ours = resolvedByHelp()
      .filter((u) => u.includes('/dist/bundle/'))
      .map((u) => path.basename(new URL(u).pathname).replace(/-[\w-]{8}\.mjs$/, ''));
    expect(ours.sort()).toEqual(['rolldown-runtime', 'roster.mjs', 'startup'].sort());
  });

  it('roster --help imports no built-in module (each ESM import of one builds its facade)', () => {
    expect(resolvedByHelp().filter((u) => u.startsWith('node:'))).toEqual([]);
  });

  it('the chunks of the bundle import built-ins through process.getBuiltinModule, and commander loads child_process on demand', () => {
    const dir = path.join(ROOT, 'dist/bundle');
    for (const f of fs.readdirSync(dir)) {
      const text = fs.readFileSync(path.join(dir, f), 'utf8');
      expect(text, f).not.toMatch(/^import\s[^;]*from\s+"(node:)?(fs|path|url|crypto|stream|zlib|events|util|module)"/m);
      expect(text, f).not.toMatch(/^const childProcess = require\(/m);
    }
  });
});
