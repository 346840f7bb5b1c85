/**
 * Detection over the whole file: a byte-order mark; else UTF-16 without one
 * (every other byte zero); else valid UTF-8; else the legacy Vietnamese
 * encoding whose decoding gives the most valid syllables. A named encoding is
 * checked the same way: a file that does not decode is an InputError naming
 * the line.
 */
import { readHead } from '../files.js';
import { binaryError } from './errors.js';
import { guessLegacy } from './legacy-guess.js';
import { encodingName, type EncodingName } from './names.js';
import { requireUtf16, utf16Check } from './utf16.js';
import { requireUtf8, utf8Check } from './utf8.js';
import type { TextScore } from './vietnamese.js';

export interface Detected {
  encoding: EncodingName;
  /** Bytes of byte-order mark at the start. */
  bom: number;
  /** Why this encoding was chosen, for notes. */
  how: 'bom' | 'forced' | 'utf-8' | 'scored';
  scores?: Partial<Record<EncodingName, TextScore>>;
}

/** Bytes read to find a byte-order mark and UTF-16 without one. */
const HEAD_BYTES = 4096;

function bomOf(head: Buffer): { enc: EncodingName; len: number } | null {
  if (head.length >= 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { enc: 'utf-8', len: 3 };
  if (head.length >= 2 && head[0] === 0xff && head[1] === 0xfe) return { enc: 'utf-16le', len: 2 };
  if (head.length >= 2 && head[0] === 0xfe && head[1] === 0xff) return { enc: 'utf-16be', len: 2 };
  return null;
}

/** Throws unless the file from `start` on decodes as `enc` (the legacy encodings: unless the head holds NUL bytes). */
async function requireDecodes(file: string, enc: EncodingName, start: number, head: Buffer): Promise<void> {
  if (enc === 'utf-8') await requireUtf8(file, start);
  else if (enc === 'utf-16le' || enc === 'utf-16be') await requireUtf16(file, enc, start);
  else if (head.indexOf(0) !== -1) throw binaryError(file);
}

/** UTF-16 without a BOM: every other byte zero in ASCII text, and the whole file decodes. */
async function utf16WithoutBom(file: string, head: Buffer): Promise<EncodingName | undefined> {
  if (head.length < 16) return undefined;
  let evenZero = 0;
  let oddZero = 0;
  for (let i = 0; i + 1 < head.length; i += 2) {
    if (head[i] === 0) evenZero++;
    if (head[i + 1] === 0) oddZero++;
  }
  const pairs = Math.floor(head.length / 2);
  if (oddZero > pairs * 0.6 && evenZero < pairs * 0.05 && (await utf16Check(file, 'utf-16le', 0)) === 0) return 'utf-16le';
  if (evenZero > pairs * 0.6 && oddZero < pairs * 0.05 && (await utf16Check(file, 'utf-16be', 0)) === 0) return 'utf-16be';
  return undefined;
}

/**
 * Decides the encoding of a text file, reading it whole (a second read then
 * decodes it). Forced names are checked too: a file that does not decode is
 * an InputError naming the line.
 */
export async function detectEncoding(file: string, forced?: string): Promise<Detected> {
  const head = await readHead(file, HEAD_BYTES);
  const bom = bomOf(head);
  const want = forced ? encodingName(forced) : undefined;
  if (want) {
    const bomLen = bom && bom.enc === want ? bom.len : 0;
    await requireDecodes(file, want, bomLen, head);
    return { encoding: want, bom: bomLen, how: 'forced' };
  }
  if (bom) {
    await requireDecodes(file, bom.enc, bom.len, head);
    return { encoding: bom.enc, bom: bom.len, how: 'bom' };
  }
  const utf16 = await utf16WithoutBom(file, head);
  if (utf16) return { encoding: utf16, bom: 0, how: 'scored' };
  const c = await utf8Check(file, 0);
  if (c.nul) throw binaryError(file);
  if (!c.badLine) return { encoding: 'utf-8', bom: 0, how: 'utf-8' };
  const { encoding, scores } = await guessLegacy(file, c.badLine);
  return { encoding, bom: 0, how: 'scored', scores };
}
