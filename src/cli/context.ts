/**
 * The outside world a command sees, injected so tests can fake it: streams with
 * their TTY flags, settings read from the environment, working directory, clock, prompter, and the
 * global flags. No module-level singletons.
 */
import type { Lang, Msg } from '../text/i18n.js';
import type { Prompter } from './prompter.js';
import { maskMessage, maskText } from '../privacy/mask.js';
import type { Io } from './io.js';
import { readSettings, type Settings } from './settings.js';
import { armFaults } from '../safety/fault.js';

export type { Io, Out } from './io.js';

export interface GlobalOptions {
  db: string;
  json: boolean;
  lang: Lang;
  color: boolean;
  quiet: boolean;
  yes: boolean;
}

export interface Context {
  io: Io;
  /** The environment, read once (src/cli/settings.ts). */
  settings: Settings;
  cwd: string;
  now(): Date;
  opts: GlobalOptions;
  /** Prompts are allowed: stdin and stderr are TTYs and neither --yes nor --json was given. */
  interactive: boolean;
  /** Loaded lazily: inquirer is heavy. */
  prompter(): Promise<Prompter>;
  /** A line for people, on stderr; silent with --quiet. */
  say(m: Msg | string): void;
  /** A warning for people, on stderr, even with --quiet. */
  warn(m: Msg | string): void;
  /** Data on stdout (tables, JSON). */
  out(s: string): void;
  /** Message in the chosen language. */
  t(m: Msg): string;
  /**
   * Runs another command line (`['--db', FILE, 'validate']`) through the same
   * command tree with these streams, and gives its exit code: how the demo
   * runs its steps without importing other command modules.
   */
  runCommand(argv: string[], io: Io): Promise<number>;
}

export interface ContextParts {
  io: Io;
  env: Record<string, string | undefined>;
  cwd: string;
  now?: () => Date;
  opts: GlobalOptions;
  prompter?: () => Promise<Prompter>;
  runCommand?: (argv: string[], io: Io) => Promise<number>;
}

/** Prompts follow the one masking rule too: a question never shows an ID, a phone or an e-mail. */
function maskedPrompter(p: Prompter): Prompter {
  const m = (s: string) => maskMessage(s);
  return {
    select: (q) =>
      p.select({
        ...q,
        message: m(q.message),
        choices: q.choices.map((c) => ({ ...c, name: m(c.name), description: c.description === undefined ? undefined : m(c.description) })),
      }),
    confirm: (q) => p.confirm({ ...q, message: m(q.message) }),
    input: (q) => p.input({ ...q, message: m(q.message) }),
  };
}

export function makeContext(p: ContextParts): Context {
  const t = (m: Msg) => m[p.opts.lang];
  // Messages for people never print values that look like personal data.
  const text = (m: Msg | string) => maskMessage(typeof m === 'string' ? m : t(m));
  const interactive = p.io.stdinIsTTY && p.io.stderrIsTTY && !p.opts.yes && !p.opts.json;
  const settings = readSettings(p.env);
  // Named fault points (kill/stop at a step) follow this command's settings, and nothing else's.
  armFaults(settings.fault);
  return {
    io: p.io,
    settings,
    cwd: p.cwd,
    now: p.now ?? (() => new Date()),
    opts: p.opts,
    interactive,
    prompter: async () => {
      if (p.prompter) return maskedPrompter(await p.prompter());
      const { inquirerPrompter } = await import('./prompter.js');
      return maskedPrompter(await inquirerPrompter(p.io, p.opts.lang));
    },
    say: (m) => {
      if (!p.opts.quiet) p.io.stderr.write(`${text(m)}\n`);
    },
    warn: (m) => {
      p.io.stderr.write(`${text(m)}\n`);
    },
    out: (s) => {
      p.io.stdout.write(s.endsWith('\n') ? s : `${s}\n`);
    },
    t,
    runCommand: async (argv, io) => {
      if (!p.runCommand) throw new Error(`no command tree to run "${argv.join(' ')}"`);
      return p.runCommand(argv, io);
    },
  };
}

/** The context with its data output (stdout) under the masking rule unless includePii. */
export function withMaskedOut(ctx: Context, includePii: boolean): Context {
  if (includePii) return ctx;
  return { ...ctx, out: (s: string) => ctx.out(maskText(s, false)) };
}
