/**
 * Decoders of the legacy Vietnamese encodings (windows-1258, TCVN3, VNI),
 * yielding NFC text. TCVN3 capitals are decided per cell; VNI letters are
 * composed from a base letter and diacritic bytes (./vni.ts).
 */
import iconv from 'iconv-lite';
import type { StreamDecoder } from './stream-decoder.js';
import type { EncodingName } from './names.js';
import type { NfcStream } from './nfc.js';
import { VniJoiner } from './vni.js';

/** The legacy encodings, in the order detection prefers them on a tie. */
export const LEGACY: EncodingName[] = ['windows-1258', 'tcvn3', 'vni'];

export type LegacyEncoding = 'windows-1258' | 'tcvn3' | 'vni';

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

/** Capitals are decided per cell: the text after the last separator is held back until the next chunk. */
function tcvnDecoder(nfc: NfcStream): StreamDecoder {
  const d = iconv.getDecoder('tcvn');
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

/** A decoder of one legacy encoding, its text through `nfc`. */
export function legacyDecoder(enc: LegacyEncoding, nfc: NfcStream): StreamDecoder {
  switch (enc) {
    case 'windows-1258': {
      const d = iconv.getDecoder('cp1258');
      return { write: (b) => nfc.write(d.write(b)), end: () => nfc.write(d.end() ?? '') + nfc.end() };
    }
    case 'tcvn3':
      return tcvnDecoder(nfc);
    case 'vni': {
      const d = iconv.getDecoder('cp1252');
      const j = new VniJoiner();
      return { write: (b) => nfc.write(j.write(d.write(b))), end: () => nfc.write(j.write(d.end() ?? '') + j.end()) + nfc.end() };
    }
  }
}
