/** Streaming decoders of every supported encoding, yielding NFC text. */
import { StringDecoder } from 'node:string_decoder';
import { legacyDecoder } from './legacy.js';
import type { EncodingName } from './names.js';
import { NfcStream } from './nfc.js';
import type { StreamDecoder } from './stream-decoder.js';

export type { StreamDecoder } from './stream-decoder.js';

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
    default:
      return legacyDecoder(enc, nfc);
  }
}
