/**
 * Text encodings of roster files: naming, streaming decoders that yield NFC
 * text, and detection over the whole file (BOM; else valid UTF-8; else the
 * legacy Vietnamese encoding whose decoding gives the most valid syllables).
 */
import fs from 'node:fs';
import { isUtf8 } from 'node:buffer';
import { StringDecoder } from 'node:string_decoder';
import iconv from 'iconv-lite';
import { InputError, UsageError } from '../../errors.js';
import { msg } from '../../text/i18n.js';
import { VniJoiner } from './vni.js';
import { newScore, scoreText, scoreValue, type TextScore } from './vietnamese.js';

export type EncodingName = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1258' | 'tcvn3' | 'vni';

export const ENCODING_NAMES: readonly EncodingName[] = ['utf-8', 'utf-16le', 'utf-16be', 'windows-1258', 'tcvn3', 'vni'];

const ALIASES: Record<string, EncodingName> = {
  utf8: 'utf-8',
  'utf-8': 'utf-8',
  'utf-8-sig': 'utf-8',
  utf16le: 'utf-16le',
  'utf-16le': 'utf-16le',
  'utf-16': 'utf-16le',
  utf16: 'utf-16le',
  ucs2: 'utf-16le',
  unicode: 'utf-16le',
  utf16be: 'utf-16be',
  'utf-16be': 'utf-16be',
  'windows-1258': 'windows-1258',
  windows1258: 'windows-1258',
  cp1258: 'windows-1258',
  'cp-1258': 'windows-1258',
  win1258: 'windows-1258',
  tcvn3: 'tcvn3',
  tcvn: 'tcvn3',
  'tcvn-3': 'tcvn3',
  abc: 'tcvn3',
  vn3: 'tcvn3',
  vni: 'vni',
  'vni-windows': 'vni',
  'vni-win': 'vni',
};

/** The canonical name for --encoding, or a UsageError listing the names. */
export function encodingName(name: string): EncodingName {
  const e = ALIASES[name.trim().toLowerCase().replace(/_/g, '-')];
  if (e) return e;
  throw new UsageError(
    msg(`Không biết bảng mã "${name}".`, `Unknown encoding "${name}".`),
    msg(
      `Dùng một trong: utf-8, utf-16le, utf-16be, windows-1258 (cp1258), tcvn3 (abc), vni.`,
      `Use one of: utf-8, utf-16le, utf-16be, windows-1258 (cp1258), tcvn3 (abc), vni.`,
    ),
  );
}

export interface StreamDecoder {
  write(chunk: Buffer): string;
  end(): string;
}

/**
 * TCVN3 has lower-case letters only above ASCII (capitals came from a second
 * font, .VnTimeH, drawing the same codes as capitals). A cell whose ASCII
 * letters are all capitals ("DANH S¸CH") is written in capitals: upper-case it.
 */
function tcvnCapitals(s: string): string {
  if (!/[A-Z]/.test(s)) return s;
  return s.replace(/[^,;\t"\r\n]+/g, (seg) => {
    if (!/[^\x00-\x7f]/.test(seg) || /[a-z]/.test(seg)) return seg;
    const caps = seg.match(/[A-Z]/g);
    return caps && caps.length >= 3 ? seg.toUpperCase() : seg;
  });
}

/**
 * NFC in a stream: a combining mark at the start of one chunk belongs to the
 * letter at the end of the previous one, so everything from the last ASCII
 * character on is held back until the next chunk.
 */
export class NfcStream {
  private carry = '';
  write(s: string): string {
    if (this.carry) s = this.carry + s;
    this.carry = '';
    if (s.length === 0) return s;
    let i = s.length - 1;
    while (i >= 0 && s.charCodeAt(i) >= 0x80) i--;
    if (i < 0) {
      // no ASCII at all: hold on unless it grows large (then a split inside a run of letters is accepted)
      if (s.length < 4096) {
        this.carry = s;
        return '';
      }
      i = s.length - 1;
    }
    // keep s[i..] back: its last letter may take combining marks from the next chunk
    this.carry = s.slice(i);
    s = s.slice(0, i);
    return isAsciiOrNfc(s) ? s : s.normalize('NFC');
  }
  end(): string {
    const s = this.carry;
    this.carry = '';
    return s.normalize('NFC');
  }
}

