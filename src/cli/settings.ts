/**
 * The environment variables roster listens to, read once here into typed
 * settings on the Context; the library below takes them as options and never
 * reads `process.env` itself.
 */
export interface Settings {
  /** ROSTER_FAULT: a named fault injected by tests (atomic outputs, a full database disk). */
  fault?: string;
  /** ROSTER_BUSY_TIMEOUT_MS: how long to wait for another process holding the write lock (default in the store). */
  busyTimeoutMs?: number;
  /** ROSTER_IMPORT_CACHE_KIB: SQLite page cache during an import, in KiB; 0 keeps SQLite's default (default in the importer). */
  importCacheKib?: number;
  /** ROSTER_PROGRESS_DELAY_MS: how long work lasts before a progress line is drawn (default 400). */
  progressDelayMs: number;
}

type Env = Record<string, string | undefined>;

/** A number of at least 0, else undefined. `Number('')` is 0: for some variables an empty value means zero. */
function nonNegative(value: string | undefined, emptyIsZero: boolean): number | undefined {
  if (value === undefined) return undefined;
  const v = value.trim() === '' ? (emptyIsZero ? 0 : NaN) : Number(value);
  return Number.isFinite(v) && v >= 0 ? v : undefined;
}

export function readSettings(env: Env): Settings {
  const importCacheKib = nonNegative(env.ROSTER_IMPORT_CACHE_KIB, false);
  return {
    fault: env.ROSTER_FAULT,
    busyTimeoutMs: nonNegative(env.ROSTER_BUSY_TIMEOUT_MS, true),
    importCacheKib: importCacheKib === undefined ? undefined : Math.floor(importCacheKib),
    progressDelayMs: nonNegative(env.ROSTER_PROGRESS_DELAY_MS, true) ?? 400,
  };
}
