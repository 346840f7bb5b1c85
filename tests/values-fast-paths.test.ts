/**
 * The value parsers' fast paths (a date written dd/mm/yyyy, an ID or a phone
 * of digits only) against their general paths on generated cells: clean
 * values the fast paths take, near misses they must leave to the general
 * path (other separators, spaces, a quote, letters, impossible days, years out
 * of range), and anything a reader yields.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CellValue } from '../src/readers/types.js';
import { parseDate, parseDateGeneral, parsePersonId, parsePersonIdGeneral, parsePhone, parsePhoneGeneral } from '../src/importer/values.js';

const SCALE = Number(process.env.FUZZ_RUNS ?? 1);
const runs = (n: number) => Math.max(1, Math.round(n * SCALE));

const digits = (min: number, max: number) => fc.stringMatching(new RegExp(`^[0-9]{${min},${max}}$`));
const two = fc.integer({ min: 0, max: 99 }).map((n) => String(n).padStart(2, '0'));
const four = fc.integer({ min: 0, max: 9999 }).map((n) => String(n).padStart(4, '0'));

/** dd/mm/yyyy with any two- and four-digit parts (30/02, 31/04, 00/13, 1799, 2201 among them). */
const plainDate = fc.tuple(two, two, four).map(([d, m, y]) => `${d}/${m}/${y}`);

/** A cell near the fast paths' forms, and anything else. */
const cell: fc.Arbitrary<CellValue> = fc.oneof(
  plainDate,
  plainDate.map((s) => ` ${s}`),
  plainDate.map((s) => `${s} `),
  plainDate.map((s) => s.replace('/', '-')),
  plainDate.map((s) => `ngày ${s}`),
  plainDate.map((s) => s.slice(1)),
  digits(1, 14),
  digits(1, 14).map((s) => `0${s}`),
  digits(1, 14).map((s) => `'${s}`),
  digits(1, 14).map((s) => `+${s}`),
  digits(1, 14).map((s) => `${s}.0`),
  digits(1, 14).map((s) => `${s.slice(0, 3)} ${s.slice(3)}`),
  digits(9, 12).map((s) => `${s}\u00a0`),
  digits(9, 12).map((s) => s.replace(/[0-9]/g, (c) => String.fromCharCode(0xff10 + Number(c)))), // full-width digits
  fc.stringMatching(/^[\d ./\-+eE,()'a-z]{0,16}$/),
  fc.string(),
  fc.constant(''),
  fc.constant(null),
  fc.double(),
  fc.integer({ min: 0, max: 999_999_999_999 }),
  fc.boolean(),
  fc.date({ min: new Date('1700-01-01'), max: new Date('2300-01-01') }),
);

describe('fast paths of the value parsers', () => {
  it('parseDate gives what its general path gives', () => {
    fc.assert(
      fc.property(cell, (v) => {
        expect(parseDate(v)).toEqual(parseDateGeneral(v));
      }),
      { numRuns: runs(20_000) },
    );
  });

  it('parsePersonId gives what its general path gives', () => {
    fc.assert(
      fc.property(cell, (v) => {
        expect(parsePersonId(v)).toEqual(parsePersonIdGeneral(v));
      }),
      { numRuns: runs(20_000) },
    );
  });

  it('parsePhone gives what its general path gives', () => {
    fc.assert(
      fc.property(cell, (v) => {
        expect(parsePhone(v)).toEqual(parsePhoneGeneral(v));
      }),
      { numRuns: runs(20_000) },
    );
  });

  it('the forms the fast paths take, each way they end', () => {
    const cases: CellValue[] = [
      '05/03/1990',
      '29/02/2000',
      '29/02/1900',
      '31/04/2020',
      '00/01/2000',
      '01/13/2000',
      '01/01/1799',
      '01/01/2201',
      '079123456789',
      '79123456789',
      '0903123456',
      '903123456',
      '1',
      '0',
    ];
    for (const v of cases) {
      expect(parseDate(v)).toEqual(parseDateGeneral(v));
      expect(parsePersonId(v)).toEqual(parsePersonIdGeneral(v));
      expect(parsePhone(v)).toEqual(parsePhoneGeneral(v));
    }
    // toEqual does not tell a missing key from an undefined one: the keys too.
    for (const v of cases) {
      expect(Object.keys(parseDate(v))).toEqual(Object.keys(parseDateGeneral(v)));
      expect(Object.keys(parsePersonId(v))).toEqual(Object.keys(parsePersonIdGeneral(v)));
      expect(Object.keys(parsePhone(v))).toEqual(Object.keys(parsePhoneGeneral(v)));
    }
  });
});
