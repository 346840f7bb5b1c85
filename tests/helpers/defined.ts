/** The value itself, or a failure naming what was missing (where a `!` would let `undefined` through). */
export function defined<T>(value: T | null | undefined, what = 'value'): T {
  if (value === null || value === undefined) throw new Error(`expected a ${what}, got ${String(value)}`);
  return value;
}

/** Element `i` of a list, or a failure naming the index and the length (where `list[i]` may be past the end). */
export function at<T>(list: ArrayLike<T>, i: number): T {
  if (!Number.isInteger(i) || i < 0 || i >= list.length) throw new Error(`expected an element at index ${i} of a list of ${list.length}`);
  return list[i] as T; // in range: whatever the list holds there, undefined included
}

/** A value looked up by key (null included), or a failure naming what was missing. */
export function known<T>(value: T | undefined, what = 'value'): T {
  if (value === undefined) throw new Error(`expected ${what}, got undefined`);
  return value;
}
