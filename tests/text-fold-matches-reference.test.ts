/**
 * The fast paths of cleanText and fold give exactly what the plain
 * definitions give (NFC / NFD, marks removed, đ → d, lower case, white space
 * collapsed, trimmed), on hand-picked text and on generated strings mixing
 * ASCII, precomposed Vietnamese, combining marks, odd spaces and other scripts.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cleanText, fold } from '../src/text/fold.js';

const WS = /[\s\u00a0\u200b\ufeff]+/g;
const refClean = (s: string) => s.normalize('NFC').replace(WS, ' ').trim();
const refFold = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(WS, ' ')
    .trim();

const PIECES = [
  'a',
  'Z',
  '0',
  ' ',
  '  ',
  '\t',
  '\r\n',
  '\u00a0',
  '\u200b',
  '\ufeff',
  '\u2003',
  '\u3000',
  '\u2028',
  'Nguyễn',
  'Thị',
  'Đặng',
  'đ',
  'Đ',
  'Ư',
  'ơ',
  'Phường',
  'Bến Nghé',
  'Hòa',
  'Hoà',
  'Thủy',
  'Thuỷ',
  'e\u0301',
  'a\u0323\u0302',
  '\u0301',
  'o\u031b\u0300',
  'A\u030a',
  '\u212b',
  '\u2126',
  'ﬁ',
  'İ',
  'ẞ',
  'ß',
  'Σ',
  'ς',
  'Ǆ',
  'ǅ',
  'Æ',
  'Ø',
  '×',
  '÷',
  '€',
  '–',
  '"',
  "'",
  ',',
  ';',
  '…',
  '中文',
  '한국',
  '\u1100\u1161',
  '😀',
  '\ud800',
  'KP.01',
  'Tổ trưởng',
  'TỔ PHÓ',
  '079203001234',
  '+84 912 345 678',
  '\u0085',
  '\u00ad',
  '\u0300\u0300',
];

const text = fc.array(fc.constantFrom(...PIECES), { maxLength: 12 }).map((a) => a.join(''));
const anyText = fc.oneof(text, fc.string({ unit: 'grapheme', maxLength: 20 }), fc.string({ unit: 'binary', maxLength: 20 }));

describe('cleanText and fold fast paths', () => {
  it('match the plain definitions on hand-picked text', () => {
    for (const s of [...PIECES, '', ' ', 'Nguyễn Văn An', ' Nguyễn  Văn An ', 'Phường Đa Kao ', 'NGUYỄN THỊ HỒNG', `${'x'.repeat(5000)}Đ`]) {
      expect(cleanText(s)).toBe(refClean(s));
      expect(fold(s)).toBe(refFold(s));
    }
  });

  it('match the plain definitions on generated text', () => {
    fc.assert(
      fc.property(anyText, (s) => {
        expect(cleanText(s)).toBe(refClean(s));
        expect(fold(s)).toBe(refFold(s));
      }),
      { numRuns: 5000 },
    );
  });

  it('fold every Latin letter alone and inside a word as the plain definition does', () => {
    for (const [from, to] of [
      [0x80, 0x2ff],
      [0x1e00, 0x1eff],
      [0x2000, 0x20cf],
    ] as [number, number][]) {
      for (let c = from; c <= to; c++) {
        const ch = String.fromCharCode(c);
        for (const s of [ch, `Ab${ch}cD`, `${ch} ${ch}`]) {
          expect(fold(s), `U+${c.toString(16)}`).toBe(refFold(s));
          expect(cleanText(s), `U+${c.toString(16)}`).toBe(refClean(s));
        }
      }
    }
  });
});
