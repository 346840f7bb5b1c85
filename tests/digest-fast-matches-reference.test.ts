/**
 * The workbook digest (src/reports/digest.ts) takes shortcuts: one test for
 * text that is already canonical, dates written as text once, rows hashed in
 * large pieces. Its value is part of every monthly workbook, so on generated
 * awkward rows (whitespace of every kind, combining marks, controls, lone
 * surrogates, over-long text, dates, numbers, our own formulas) it must equal
 * the plain definition kept here: every cell cleaned and its whitespace
 * folded, every date through toISOString, rows joined in batches.
 */
import crypto from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { canon, canonRow, RowHasher } from '../src/reports/digest.js';
import { cleanCellText, MAX_CELL_CHARS, type SafeValue } from '../src/reports/safe-cell.js';

/** The plain definition of a cell's canonical text. */
function referenceCanon(v: SafeValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') {
    let t = /[\u0300-\u036f\x00-\x08\x0B\x0C\x0E-\x1F\uD800-\uDFFF\uFFFE\uFFFF]/.test(v) || v.length > MAX_CELL_CHARS ? cleanCellText(v) : v;
    if (/^\s|\s$|\s\s|[^\S ]/.test(t)) t = t.replace(/\s+/g, ' ').trim();
    return t;
  }
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  if (typeof v === 'boolean') return v ? '1' : '0';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  return Number.isFinite(Number(v.result)) ? String(v.result) : cleanCellText(String(v.result));
}

function referenceRow(vals: SafeValue[]): string {
  const cells = vals.map(referenceCanon);
  while (cells.length > 0 && cells[cells.length - 1] === '') cells.pop();
  return cells.join('\u001f');
}

/** The plain definition of the digest: rows in batches of 256, each row followed by the record separator. */
function referenceDigest(rows: SafeValue[][]): string {
  const h = crypto.createHash('sha256');
  for (let i = 0; i < rows.length; i += 256)
    h.update(
      `${rows
        .slice(i, i + 256)
        .map(referenceRow)
        .join('\u001e')}\u001e`,
    );
  return h.digest('hex');
}

const SPACES = [
  ' ',
  '  ',
  '\t',
  '\n',
  '\r',
  '\r\n',
  '\u000b',
  '\u000c',
  '\u00a0',
  '\u1680',
  '\u2002',
  '\u200a',
  '\u2028',
  '\u2029',
  '\u202f',
  '\u205f',
  '\u3000',
  '\ufeff',
  '\u200b',
  '\u0085',
];
const ODD = ['\u0301', 'e\u0301', '\u0000', '\u0007', '\u001f', '\u001e', '\ud800', '\udc00', '\ud83d\ude00', '\ufffe', '\uffff', 'ạ', 'Ư', '=1+1', '-', ''];

const awkwardText = fc
  .array(
    fc.oneof(
      fc.constantFrom(...SPACES),
      fc.constantFrom(...ODD),
      fc.string({ maxLength: 6 }),
      fc.string({ unit: 'grapheme', maxLength: 4 }),
      fc.constantFrom('Nguyễn', 'Văn', 'An'),
    ),
    {
      maxLength: 8,
    },
  )
  .map((parts) => parts.join(''));

const cell: fc.Arbitrary<SafeValue> = fc.oneof(
  { weight: 6, arbitrary: awkwardText },
  { weight: 1, arbitrary: fc.constantFrom('x'.repeat(MAX_CELL_CHARS), `${'y'.repeat(MAX_CELL_CHARS)} `, ` ${'z'.repeat(MAX_CELL_CHARS + 3)}`) },
  { weight: 2, arbitrary: fc.oneof(fc.integer(), fc.double(), fc.constantFrom(0, -0, Number.NaN, Number.POSITIVE_INFINITY, 1e21, 0.1 + 0.2)) },
  { weight: 2, arbitrary: fc.date({ min: new Date(Date.UTC(-2000, 0, 1)), max: new Date(Date.UTC(12000, 0, 1)), noInvalidDate: true }) },
  { weight: 1, arbitrary: fc.constantFrom(null, undefined, true, false) },
  { weight: 1, arbitrary: fc.record({ formula: fc.constant('SUM(A1:A2)'), result: fc.oneof(fc.integer(), awkwardText) }) },
);

describe('the digest with its shortcuts equals the plain definition', () => {
  test('cells', () => {
    fc.assert(
      fc.property(cell, (v) => {
        expect(canon(v)).toBe(referenceCanon(v));
      }),
      { numRuns: 3000 },
    );
  });

  test('rows and their digest, over many rows (several pieces)', () => {
    fc.assert(
      fc.property(fc.array(fc.array(cell, { maxLength: 14 }), { maxLength: 700 }), (rows) => {
        for (const r of rows) expect(canonRow(r)).toBe(referenceRow(r));
        const h = new RowHasher();
        for (const r of rows) h.add(r);
        expect(h.count).toBe(rows.length);
        expect(h.hex()).toBe(referenceDigest(rows));
      }),
      { numRuns: 60 },
    );
  });

  test('the same date twice, and an invalid date still refused', () => {
    const d = new Date(Date.UTC(1990, 5, 30));
    expect(canon(d)).toBe('1990-06-30');
    expect(canon(new Date(d.getTime()))).toBe('1990-06-30');
    expect(() => canon(new Date(Number.NaN))).toThrow(RangeError);
  });

  test('the digest read part way and then continued', () => {
    const rows: SafeValue[][] = Array.from({ length: 3000 }, (_, i) => [i, `Nguyễn Văn ${i}`, new Date(Date.UTC(1980, 0, 1 + i)), '']);
    const h = new RowHasher();
    for (const r of rows.slice(0, 1000)) h.add(r);
    expect(h.hex()).toBe(referenceDigest(rows.slice(0, 1000)));
    for (const r of rows.slice(1000)) h.add(r);
    expect(h.hex()).toBe(referenceDigest(rows));
  });
});
