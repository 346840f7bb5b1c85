#!/usr/bin/env node
// Entry point: the only place that calls process.exit (see src/cli/main.ts).
// CommonJS (bin/package.json), as the bundle it requires: see rolldown.config.mjs.
'use strict';
const { main } = require('../dist/bundle/roster.cjs');

const closed = (e) => e && (e.code === 'EPIPE' || e.code === 'ERR_STREAM_DESTROYED');
// A reader that stops early (`roster doctor | head -1`) closes stdout: end quietly,
// with the exit code the work has reached so far.
process.stdout.on('error', (e) => {
  if (closed(e)) process.exit(process.exitCode ?? 0);
  throw e;
});
// Messages to a closed stderr (`roster … 2>&1 | head -1`) are dropped; the work
// goes on and the exit code still tells how it ended. The listener is attached
// when stderr is first used, by roster or by Node: Node builds the stream then
// (a pipe loads its network stack), and `roster --help` never writes to it.
const stderr = Object.getOwnPropertyDescriptor(process, 'stderr');
const dropClosed = (stream) => {
  stream.on('error', (e) => {
    if (!closed(e)) throw e;
  });
  return stream;
};
if (stderr?.get && stderr.configurable) {
  Object.defineProperty(process, 'stderr', {
    configurable: true,
    enumerable: stderr.enumerable,
    get() {
      const stream = dropClosed(stderr.get.call(process));
      Object.defineProperty(process, 'stderr', { configurable: true, enumerable: stderr.enumerable, get: () => stream });
      return stream;
    },
  });
} else {
  dropClosed(process.stderr);
}

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
