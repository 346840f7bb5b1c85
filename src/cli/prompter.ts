/**
 * Every prompt goes through this one interface, so tests can script answers and
 * Ctrl-C becomes a clean cancel. Prompts draw on stderr: stdout is for data.
 */
import { CancelError } from '../errors.js';
import type { Io } from './context.js';

export interface Choice<T> {
  name: string;
  value: T;
  description?: string;
}

export interface Prompter {
  select<T>(q: { message: string; choices: Choice<T>[]; default?: T }): Promise<T>;
  confirm(q: { message: string; default?: boolean }): Promise<boolean>;
  input(q: { message: string; default?: string }): Promise<string>;
}

export async function inquirerPrompter(io: Io): Promise<Prompter> {
  const inq = await import('@inquirer/prompts');
  const context = { output: io.stderr as NodeJS.WritableStream };
  const guard = async <T>(p: Promise<T>): Promise<T> => {
    try {
      return await p;
    } catch (e) {
      if ((e as Error)?.name === 'ExitPromptError' || (e as Error)?.name === 'AbortPromptError') throw new CancelError();
      throw e;
    }
  };
  return {
    select: (q) => guard(inq.select({ message: q.message, choices: q.choices, default: q.default }, context)),
    confirm: (q) => guard(inq.confirm({ message: q.message, default: q.default }, context)),
    input: (q) => guard(inq.input({ message: q.message, default: q.default }, context)),
  };
}

/** A prompter that answers from a script, for tests. Throws when the script runs out. */
export function scriptedPrompter(answers: unknown[]): Prompter & { asked: string[] } {
  const asked: string[] = [];
  const next = <T>(message: string): T => {
    asked.push(message);
    if (answers.length === 0) throw new Error(`no scripted answer for prompt: ${message}`);
    return answers.shift() as T;
  };
  return {
    asked,
    select: async (q) => next(q.message),
    confirm: async (q) => next(q.message),
    input: async (q) => next(q.message),
  };
}
