// @ts-check
// The executable's bundle: the compiled CLI (dist/) joined into a few files so
// that `roster --help` does not resolve and read some forty modules one by one
// (bench/RESULTS.md, start-up). Commands still load their heavy libraries on
// demand: packages stay external (commander excepted, it is always needed), and
// dynamic imports become separate chunks. Entry and chunks sit two folders
// below the package root, as the compiled files do, so paths built from
// import.meta.url ('../../fixtures') keep working.
import { defineConfig } from 'rolldown';

export default defineConfig({
  input: { roster: 'dist/cli/main.js' },
  platform: 'node',
  external: (id) => !id.startsWith('.') && !id.startsWith('/') && id !== 'commander',
  logLevel: 'warn',
  onLog(level, log, handler) {
    if (log.code === 'INEFFECTIVE_DYNAMIC_IMPORT') return;
    handler(level, log);
  },
  output: {
    dir: 'dist/bundle',
    format: 'esm',
    entryFileNames: '[name].mjs',
    chunkFileNames: '[name]-[hash].mjs',
    cleanDir: true,
  },
});