/**
 * Characters that NFC never changes: Latin-1, Latin Extended-A/B, IPA and
 * spacing modifiers, Latin Extended Additional (all precomposed Vietnamese
 * letters), general punctuation (except U+2000/2001), currency signs. Text made
 * only of these is already NFC; anything else (combining marks first of all)
 * goes through normalize().
 */
const MAYBE_NOT_NFC = /[^\u0000-\u02ff\u1e00-\u1eff\u2002-\u206f\u20a0-\u20bf]/;

function isAsciiOrNfc(s: string): boolean {
  return !MAYBE_NOT_NFC.test(s);
}

/** A decoder yielding NFC text (BOM removed). */
export function createDecoder(enc: EncodingName): StreamDecoder {
  const nfc = new NfcStream();
  switch (enc) {
    case 'utf-8': {
      const sd = new StringDecoder('utf8');
      return { write: (b) => nfc.write(sd.write(b)), end: () => nfc.write(sd.end()) + nfc.end() };
    }
    case 'utf-16le':
    case 'utf-16be': {
      const td = new TextDecoder(enc, { fatal: false });
      return {
        write: (b) => nfc.write(td.decode(b, { stream: true })),
        end: () => nfc.write(td.decode()) + nfc.end(),
      };
    }
    case 'windows-1258': {
      const d = iconv.getDecoder('cp1258');
      return { write: (b) => nfc.write(d.write(b)), end: () => nfc.write(d.end() ?? '') + nfc.end() };
    }
    case 'tcvn3': {
      const d = iconv.getDecoder('tcvn');
      // capitals are decided per cell: hold back the text after the last separator
      let carry = '';
      const caps = (t: string, final: boolean) => {
        const s = carry + t;
        const cut = final ? s.length : Math.max(s.lastIndexOf(','), s.lastIndexOf(';'), s.lastIndexOf('\t'), s.lastIndexOf('\n'), s.lastIndexOf('"')) + 1;
        const at = cut === 0 && s.length > 65536 ? s.length : cut;
        carry = s.slice(at);
        return tcvnCapitals(s.slice(0, at));
      };
      return { write: (b) => caps(nfc.write(d.write(b)), false), end: () => caps(nfc.write(d.end() ?? '') + nfc.end(), true) };
    }
    case 'vni': {
      const d = iconv.getDecoder('cp1252');
      const j = new VniJoiner();
      return { write: (b) => nfc.write(j.write(d.write(b))), end: () => nfc.write(j.write(d.end() ?? '') + j.end()) + nfc.end() };
    }
  }
}

export interface Detected {
  encoding: EncodingName;
  /** Bytes of byte-order mark at the start. */
  bom: number;
  /** Why this encoding was chosen, for notes. */
  how: 'bom' | 'forced' | 'utf-8' | 'scored';
  scores?: Partial<Record<EncodingName, TextScore>>;
}

const CHUNK = 1 << 20;

