/**
 * The one UTF-8 check: the whole file read once, the line of the first byte
 * that is not UTF-8, and whether it holds NUL bytes (binary, not text).
 */
import fs from 'node:fs';
import { isUtf8 } from 'node:buffer';
import { badLineError, binaryError } from './errors.js';

/** Bytes read at a time when checking a whole file. */
export const CHECK_CHUNK = 1 << 20;

/** Offset of the first byte that is not valid UTF-8, or -1. */
export function firstInvalidUtf8(b: Buffer): number {
  let i = 0;
  const n = b.length;
  while (i < n) {
    const c = b[i]!;
    if (c < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    if (c >= 0xc2 && c <= 0xdf) {
      need = 1;
      min = 0x80;
    } else if (c >= 0xe0 && c <= 0xef) {
      need = 2;
      min = 0x800;
    } else if (c >= 0xf0 && c <= 0xf4) {
      need = 3;
      min = 0x10000;
    } else return i;
    if (i + need >= n) return i;
    let cp = c & (need === 1 ? 0x1f : need === 2 ? 0x0f : 0x07);
    for (let k = 1; k <= need; k++) {
      const d = b[i + k];
      if (d === undefined || (d & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (d & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}

/** Length of an incomplete UTF-8 sequence at the end of `b` (0–3). */
function incompleteTail(b: Buffer): number {
  const n = b.length;
  for (let k = 1; k <= 3 && k <= n; k++) {
    const c = b[n - k];
    if (c === undefined) break;
    if ((c & 0xc0) === 0x80) continue; // continuation byte: look further back
    const need = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
    return need > k ? k : 0;
  }
  return 0;
}

function countNewlines(b: Buffer, end = b.length): number {
  let n = 0;
  let p = b.indexOf(10, 0);
  while (p !== -1 && p < end) {
    n++;
    p = b.indexOf(10, p + 1);
  }
  return n;
}

/**
 * Reads the file once to check it is valid UTF-8 (and not binary junk);
 * returns the line of the first bad byte, or 0.
 */
export async function utf8Check(file: string, start: number): Promise<{ badLine: number; nul: boolean }> {
  let lines = 0;
  let carry: Buffer = Buffer.alloc(0);
  let nul = false;
  for await (const chunk of fs.createReadStream(file, { start, highWaterMark: CHECK_CHUNK }) as AsyncIterable<Buffer>) {
    let b = chunk;
    if (carry.length) {
      // finish the character split across chunks on its own (no copy of the whole chunk)
      let k = 0;
      while (k < 3 && ((b[k] ?? 0) & 0xc0) === 0x80) k++; // past the end: no continuation byte
      const joined = Buffer.concat([carry, b.subarray(0, k)]);
      if (!isUtf8(joined)) return { badLine: lines + 1, nul };
      b = b.subarray(k);
    }
    const tail = incompleteTail(b);
    const body = tail ? b.subarray(0, b.length - tail) : b;
    if (!nul && body.indexOf(0) !== -1) nul = true;
    if (!isUtf8(body)) {
      const at = firstInvalidUtf8(body);
      return { badLine: lines + countNewlines(body, at < 0 ? body.length : at) + 1, nul };
    }
    lines += countNewlines(body);
    carry = tail ? Buffer.from(b.subarray(b.length - tail)) : Buffer.alloc(0);
  }
  if (carry.length) return { badLine: lines + 1, nul };
  return { badLine: 0, nul };
}

/** Throws unless the file from `start` on is UTF-8 text: binary bytes, or the line of the first bad byte. */
export async function requireUtf8(file: string, start: number): Promise<void> {
  const c = await utf8Check(file, start);
  if (c.nul) throw binaryError(file);
  if (c.badLine) throw badLineError(file, c.badLine, 'UTF-8');
}
