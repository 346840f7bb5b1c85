/**
 * Property tests of name normalisation: `unitNameKey` (src/units/names.ts) is
 * idempotent and blind to diacritics, case, Unicode normal form, spacing and
 * leading zeros; `neighbourhoodKey` (src/text/neighbourhood.ts) is idempotent
 * and blind to the same.
 *
 * FUZZ_RUNS multiplies the number of cases (default 1).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { neighbourhoodKey } from '../src/text/neighbourhood.js';
import { LOOKALIKE_LETTERS } from '../src/text/scripts.js';
import { unitNameKey, unitNameResidual, unitTypeOf } from '../src/units/names.js';

const SCALE = Number(process.env.FUZZ_RUNS ?? 1);
const runs = (n: number) => Math.max(1, Math.round(n * SCALE));

/** Strips Vietnamese diacritics the way a clerk without a Vietnamese keyboard types. */
const bare = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D');

const unitWord = fc.constantFrom(
  'Phường',
  'phường',
  'PHƯỜNG',
  'P.',
  'P',
  'p.',
  'Xã',
  'X.',
  'Thị trấn',
  'TT',
  'TT.',
  'Quận',
  'Q.',
  'Q',
  'Huyện',
  'H.',
  'Thành phố',
  'TP',
  'TP.',
  'Tỉnh',
  'Thị xã',
  'TX',
  'Đặc khu',
  'Tân Định',
  'Đa Kao',
  'Bến Nghé',
  'Phương Liên',
  'Quán Thánh',
  'Xuân Hòa',
  'Sài Gòn',
  'Côn Đảo',
  'Hồ Chí Minh',
  '1',
  '01',
  '001',
  '10',
  '0',
  '4',
  '-',
  '–',
  '(',
  ')',
  ',',
  '"',
  ' ',
  '  ',
  '.',
  '\u00a0',
);
const unitName = fc.oneof(
  { weight: 4, arbitrary: fc.array(unitWord, { maxLength: 6 }).map((w) => w.join(' ')) },
  { weight: 1, arbitrary: fc.array(unitWord, { maxLength: 6 }).map((w) => w.join('')) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 16 }) },
);

describe('unitNameKey', () => {
  it('is idempotent, and the residual and type never throw', () => {
    fc.assert(
      fc.property(unitName, (s) => {
        const k = unitNameKey(s);
        expect(unitNameKey(k)).toBe(k);
        unitNameResidual(s);
        unitTypeOf(s);
      }),
      { numRuns: runs(10000) },
    );
  });

  it('ignores diacritics, case, Unicode normal form, outer spacing and leading zeros', () => {
    fc.assert(
      fc.property(
        fc.array(unitWord, { maxLength: 6 }).map((w) => w.join(' ')),
        (s) => {
          const k = unitNameKey(s);
          expect(unitNameKey(bare(s))).toBe(k);
          expect(unitNameKey(s.toUpperCase())).toBe(k);
          expect(unitNameKey(s.normalize('NFD'))).toBe(k);
          expect(unitNameKey(`  ${s}  `)).toBe(k);
          expect(unitNameKey(s.replace(/\b(\d)\b/g, '0$1'))).toBe(k);
        },
      ),
      { numRuns: runs(10000) },
    );
  });

  it('known spellings of one ward share a key', () => {
    for (const s of ['Phường Tân Định', 'P. Tân Định', 'phuong tan dinh', 'P.Tân Định', 'PHƯỜNG TÂN ĐỊNH', 'Tân Định']) expect(unitNameKey(s)).toBe('tan dinh');
    for (const s of ['Phường 1', 'Phường 01', 'P.1', 'P1', 'p 01']) expect(unitNameKey(s)).toBe('1');
  });
});

const hoodWord = fc.constantFrom(
  'Khu phố',
  'khu phố',
  'KHU PHỐ',
  'Khu Pho',
  'KP',
  'KP.',
  'kp.',
  'Ấp',
  'ấp',
  'Ap',
  'Thôn',
  'Tổ dân phố',
  'TDP',
  'Khóm',
  '1',
  '01',
  '001',
  '0',
  '12',
  'A',
  'Bình Thới',
  'Mỹ Hòa',
  '.',
  ',',
  ';',
  ':',
  ' ',
  '-',
  '\u00a0',
);
const hood = fc.oneof(
  { weight: 4, arbitrary: fc.array(hoodWord, { maxLength: 5 }).map((w) => w.join(' ')) },
  { weight: 2, arbitrary: fc.array(hoodWord, { maxLength: 5 }).map((w) => w.join('')) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 12 }) },
);

describe('neighbourhoodKey', () => {
  it('is idempotent on names without stray punctuation', () => {
    fc.assert(
      fc.property(
        hood.filter((s) => !/[.,;:]/.test(s)),
        (s) => {
          const k = neighbourhoodKey(s);
          expect(neighbourhoodKey(k)).toBe(k);
        },
      ),
      { numRuns: runs(10000) },
    );
  });

  it('is idempotent on look-alike letters of either case (a random seed once found "ÀҺ" → "aһ" → "ah")', () => {
    expect(neighbourhoodKey(neighbourhoodKey('ÀҺ'))).toBe(neighbourhoodKey('ÀҺ'));
    // Keys fold look-alikes first and lower case after: a small letter in the table needs its capital in the table too
    // (a capital alone is fine: Cyrillic В is B, its small в is not a b).
    for (const c of Object.keys(LOOKALIKE_LETTERS)) {
      const capital = c.toUpperCase();
      if (capital !== c && LOOKALIKE_LETTERS[capital] === undefined) expect.fail(`${c} is in the look-alike table but its capital ${capital} is not`);
    }
  });

  it('is idempotent with punctuation too ("Khu phố 1. ," is "Khu phố 1")', () => {
    expect(neighbourhoodKey('Khu phố 1. ,')).toBe(neighbourhoodKey('Khu phố 1'));
    fc.assert(
      fc.property(hood, (s) => {
        const k = neighbourhoodKey(s);
        expect(neighbourhoodKey(k)).toBe(k);
      }),
      { numRuns: runs(10000) },
    );
  });

  it('ignores diacritics, case and Unicode normal form', () => {
    fc.assert(
      fc.property(
        fc.array(hoodWord, { maxLength: 5 }).map((w) => w.join(' ')),
        (s) => {
          const k = neighbourhoodKey(s);
          expect(neighbourhoodKey(bare(s))).toBe(k);
          expect(neighbourhoodKey(s.toUpperCase())).toBe(k);
          expect(neighbourhoodKey(s.normalize('NFD'))).toBe(k);
        },
      ),
      { numRuns: runs(10000) },
    );
  });

  it('known spellings of one neighbourhood share a key', () => {
    for (const s of ['KP 1', 'Khu phố 01', 'kp.1', 'Khu Pho 1', 'KHU PHỐ 1.']) expect(neighbourhoodKey(s)).toBe('kp 1');
  });
});
