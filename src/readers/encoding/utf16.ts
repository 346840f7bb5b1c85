/** Whether a file decodes as UTF-16 (little- or big-endian) from start to end. */
import fs from 'node:fs';
import { badLineError } from './errors.js';
import { CHECK_CHUNK } from './utf8.js';

/** Decodes the whole file with a UTF-16 decoder in fatal mode; the line of the first bad unit, or 0. */
export async function utf16Check(file: string, enc: 'utf-16le' | 'utf-16be', start: number): Promise<number> {
  const td = new TextDecoder(enc, { fatal: true });
  let lines = 0;
  try {
    for await (const chunk of fs.createReadStream(file, { start, highWaterMark: CHECK_CHUNK }) as AsyncIterable<Buffer>) {
      const s = td.decode(chunk, { stream: true });
      for (let p = s.indexOf('\n'); p !== -1; p = s.indexOf('\n', p + 1)) lines++;
    }
    td.decode();
    return 0;
  } catch {
    return lines + 1;
  }
}

/** Throws unless the file from `start` on decodes as `enc`, naming the line of the first bad unit. */
export async function requireUtf16(file: string, enc: 'utf-16le' | 'utf-16be', start: number): Promise<void> {
  const bad = await utf16Check(file, enc, start);
  if (bad) throw badLineError(file, bad, enc.toUpperCase());
}
