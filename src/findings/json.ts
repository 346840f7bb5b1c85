/** Findings as JSON (SPEC § Findings), one finding per line, in chunks: a million findings are more than one string can hold, and a writer encodes short chunks faster (WRITE_CHARS). */
import type { Report } from '../rules/types.js';
import { WRITE_CHARS } from './spill.js';
import { streamOf, type FindingsStream } from './stream.js';

export function* jsonChunks(report: FindingsStream | Report): Generator<string> {
  const r = streamOf(report);
  yield `{ "ok": ${r.ok}, "period": ${JSON.stringify(r.period)},\n  "counts": ${JSON.stringify(r.counts)},\n  "findings": [`;
  let chunk = '';
  let n = 0;
  for (const json of findingsJson(r)) {
    chunk += (n === 0 ? '\n    ' : ',\n    ') + json;
    n++;
    if (chunk.length >= WRITE_CHARS) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
  yield n > 0 ? '\n  ] }\n' : '] }\n';
}

/** Each finding's JSON: as the stream has it (a spilled finding's line) or stringified here. */
function* findingsJson(r: FindingsStream): Iterable<string> {
  if (r.findingsJson) {
    yield* r.findingsJson();
    return;
  }
  for (const f of r.findings()) yield JSON.stringify(f);
}
