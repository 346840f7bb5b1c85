import { describe, expect, it } from 'vitest';
import { readSettings } from '../src/cli/settings.js';

// End to end, ROSTER_FAULT reaches the store and the outputs (safety-outputs, crash-safety), ROSTER_BUSY_TIMEOUT_MS the store
// (crash-safety) and ROSTER_PROGRESS_DELAY_MS the progress line (progress): all through these settings.
describe('settings read once from the environment', () => {
  it('takes the variables roster listens to, as numbers where they are numbers', () => {
    const s = readSettings({ ROSTER_FAULT: 'sqlite-full', ROSTER_BUSY_TIMEOUT_MS: '200', ROSTER_IMPORT_CACHE_KIB: '1024.7', ROSTER_PROGRESS_DELAY_MS: '0' });
    expect(s).toEqual({ fault: 'sqlite-full', busyTimeoutMs: 200, importCacheKib: 1024, progressDelayMs: 0 });
  });

  it('leaves the defaults to the library when a variable is absent or not a number of at least 0', () => {
    expect(readSettings({})).toEqual({ fault: undefined, busyTimeoutMs: undefined, importCacheKib: undefined, progressDelayMs: 400 });
    const bad = readSettings({ ROSTER_BUSY_TIMEOUT_MS: '-1', ROSTER_IMPORT_CACHE_KIB: 'lots', ROSTER_PROGRESS_DELAY_MS: 'soon' });
    expect(bad).toEqual({ fault: undefined, busyTimeoutMs: undefined, importCacheKib: undefined, progressDelayMs: 400 });
  });

  it('reads an empty wait as no wait, an empty cache size as the default', () => {
    const s = readSettings({ ROSTER_BUSY_TIMEOUT_MS: ' ', ROSTER_PROGRESS_DELAY_MS: '', ROSTER_IMPORT_CACHE_KIB: '' });
    expect(s.busyTimeoutMs).toBe(0);
    expect(s.progressDelayMs).toBe(0);
    expect(s.importCacheKib).toBeUndefined();
  });
});
