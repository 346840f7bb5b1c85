/**
 * Text encodings of roster files: their names (`names.ts`), streaming
 * decoders that yield NFC text (`decode.ts`, `nfc.ts`, `legacy.ts` for
 * windows-1258, TCVN3 and VNI), and detection over the whole file
 * (`detect.ts`: BOM; else valid UTF-8, checked in `utf8.ts`; else the legacy
 * encoding whose decoding gives the most valid syllables, `legacy-guess.ts`).
 */
export { ENCODING_NAMES, encodingName, type EncodingName } from './names.js';
export { NfcStream } from './nfc.js';
export { createDecoder, type StreamDecoder } from './decode.js';
export { firstInvalidUtf8 } from './utf8.js';
export { detectEncoding, type Detected } from './detect.js';
