/**
 * Named fault points, so that crash tests stop a real process at a known step
 * instead of racing a timer. `ROSTER_FAULT=kill:<step>` makes the process
 * SIGKILL itself when it reaches `<step>` (no handler runs, as after a power
 * cut); `ROSTER_FAULT=stop:<step>` writes `fault: stopped at <step>` on
 * stderr and SIGSTOPs itself, so that a test can act while it holds its locks
 * and then send SIGCONT or SIGKILL.
 *
 * This is the one module that reads the variable for these steps. It reads
 * the process's own environment on purpose: a kill only makes sense for a
 * real process, never for a command run in-process by a test with a fake
 * context. The other ROSTER_FAULT values (`enospc`, `sqlite-full`) come from
 * the command's context, see `atomic.ts` and `store/db.ts`.
 */
import fs from 'node:fs';

/** Every step a test can stop at. */
export const FAULT_STEPS = [
  /** import: every row written, the transaction not yet committed. */
  'import.after-rows',
  /** remap: every team moved and its event written, the transaction not yet committed. */
  'remap.after-moves',
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

/** Marks a named step: kills or stops the process here when ROSTER_FAULT asks for it, else does nothing. */
export function faultPoint(step: FaultStep): void {
  const action = faultAt(process.env.ROSTER_FAULT, step);
  if (action === 'kill') process.kill(process.pid, 'SIGKILL');
  if (action === 'stop') {
    fs.writeSync(2, `fault: stopped at ${step}\n`);
    process.kill(process.pid, 'SIGSTOP');
  }
}
