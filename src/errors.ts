/**
 * Typed errors. Library code throws these; only the CLI entry point turns them
 * into exit codes (see src/cli/main.ts). Data problems in rosters are never
 * thrown: they are findings (src/rules).
 */
import type { Msg } from './text/i18n.js';

export const EXIT = { ok: 0, dataErrors: 1, usage: 2, internal: 3 } as const;

export abstract class RosterError extends Error {
  abstract readonly exitCode: number;
  constructor(
    readonly msg: Msg,
    readonly hint?: Msg,
  ) {
    super(msg.en);
  }
}

/** Bad flags or arguments: exit 2. */
export class UsageError extends RosterError {
  readonly exitCode = EXIT.usage;
}

/** Unreadable or unusable input (file, database, reference data): exit 2, nothing written. */
export class InputError extends RosterError {
  readonly exitCode = EXIT.usage;
  constructor(
    msg: Msg,
    hint?: Msg,
    readonly file?: string,
  ) {
    super(msg, hint);
  }
}

/** The user cancelled a prompt (Ctrl-C): exit 2, nothing written. */
export class CancelError extends RosterError {
  readonly exitCode = EXIT.usage;
  constructor() {
    super({ vi: 'Đã hủy, không có gì được ghi.', en: 'Cancelled; nothing was written.' });
  }
}

/**
 * The command ran but the data has errors (validate, report without --draft).
 * Carries no message of its own: the command already printed the findings.
 */
export class DataErrorsExit extends RosterError {
  readonly exitCode = EXIT.dataErrors;
  constructor(msg: Msg = { vi: 'Dữ liệu còn lỗi.', en: 'The data has errors.' }) {
    super(msg);
  }
}

/**
 * A broken invariant of the program itself, never a problem in the data: the
 * CLI reports it as an internal failure (exit 3) asking for a bug report.
 */
export class InternalError extends Error {
  override name = 'InternalError';
}

/** The value an invariant of the caller says is there; an InternalError naming `what` when it is not. */
export function present<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new InternalError(`${what} is missing`);
  return value;
}
