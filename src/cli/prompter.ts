/**
 * Every prompt goes through this one interface, so tests can script answers and
 * Ctrl-C becomes a clean cancel. Prompts draw on stderr: stdout is for data.
 * Hints and Yes/No labels follow --lang.
 */
import { CancelError } from '../errors.js';
import type { Lang } from '../text/i18n.js';
import type { Io } from './io.js';

export interface Choice<T> {
  name: string;
  value: T;
  description?: string;
}

export interface Prompter {
  select<T>(q: { message: string; choices: Choice<T>[]; default?: T }): Promise<T>;
  confirm(q: { message: string; default?: boolean }): Promise<boolean>;
  input(q: { message: string; default?: string; validate?: (v: string) => string | true }): Promise<string>;
}

/** The words inquirer shows besides the question, per language. */
export const PROMPT_WORDS: Record<Lang, { yes: string; no: string; navigate: string; select: string; confirmError: (yes: string, no: string) => string; required: string }> = {
  vi: {
    yes: 'Có',
    no: 'Không',
    navigate: 'di chuyển',
    select: 'chọn',
    confirmError: (yes, no) => `Hãy trả lời "${yes}" hoặc "${no}"`,
    required: 'Cần nhập một giá trị',
  },
  en: {
    yes: 'Yes',
    no: 'No',
    navigate: 'navigate',
    select: 'select',
    confirmError: (yes, no) => `You must answer with "${yes}" or "${no}"`,
    required: 'You must provide a value',
  },
};

/** Prompts drawn on stderr; `input` is the terminal (stdin unless given, as tests do). */
export async function inquirerPrompter(io: Io, lang: Lang = 'vi', input?: NodeJS.ReadableStream): Promise<Prompter> {
  const inq = await import('@inquirer/prompts');
  const { styleText } = await import('node:util');
  const w = PROMPT_WORDS[lang];
  const context = { output: io.stderr as NodeJS.WritableStream, ...(input ? { input } : {}) };
  const guard = async <T>(p: Promise<T>): Promise<T> => {
    try {
      return await p;
    } catch (e) {
      if ((e as Error)?.name === 'ExitPromptError' || (e as Error)?.name === 'AbortPromptError') throw new CancelError();
      throw e;
    }
  };
  const actions: Record<string, string> = { navigate: w.navigate, select: w.select };
  const keysHelpTip = (keys: [string, string][]) =>
    keys.map(([key, action]) => `${styleText('bold', key)} ${styleText('dim', actions[action] ?? action)}`).join(styleText('dim', ' • '));
  return {
    select: (q) => guard(inq.select({ message: q.message, choices: q.choices, default: q.default, theme: { style: { keysHelpTip } } }, context)),
    confirm: (q) =>
      guard(
        inq.confirm(
          { message: q.message, default: q.default, theme: { keywords: { yes: w.yes, no: w.no, error: ({ yes, no }: { yes: string; no: string }) => w.confirmError(yes, no) } } },
          context,
        ),
      ),
    input: (q) =>
      guard(
        inq.input(
          {
            message: q.message,
            default: q.default,
            validate: (v: string) => (q.validate ? q.validate(v) : v.trim() === '' && q.default === undefined ? w.required : true),
          },
          context,
        ),
      ),
  };
}

/** In a scripted answer list: press Enter (take the question's default). */
export const ENTER = Symbol('Enter');

/** A prompter that answers from a script, for tests. Throws when the script runs out. */
export function scriptedPrompter(answers: unknown[]): Prompter & { asked: string[]; defaults: unknown[] } {
  const asked: string[] = [];
  const defaults: unknown[] = [];
  const next = <T>(message: string, dflt: unknown): T => {
    asked.push(message);
    defaults.push(dflt);
    if (answers.length === 0) throw new Error(`no scripted answer for prompt: ${message}`);
    const a = answers.shift();
    if (a === ENTER) {
      if (dflt === undefined) throw new Error(`Enter pressed on a prompt without a default: ${message}`);
      return dflt as T;
    }
    return a as T;
  };
  return {
    asked,
    defaults,
    select: async (q) => next(q.message, q.default),
    confirm: async (q) => next(q.message, q.default),
    input: async (q) => {
      const v = next<string>(q.message, q.default);
      const ok = q.validate ? q.validate(v) : true;
      if (ok !== true) throw new Error(`scripted answer "${v}" rejected: ${ok}`);
      return v;
    },
  };
}
