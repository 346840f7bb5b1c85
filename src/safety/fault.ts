/**
 * Named fault points, so that crash tests stop a real process at a known step
 * instead of racing a timer. `ROSTER_FAULT=kill:<step>` makes the process
 * SIGKILL itself when it reaches `<step>` (no handler runs, as after a power
 * cut); `ROSTER_FAULT=stop:<step>` writes `fault: stopped at <step>` on
 * stderr and SIGSTOPs itself, so that a test can act while it holds its locks
 * and then send SIGCONT or SIGKILL, or send SIGINT/SIGTERM first: the signal
 * waits while the process is stopped and arrives as soon as it continues,
 * at that step and nowhere else.
 *
 * The value comes from the command's settings (ROSTER_FAULT, read once by
 * the CLI layer, src/cli/settings.ts), armed when the command's context is
 * made: a test that runs a command in-process never asks for a kill. The
 * other ROSTER_FAULT values (`enospc`, `sqlite-full`) are passed down as
 * options, see `atomic.ts` and `store/db.ts`.
 */
import fs from 'node:fs';

/** Every step a test can stop at. */
export const FAULT_STEPS = [
  /** import: every row written, the transaction not yet committed. */
  'import.after-rows',
  /** remap: every team moved and its event written, the transaction not yet committed. */
  'remap.after-moves',
  /** an atomic output: its temporary file created, its writer about to start (a signal sent to a process stopped here reaches the handlers while the output is written). */
  'output.before-write',
  /** an atomic output: the temporary file written in full, not yet renamed into place. */
  'output.before-rename',
] as const;

export type FaultStep = (typeof FAULT_STEPS)[number];

type FaultAction = 'kill' | 'stop';

/** The action asked for `step` in a ROSTER_FAULT value, if any. */
export function faultAt(spec: string | undefined, step: FaultStep): FaultAction | undefined {
  if (spec === `kill:${step}`) return 'kill';
  if (spec === `stop:${step}`) return 'stop';
  return undefined;
}

/** The ROSTER_FAULT value of the command running now (a process runs one command; an in-process test, one at a time). */
let armed: string | undefined;

/** Sets (or, with undefined, clears) the fault the next fault points act on. */
export function armFaults(spec: string | undefined): void {
  armed = spec;
}

/** Marks a named step: kills or stops the process here when ROSTER_FAULT asks for it, else does nothing. */
export function faultPoint(step: FaultStep): void {
  const action = faultAt(armed, step);
  if (action === 'kill') process.kill(process.pid, 'SIGKILL');
  if (action === 'stop') {
    fs.writeSync(2, `fault: stopped at ${step}\n`);
    process.kill(process.pid, 'SIGSTOP');
  }
}
