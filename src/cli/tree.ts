/**
 * Building the command tree from the table of src/cli/commands.ts. Every
 * command is listed (name, description, the term its parent's help shows);
 * a command's module declares its arguments, flags and action only when the
 * command line names it: `roster --help` loads no command module, `roster
 * import …` loads the import command's. Commander dispatches only to a command
 * whose name is a word of the command line, so declaring every command named
 * there (more than needed when a value is a command's name: harmless) parses
 * as the whole tree would.
 */
import type { Command, Option } from 'commander';
import type { App } from './app.js';
import { type ListedCommand, localise } from './commander-vi.js';
import type { CommandEntry } from './commands.js';

/** Lists `entries` under `parent`, with their subcommands: described, not yet declared. */
export function listCommands(parent: Command, entries: readonly CommandEntry[] | undefined, app: App): void {
  for (const e of entries ?? []) {
    const cmd: ListedCommand = parent.command(e.name).description(app.d(e.summary));
    if (e.load) cmd.listedTerm = `${e.name}${e.options ? ' [options]' : ''}${e.args ? ` ${app.d(e.args)}` : ''}`;
    listCommands(cmd, e.subcommands, app);
    // A command with a module is only listed until declared, and prepared then: Commander parses no command the command line does not name.
    if (!e.load) prepareCommand(cmd, app);
  }
}

/** Declares, in place of their listing, the commands of `entries` (and their subcommands) that `argv` names. */
export async function declareNamed(parent: Command, entries: readonly CommandEntry[] | undefined, argv: readonly string[], app: App): Promise<void> {
  for (const e of entries ?? []) {
    if (!argv.includes(e.name)) continue;
    const cmd = e.load ? await declare(parent, e, app) : findCommand(parent, e.name);
    await declareNamed(cmd, e.subcommands, argv, app);
  }
}

/** Every command under `parent`, depth first. */
export function declareAll(parent: Command, entries: readonly CommandEntry[] | undefined, app: App): Promise<void> {
  const names = (list: readonly CommandEntry[]): string[] => list.flatMap((e) => [e.name, ...names(e.subcommands ?? [])]);
  return declareNamed(parent, entries, names(entries ?? []), app);
}

function findCommand(parent: Command, name: string): Command {
  const cmd = parent.commands.find((c) => c.name() === name);
  if (!cmd) throw new Error(`command "${name}" is not listed`);
  return cmd;
}

/** The listed command replaced, at its place, by the one its module declares. */
async function declare(parent: Command, e: CommandEntry, app: App): Promise<Command> {
  const siblings = parent.commands as Command[];
  const at = siblings.indexOf(findCommand(parent, e.name));
  siblings.splice(at, 1);
  const module = await (e.load as NonNullable<CommandEntry['load']>)();
  module.register(parent, app);
  const cmd = findCommand(parent, e.name);
  siblings.splice(siblings.indexOf(cmd), 1);
  siblings.splice(at, 0, cmd);
  cmd.description(app.d(e.summary));
  listCommands(cmd, e.subcommands, app);
  trimFlagValues(cmd);
  prepareCommand(cmd, app);
  return cmd;
}

/** What every command of the tree shares: help in the language, errors thrown rather than exiting, output to the App's streams. */
export function prepareCommand(cmd: Command, app: App): void {
  localise(cmd, app.lang);
  cmd.exitOverride();
  cmd.configureOutput({ writeOut: (s) => app.deps.io.stdout.write(s), writeErr: (s) => app.deps.io.stderr.write(s) });
}

/**
 * Whitespace around every flag value is trimmed (DECISIONS: `--period " 2026-11 "`
 * is 2026-11), before the flag's own parser or choices check sees it.
 */
export function trimFlagValues(cmd: Command): void {
  for (const o of cmd.options as Option[]) {
    if (!o.required && !o.optional) continue;
    const parse = o.parseArg;
    o.parseArg = <T>(value: string, previous: T): T => {
      const v = value.trim();
      if (parse) return parse.call(o, v, previous) as T;
      // What Commander does for a variadic flag without a parser: collect the values.
      if (o.variadic) return (previous === o.defaultValue || !Array.isArray(previous) ? [v] : [...previous, v]) as T;
      return v as T;
    };
  }
}
