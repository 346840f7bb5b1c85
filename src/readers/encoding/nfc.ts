/** NFC text out of a stream of decoded chunks. */

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
