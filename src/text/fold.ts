/**
 * Text normalisation shared by every matcher: NFC for storage, a "folded" key
 * (no diacritics, no case, single spaces) for comparison. The original text is
 * always kept for display.
 */

/** NFC, trimmed, inner whitespace collapsed to one space. */
export function cleanText(s: string): string {
  return s.normalize('NFC').replace(/[\s\u00a0\u200b\ufeff]+/g, ' ').trim();
}

const COMBINING = /[\u0300-\u036f]/g;

/** Diacritics- and case-insensitive key: "Phường Đa Kao " -> "phuong da kao". */
export function fold(s: string): string {
  return s
    .normalize('NFD')
    .replace(COMBINING, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[\s\u00a0\u200b\ufeff]+/g, ' ')
    .trim();
}
