/**
 * Is a word a Vietnamese syllable? Used to score candidate decodings of a
 * legacy-encoded file: the right decoding turns almost every word that has
 * non-ASCII letters into a valid syllable, the wrong ones into junk such as
 * "b¶o", "chaøo" or "baòo".
 */

const TONE_MARKS = /[\u0300\u0301\u0303\u0309\u0323]/g;

const ONSET = '(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnpqrstvx])?';
const NUCLEI = [
  'a',
  'ă',
  'â',
  'e',
  'ê',
  'i',
  'o',
  'ô',
  'ơ',
  'u',
  'ư',
  'y',
  'ai',
  'ao',
  'au',
  'ay',
  'âu',
  'ây',
  'eo',
  'êu',
  'ia',
  'iê',
  'iu',
  'oa',
  'oă',
  'oe',
  'oi',
  'ôi',
  'ơi',
  'oo',
  'ua',
  'uâ',
  'uê',
  'ui',
  'uô',
  'uơ',
  'uy',
  'ưa',
  'ưi',
  'ươ',
  'ưu',
  'yê',
  'iêu',
  'yêu',
  'oai',
  'oay',
  'oeo',
  'uây',
  'uôi',
  'ươi',
  'ươu',
  'uya',
  'uyê',
  'uyu',
];
const CODA = '(?:ch|ng|nh|[cmnpt])?';
const SYLLABLE = new RegExp(`^${ONSET}(?:${NUCLEI.sort((a, b) => b.length - a.length).join('|')})${CODA}$`);

/** True when `word` (any case, any normalisation) is a well-formed Vietnamese syllable. */
export function isVietnameseSyllable(word: string): boolean {
  const nfd = word.toLowerCase().normalize('NFD');
  const tones = nfd.match(TONE_MARKS);
  if (tones && tones.length > 1) return false;
  const base = nfd.replace(TONE_MARKS, '').normalize('NFC');
  return SYLLABLE.test(base);
}

export interface TextScore {
  /** Words with non-ASCII letters that are valid syllables. */
  good: number;
  /** Words with non-ASCII characters that are not. */
  bad: number;
  /** Replacement characters and control characters. */
  junk: number;
}

const WORD = /[^\s,;:"'()[\]{}/\\|.!?<>=+*&^%$#@~`0-9_-]+/g;
// eslint-disable-next-line no-control-regex
const JUNK = /[\ufffd\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;

/** Adds the score of one decoded text to `s`. */
export function scoreText(text: string, s: TextScore): TextScore {
  const words = text.match(WORD);
  if (words) {
    for (const w of words) {
      if (!/[^\x00-\x7f]/.test(w)) continue;
      if (isVietnameseSyllable(w)) s.good++;
      else s.bad++;
    }
  }
  const junk = text.match(JUNK);
  if (junk) s.junk += junk.length;
  return s;
}

export function newScore(): TextScore {
  return { good: 0, bad: 0, junk: 0 };
}

/** One number to compare decodings by. */
export function scoreValue(s: TextScore): number {
  return s.good - s.bad - 3 * s.junk;
}
