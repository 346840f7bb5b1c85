/**
 * The command tree is listed from the table of src/cli/commands.ts and a
 * command's module declares it only when the command line names it: the
 * listing must say what the declared commands say, and a command line must
 * declare what it names.
 */
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { App } from '../src/cli/app.js';
import { COMMANDS } from '../src/cli/commands.js';
import { allCommands, buildProgram, programFor } from '../src/cli/main.js';
import { declareAll } from '../src/cli/tree.js';
import type { Lang } from '../src/text/i18n.js';
import { ROOT } from './helpers/cli.js';

function app(lang: Lang): App {
  const io = { stdout: { write: () => true }, stderr: { write: () => true }, stdinIsTTY: false, stdoutIsTTY: false, stderrIsTTY: false };
  return new App({ io, env: {}, cwd: ROOT }, lang, programFor);
}

const pathOf = (c: Command): string => {
  const names: string[] = [];
  for (let x: Command | null = c; x?.parent; x = x.parent) names.unshift(x.name());
  return names.join(' ');
};

/** The command at `path` (words) under `program`. */
function at(program: Command, path: string[]): Command {
  return path.reduce((c, name) => c.commands.find((s) => s.name() === name) as Command, program);
}

describe('command tree', () => {
  for (const lang of ['vi', 'en'] as const) {
    it(`lists every command (${lang}) as its module declares it: every help with a list of commands is the same`, async () => {
      const declared = buildProgram(app(lang));
      await declareAll(declared, COMMANDS, app(lang));
      expect(allCommands(declared).length).toBeGreaterThan(15);
      // Declared for real: the modules' flags are there.
      expect(at(declared, ['import']).options.length).toBeGreaterThan(3);
      expect(buildProgram(app(lang)).helpInformation()).toBe(declared.helpInformation());
      const groups = allCommands(declared).filter((c) => c.commands.length > 0);
      expect(groups.map(pathOf)).toEqual(['units', 'imports', 'report', 'teams']);
      for (const g of groups) {
        const words = pathOf(g).split(' ');
        // What `roster <group> --help` parses with: the group declared, its subcommands listed.
        const listed = at(await programFor(app(lang), words), words);
        expect(listed.helpInformation(), pathOf(g)).toBe(g.helpInformation());
      }
    });
  }

  it('declares the commands a command line names, and only those', async () => {
    const flags = (p: Command) => new Map(allCommands(p).map((c) => [pathOf(c), c.options.length]));
    const help = flags(await programFor(app('vi'), ['--help']));
    expect([...help.values()].every((n) => n === 0)).toBe(true);
    const units = flags(await programFor(app('vi'), ['--db', 'x.db', 'units', 'search', 'da', 'kao']));
    expect(units.get('units search')).toBeGreaterThan(0);
    expect(units.get('units import')).toBe(0);
    expect(units.get('import')).toBe(0);
    expect(units.get('validate')).toBe(0);
    const close = flags(await programFor(app('en'), ['help', 'teams', 'close']));
    expect(close.get('teams close')).toBeGreaterThan(0);
  });
});
