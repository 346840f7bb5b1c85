/**
 * Text normalisation shared by every matcher: NFC for storage, a "folded" key
 * (no diacritics, no case, single spaces) for comparison. The original text is
 * always kept for display.
 *
 * Both functions have a fast path for the text a roster is made of (ASCII and
 * precomposed Vietnamese letters, single inner spaces) that gives exactly what
 * the general path gives; anything else (combining marks, other scripts,
 * tabs, non-breaking or repeated spaces) takes the general path.
 */

const WS = /[\s\u00a0\u200b\ufeff]+/g;

/**
 * True when `c` is a character NFC never changes and that is not white space
 * for `\s`/trim() (nor U+200B): printable ASCII other than the space, Latin-1
 * from U+00A1, Latin Extended-A/B, IPA and spacing modifiers, Latin Extended
 * Additional (all precomposed Vietnamese letters), general punctuation except
 * its spaces and separators, currency signs.
 */
function stableChar(c: number): boolean {
  if (c > 32 && c < 127) return true;
  if (c < 0xa1) return false;
  return c <= 0x2ff || (c >= 0x1e00 && c <= 0x1eff) || (c >= 0x2010 && c <= 0x2027) || (c >= 0x2030 && c <= 0x205e) || (c >= 0x2060 && c <= 0x206f) || (c >= 0x20a0 && c <= 0x20bf);
}

/** Already what cleanText would return: stable characters and single inner spaces. */
function isClean(s: string): boolean {
  const n = s.length;
  if (n === 0) return true;
  if (s.charCodeAt(0) === 32 || s.charCodeAt(n - 1) === 32) return false;
  let prevSpace = false;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c === 32) {
      if (prevSpace) return false;
      prevSpace = true;
    } else if (stableChar(c)) prevSpace = false;
    else return false;
  }
  return true;
}

/** NFC, trimmed, inner whitespace collapsed to one space. */
export function cleanText(s: string): string {
  if (isClean(s)) return s;
  return s.normalize('NFC').replace(WS, ' ').trim();
}

const COMBINING = /[\u0300-\u036f]/g;

function foldGeneral(s: string): string {
  return s.normalize('NFD').replace(COMBINING, '').replace(/[đĐ]/g, 'd').toLowerCase().replace(WS, ' ').trim();
}

/**
 * Per-character folds of U+00C0–U+024F and U+1E00–U+1EFF (each letter folds
 * on its own: its decomposition is a base letter and marks), 0 where the fold
 * is not a single character. Built on first use from the general path.
 */
let LATIN: Uint16Array | undefined;
let VIET: Uint16Array | undefined;

function table(from: number, to: number): Uint16Array {
  const t = new Uint16Array(to - from + 1);
  for (let c = from; c <= to; c++) {
    const f = foldGeneral(String.fromCharCode(c));
    t[c - from] = f.length === 1 && f.charCodeAt(0) !== 32 ? f.charCodeAt(0) : 0;
  }
  return t;
}

/** Diacritics- and case-insensitive key: "Phường Đa Kao " -> "phuong da kao". */
export function fold(s: string): string {
  const n = s.length;
  if (n === 0 || n > 4096 || s.charCodeAt(0) === 32 || s.charCodeAt(n - 1) === 32) return foldGeneral(s);
  let ascii = true;
  let prevSpace = false;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c === 32) {
      if (prevSpace) return foldGeneral(s);
      prevSpace = true;
      continue;
    }
    prevSpace = false;
    if (c > 32 && c < 127) continue;
    if ((c >= 0xc0 && c <= 0x24f) || (c >= 0x1e00 && c <= 0x1eff)) ascii = false;
    else return foldGeneral(s);
  }
  if (ascii) return s.toLowerCase();
  LATIN ??= table(0xc0, 0x24f);
  VIET ??= table(0x1e00, 0x1eff);
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    let f: number;
    if (c < 127) f = c >= 65 && c <= 90 ? c + 32 : c;
    else f = (c <= 0x24f ? LATIN[c - 0xc0] : VIET[c - 0x1e00]) ?? 0; // c lies in the table's range (checked above)
    if (f === 0) return foldGeneral(s);
    out[i] = f;
  }
  return String.fromCharCode.apply(null, out);
}
