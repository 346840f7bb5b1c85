/**
 * VNI (the VNI-Times font encoding of the 1990s) to Unicode. VNI writes a
 * base letter followed by a diacritic byte, as Windows-1252 characters:
 * "chaøo" = "chào", "Tröôøng" = "Trường". iconv-lite has no VNI table, so this
 * composes the letters itself; decode the bytes as windows-1252 first.
 *
 * Table (lower case; the upper-case bytes are the same letters in capitals):
 * tones after a vowel: ù sắc, ø huyền, û hỏi, õ ngã, ï nặng;
 * after a/e/o: â circumflex, á à å ã ä circumflex with sắc/huyền/hỏi/ngã/nặng;
 * after a: ê breve, é è ú ü ë breve with sắc/huyền/hỏi/ngã/nặng;
 * letters of their own: ô ơ, ö ư, ñ đ, í í, ì ì, æ ỉ, ó ĩ, ò ị, î ỵ.
 */

const TONE: Record<string, string> = { ù: '\u0301', ø: '\u0300', û: '\u0309', õ: '\u0303', ï: '\u0323' };
const CIRC: Record<string, string> = {
  â: '\u0302',
  á: '\u0302\u0301',
  à: '\u0302\u0300',
  å: '\u0302\u0309',
  ã: '\u0302\u0303',
  ä: '\u0302\u0323',
};
const BREVE: Record<string, string> = {
  ê: '\u0306',
  é: '\u0306\u0301',
  è: '\u0306\u0300',
  ú: '\u0306\u0309',
  ü: '\u0306\u0303',
  ë: '\u0306\u0323',
};

const BASE: Record<string, string> = { ô: 'o\u031b', ö: 'u\u031b' };

const SINGLE: Record<string, string> = {
  ô: 'ơ',
  Ô: 'Ơ',
  ö: 'ư',
  Ö: 'Ư',
  ñ: 'đ',
  Ñ: 'Đ',
  æ: 'ỉ',
  Æ: 'Ỉ',
  ó: 'ĩ',
  Ó: 'Ĩ',
  ò: 'ị',
  Ò: 'Ị',
  î: 'ỵ',
  Î: 'Ỵ',
};

function marksFor(baseLower: string, modLower: string): string | null {
  const tone = TONE[modLower];
  if (tone) return tone;
  if (baseLower === 'a' || baseLower === 'e' || baseLower === 'o') {
    const c = CIRC[modLower];
    if (c) return c;
  }
  if (baseLower === 'a') {
    const b = BREVE[modLower];
    if (b) return b;
  }
  return null;
}

const PAIR = /([aeouyôöAEOUYÔÖ])([ùøûõïâáàåãäêéèúüëÙØÛÕÏÂÁÀÅÃÄÊÉÈÚÜË])|([ôÔöÖñÑæÆóÓòÒîÎ])/g;

/** Converts VNI text (bytes decoded as windows-1252) to NFC Unicode. */
export function vniToUnicode(s: string): string {
  if (!/[\u00c0-\u00ff]/.test(s)) return s;
  return s
    .replace(PAIR, (_m, base: string | undefined, mod: string | undefined, single: string | undefined) => {
      if (single) return SINGLE[single] ?? single; // PAIR's third group holds only SINGLE's letters
      const b = base as string;
      const bl = b.toLowerCase();
      const marks = marksFor(bl === 'ô' ? 'ô' : bl === 'ö' ? 'ö' : bl, (mod as string).toLowerCase());
      if (marks === null) {
        // Not a VNI pair: keep the modifier as it is, but still convert a ô/ö base letter.
        return (SINGLE[b] ?? b) + (mod as string);
      }
      const upper = b !== bl;
      let letter = BASE[bl] ?? bl;
      if (upper) letter = letter.toUpperCase();
      return letter + marks;
    })
    .normalize('NFC');
}

const MODIFIER = /[ùøûõïâáàåãäêéèúüëÙØÛÕÏÂÁÀÅÃÄÊÉÈÚÜË]/;

/**
 * Streaming wrapper: a base letter at the end of one chunk may take its
 * diacritic from the start of the next, so the text from the last character
 * that is not a diacritic byte on is held back.
 */
export class VniJoiner {
  private carry = '';
  write(chunk: string): string {
    const s = this.carry + chunk;
    let k = s.length - 1;
    while (k > 0 && MODIFIER.test(s.charAt(k))) k--;
    if (k <= 0) {
      this.carry = s;
      return '';
    }
    this.carry = s.slice(k);
    return vniToUnicode(s.slice(0, k));
  }
  end(): string {
    const s = this.carry;
    this.carry = '';
    return vniToUnicode(s);
  }
}
