/**
 * How far V8 lets the heap grow after a full collection, set before a command
 * runs. By default V8 grows the heap by a factor it picks from how fast the
 * program allocates, up to four times what survived, and a roster command
 * allocates fast (a row object per row, a finding per problem): `validate
 * --json` on a million rows peaked at 602 MB, the monthly workbook of 400,000
 * members at 515–576 MB. Growing by half of what survived, they peaked at
 * 369 MB and 381 MB (20 %: 354 MB; 100 %: 345 MB and 386 MB; CPU time within
 * the noise of a shared machine; city-scale commands alike in five paired
 * runs). It is a growth step, not a limit: a larger roster still gets the
 * memory it needs, where --max-old-space-size would end it.
 */
import v8 from 'node:v8';

/** The heap may grow by this percentage of what survived the last full collection. */
export const HEAP_GROWING_PERCENT = 50;

/**
 * The young generation grows eight-fold at a step instead of two-fold, so a
 * command reaches V8's usual young size (16 MB a semi-space) after one or two
 * scavenges, not four or five; the size itself is not changed (its flags are
 * read only when Node starts). City `validate --json`: 8 scavenges instead of
 * 13, 109–132 ms of collection instead of 157–191 ms; city `report monthly`:
 * 21–22 instead of 26, 206–243 ms instead of 282–290 ms (--trace-gc, 2 runs each).
 */
export const SEMI_SPACE_GROWTH_FACTOR = 8;

/** The flags, as v8.setFlagsFromString takes them. */
export const HEAP_FLAGS = `--heap-growing-percent=${HEAP_GROWING_PERCENT} --semi-space-growth-factor=${SEMI_SPACE_GROWTH_FACTOR}`;

let done = false;

/** Sets the growth steps once per process (Commander runs one action; tests run many). */
export function boundHeapGrowth(): void {
  if (done) return;
  done = true;
  v8.setFlagsFromString(HEAP_FLAGS);
}
