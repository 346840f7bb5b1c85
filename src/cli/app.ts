/**
 * Glue between Commander and the command modules: builds the Context from the
 * global flags and records each command's exit code.
 */
import type { Command } from 'commander';
import type { Lang, Msg } from '../text/i18n.js';
import type { Context, GlobalOptions } from './context.js';
import type { Io } from './io.js';
import type { Prompter } from './prompter.js';
import { boundHeapGrowth } from './heap.js';

export interface AppDeps {
  io: Io;
  env: Record<string, string | undefined>;
  cwd: string;
  now?: () => Date;
  prompter?: () => Promise<Prompter>;
}

/** Builds the command tree that parses `argv` for an App (src/cli/main.ts), injected to keep this module below it. */
export type CommandTree = (app: App, argv: readonly string[]) => Promise<Command>;

export class App {
  exitCode = 0;
  constructor(
    readonly deps: AppDeps,
    /** Language for help texts, scanned from argv before parsing. */
    readonly lang: Lang,
    /** The command tree, for commands that run other command lines (the demo). */
    private readonly tree?: CommandTree,
  ) {}

  /** Help text in the chosen language. */
  d(m: Msg): string {
    return m[this.lang];
  }

  globals(cmd: Command): GlobalOptions {
    const g = cmd.optsWithGlobals() as Record<string, unknown>;
    const env = this.deps.env;
    const color = g.color !== false && !('NO_COLOR' in env && env.NO_COLOR !== undefined) && this.deps.io.stdoutIsTTY;
    return {
      db: (g.db as string | undefined) ?? env.ROSTER_DB ?? 'roster.db',
      json: Boolean(g.json),
      lang: (g.lang as Lang | undefined) ?? this.lang,
      color,
      quiet: Boolean(g.quiet),
      yes: Boolean(g.yes) || !this.deps.io.stdinIsTTY,
    };
  }

  /** The command's Context; loaded when a command runs (masking, settings and fault points are not needed to list commands). */
  async context(cmd: Command): Promise<Context> {
    const opts = this.globals(cmd);
    const { makeContext } = await import('./context.js');
    return makeContext({ ...this.deps, opts, runCommand: (argv, io) => this.runCommand(argv, io, opts.lang) });
  }

  /** One more command line through the same command tree, with these streams; its exit code. */
  async runCommand(argv: string[], io: Io, lang: Lang): Promise<number> {
    if (!this.tree) throw new Error('this App was built without its command tree');
    const sub = new App({ ...this.deps, io }, lang, this.tree);
    await (await this.tree(sub, argv)).parseAsync(argv, { from: 'user' });
    return sub.exitCode;
  }

  /**
   * Wraps a command body for Commander's .action(): positional arguments and the
   * options object come first, as Commander passes them; the Command is last.
   */
  action<A extends unknown[]>(fn: (ctx: Context, ...args: A) => Promise<number | undefined>) {
    return async (...args: unknown[]): Promise<void> => {
      boundHeapGrowth();
      const cmd = args[args.length - 1] as Command;
      const code = await fn(await this.context(cmd), ...(args.slice(0, -1) as A));
      this.exitCode = code ?? 0;
    };
  }
}
