/**
 * A file that is not UTF-8: each legacy decoding scored over the whole file
 * by how many of its non-ASCII words are Vietnamese syllables; the best one,
 * unless even it leaves too many words that are not.
 */
import fs from 'node:fs';
import { InputError } from '../../errors.js';
import { msg } from '../../text/i18n.js';
import { createDecoder } from './decode.js';
import { LEGACY } from './legacy.js';
import type { EncodingName } from './names.js';
import { CHECK_CHUNK } from './utf8.js';
import { newScore, scoreText, scoreValue, type TextScore } from './vietnamese.js';

interface LegacyScore {
  e: EncodingName;
  score: TextScore;
  /** The first line with a bad word. */
  firstBad: number;
}

/** Scores each legacy decoding over the whole file, in the order of LEGACY. */
async function scoreLegacy(file: string): Promise<LegacyScore[]> {
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
  for await (const chunk of fs.createReadStream(file, { highWaterMark: CHECK_CHUNK }) as AsyncIterable<Buffer>) {
    for (const x of decs) feed(x, x.d.write(chunk), false);
  }
  for (const x of decs) feed(x, x.d.end(), true);
  return decs.map(({ e, score, firstBad }) => ({ e, score, firstBad }));
}

/**
 * The legacy encoding whose decoding gives the most Vietnamese syllables, with
 * every encoding's score; an InputError when not even the best one reads as
 * Vietnamese (`badLine`: the first line that is not UTF-8, for the message).
 */
export async function guessLegacy(file: string, badLine: number): Promise<{ encoding: EncodingName; scores: Partial<Record<EncodingName, TextScore>> }> {
  const scored = await scoreLegacy(file);
  // The first of LEGACY (windows-1258) unless a later one scores strictly higher.
  const best = scored.reduce((a, b) => (scoreValue(b.score) > scoreValue(a.score) ? b : a));
  const s = best.score;
  const words = s.good + s.bad;
  // Most non-ASCII words must become Vietnamese syllables; otherwise the text is not any of these encodings.
  if (s.junk > 0 || words === 0 || s.bad > Math.max(2, words * 0.15)) {
    throw new InputError(
      msg(
        `${file}: không nhận ra bảng mã (không phải UTF-8; dòng ${badLine} có byte không hợp lệ, và không giải mã được như windows-1258, TCVN3 hay VNI).`,
        `${file}: cannot tell the encoding (not UTF-8: line ${badLine} has invalid bytes; nor does it decode as windows-1258, TCVN3 or VNI).`,
      ),
      msg('Lưu lại tệp dưới dạng "CSV UTF-8" trong Excel, hoặc chỉ rõ bảng mã bằng --encoding.', 'Save the file as "CSV UTF-8" in Excel, or name its encoding with --encoding.'),
      file,
    );
  }
  const out: Partial<Record<EncodingName, TextScore>> = {};
  for (const x of scored) out[x.e] = x.score;
  return { encoding: best.e, scores: out };
}