function bomOf(head: Buffer): { enc: EncodingName; len: number } | null {
  if (head.length >= 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { enc: 'utf-8', len: 3 };
  if (head.length >= 2 && head[0] === 0xff && head[1] === 0xfe) return { enc: 'utf-16le', len: 2 };
  if (head.length >= 2 && head[0] === 0xfe && head[1] === 0xff) return { enc: 'utf-16be', len: 2 };
  return null;
}

async function readHead(file: string, n: number): Promise<Buffer> {
  const fh = await fs.promises.open(file, 'r');
  try {
    const buf = Buffer.alloc(n);
    const { bytesRead } = await fh.read(buf, 0, n, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

/** Offset of the first byte that is not valid UTF-8, or -1. */
export function firstInvalidUtf8(b: Buffer): number {
  let i = 0;
  const n = b.length;
  while (i < n) {
    const c = b[i];
    if (c < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    if (c >= 0xc2 && c <= 0xdf) (need = 1), (min = 0x80);
    else if (c >= 0xe0 && c <= 0xef) (need = 2), (min = 0x800);
    else if (c >= 0xf0 && c <= 0xf4) (need = 3), (min = 0x10000);
    else return i;
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

function badLineError(file: string, line: number, enc: string): InputError {
  return new InputError(
    msg(`${file}: dòng ${line} không đọc được theo bảng mã ${enc}.`, `${file}: line ${line} does not decode as ${enc}.`),
    msg(
      `Lưu lại tệp dưới dạng CSV UTF-8, hoặc chỉ rõ bảng mã bằng --encoding (utf-8, utf-16le, windows-1258, tcvn3, vni).`,
      `Save the file again as CSV UTF-8, or name its encoding with --encoding (utf-8, utf-16le, windows-1258, tcvn3, vni).`,
    ),
    file,
  );
}

function binaryError(file: string): InputError {
  return new InputError(
    msg(`${file}: không phải tệp văn bản hay bảng tính (có byte nhị phân).`, `${file}: not a text file or a spreadsheet (it holds binary bytes).`),
    msg('Hãy gửi tệp .xlsx, .csv hoặc .txt xuất từ Excel.', 'Give an .xlsx, .csv or .txt file exported from Excel.'),
    file,
  );
}

/**
 * Reads the file once to check it is valid UTF-8 (and not binary junk);
 * returns the line of the first bad byte, or 0.
 */
async function utf8Check(file: string, start: number): Promise<{ badLine: number; nul: boolean }> {
  let lines = 0;
  let carry: Buffer = Buffer.alloc(0);
  let nul = false;
  for await (const chunk of fs.createReadStream(file, { start, highWaterMark: CHUNK }) as AsyncIterable<Buffer>) {
    let b = chunk;
    if (carry.length) {
      // finish the character split across chunks on its own (no copy of the whole chunk)
      let k = 0;
      while (k < b.length && k < 3 && (b[k] & 0xc0) === 0x80) k++;
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

/** Decodes the whole file with a UTF-16 decoder in fatal mode; the line of the first bad unit, or 0. */
async function utf16Check(file: string, enc: 'utf-16le' | 'utf-16be', start: number): Promise<number> {
  const td = new TextDecoder(enc, { fatal: true });
  let lines = 0;
  try {
    for await (const chunk of fs.createReadStream(file, { start, highWaterMark: CHUNK }) as AsyncIterable<Buffer>) {
      const s = td.decode(chunk, { stream: true });
      for (let p = s.indexOf('\n'); p !== -1; p = s.indexOf('\n', p + 1)) lines++;
    }
    td.decode();
    return 0;
  } catch {
    return lines + 1;
  }
}

const LEGACY: EncodingName[] = ['windows-1258', 'tcvn3', 'vni'];

/** Scores each legacy decoding over the whole file; returns scores and, per encoding, the first line with a bad word. */
async function scoreLegacy(file: string): Promise<Record<string, { score: TextScore; firstBad: number }>> {
  const out: Record<string, { score: TextScore; firstBad: number }> = {};
  const decs = LEGACY.map((e) => ({ e, d: createDecoder(e), carry: '', line: 0, score: newScore(), firstBad: 0 }));
  const feed = (x: (typeof decs)[number], text: string, final: boolean) => {
    const s = x.carry + text;
    const last = final ? s.length : s.lastIndexOf('\n') + 1;
    let p = 0;
    while (p < last) {
      let nl = s.indexOf('\n', p);
      if (nl === -1 || nl >= last) nl = last;
      const line = s.slice(p, nl);
      x.line++;
      if (/[^\x00-\x7f]/.test(line)) {
        const before = x.score.bad + x.score.junk;
        scoreText(line, x.score);
        if (!x.firstBad && x.score.bad + x.score.junk > before) x.firstBad = x.line;
      }
      p = nl + 1;
    }
    x.carry = s.slice(last);
  };
  for await (const chunk of fs.createReadStream(file, { highWaterMark: CHUNK }) as AsyncIterable<Buffer>) {
    for (const x of decs) feed(x, x.d.write(chunk), false);
  }
  for (const x of decs) feed(x, x.d.end(), true);
  for (const x of decs) out[x.e] = { score: x.score, firstBad: x.firstBad };
  return out;
}

/**
 * Decides the encoding of a text file, reading it whole (a second read then
 * decodes it). Forced names are checked too: a file that does not decode is
 * an InputError naming the line.
 */
export async function detectEncoding(file: string, forced?: string): Promise<Detected> {
  const head = await readHead(file, 4096);
  const bom = bomOf(head);
  const want = forced ? encodingName(forced) : undefined;
  if (want) {
    const bomLen = bom && bom.enc === want ? bom.len : 0;
    if (want === 'utf-8') {
      const c = await utf8Check(file, bomLen);
      if (c.nul) throw binaryError(file);
      if (c.badLine) throw badLineError(file, c.badLine, 'UTF-8');
    } else if (want === 'utf-16le' || want === 'utf-16be') {
      const bad = await utf16Check(file, want, bomLen);
      if (bad) throw badLineError(file, bad, want.toUpperCase());
    } else if (head.indexOf(0) !== -1) {
      throw binaryError(file);
    }
    return { encoding: want, bom: bomLen, how: 'forced' };
  }
  if (bom) {
    if (bom.enc === 'utf-8') {
      const c = await utf8Check(file, bom.len);
      if (c.nul) throw binaryError(file);
      if (c.badLine) throw badLineError(file, c.badLine, 'UTF-8');
    } else {
      const bad = await utf16Check(file, bom.enc as 'utf-16le' | 'utf-16be', bom.len);
      if (bad) throw badLineError(file, bad, bom.enc.toUpperCase());
    }
    return { encoding: bom.enc, bom: bom.len, how: 'bom' };
  }
  // UTF-16 without a BOM: every other byte zero in ASCII text.
  if (head.length >= 16) {
    let evenZero = 0;
    let oddZero = 0;
    for (let i = 0; i + 1 < head.length; i += 2) {
      if (head[i] === 0) evenZero++;
      if (head[i + 1] === 0) oddZero++;
    }
    const pairs = Math.floor(head.length / 2);
    if (oddZero > pairs * 0.6 && evenZero < pairs * 0.05 && (await utf16Check(file, 'utf-16le', 0)) === 0) {
      return { encoding: 'utf-16le', bom: 0, how: 'scored' };
    }
    if (evenZero > pairs * 0.6 && oddZero < pairs * 0.05 && (await utf16Check(file, 'utf-16be', 0)) === 0) {
      return { encoding: 'utf-16be', bom: 0, how: 'scored' };
    }
  }
  const c = await utf8Check(file, 0);
  if (c.nul) throw binaryError(file);
  if (!c.badLine) return { encoding: 'utf-8', bom: 0, how: 'utf-8' };
  const scores = await scoreLegacy(file);
  let best: EncodingName = 'windows-1258';
  for (const e of LEGACY) if (scoreValue(scores[e].score) > scoreValue(scores[best].score)) best = e;
  const s = scores[best].score;
  const words = s.good + s.bad;
  // Most non-ASCII words must become Vietnamese syllables; otherwise the text is not any of these encodings.
  if (s.junk > 0 || words === 0 || s.bad > Math.max(2, words * 0.15)) {
    throw new InputError(
      msg(
        `${file}: không nhận ra bảng mã (không phải UTF-8; dòng ${c.badLine} có byte không hợp lệ, và không giải mã được như windows-1258, TCVN3 hay VNI).`,
        `${file}: cannot tell the encoding (not UTF-8: line ${c.badLine} has invalid bytes; nor does it decode as windows-1258, TCVN3 or VNI).`,
      ),
      msg(
        'Lưu lại tệp dưới dạng "CSV UTF-8" trong Excel, hoặc chỉ rõ bảng mã bằng --encoding.',
        'Save the file as "CSV UTF-8" in Excel, or name its encoding with --encoding.',
      ),
      file,
    );
  }
  const out: Partial<Record<EncodingName, TextScore>> = {};
  for (const e of LEGACY) out[e] = scores[e].score;
  return { encoding: best, bom: 0, how: 'scored', scores: out };
}
