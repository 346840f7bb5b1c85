/**
 * Property tests of the value parsers (dates, personal IDs, phones, roles,
 * gender, yes/no): they never throw on anything a reader can yield, and the
 * values they produce are fixed points (a date they print reads back as
 * itself; a 12-digit ID is itself).
 *
 * FUZZ_RUNS multiplies the number of cases (default 1).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CellValue } from '../src/readers/types.js';
import { cellText, excelSerialToDate, parseDate, parseGender, parsePersonId, parsePhone, parseRole, parseYesNo } from '../src/importer/values.js';

const SCALE = Number(process.env.FUZZ_RUNS ?? 1);
const runs = (n: number) => Math.max(1, Math.round(n * SCALE));

/** Anything a reader yields, and worse: NaN, infinities, invalid dates, astral and combining characters. */
const anyCell: fc.Arbitrary<CellValue> = fc.oneof(
  fc.constant(null),
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.stringMatching(/^[\d ./\-+eE,()']{0,20}$/),
  fc.constantFrom(
    '7.92031E+10',
    '+84 912 345 678',
    "'079123456789",
    'ngày 05 tháng 3 năm 1990',
    '29/02/1900',
    '00/00/0000',
    '31/12/9999',
    '1e400',
    '-0',
    'NaN',
    'Infinity',
    '#REF!',
  ),
  fc.double(),
  fc.integer(),
  fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }).map(Number),
  fc.boolean(),
  fc.date({ noInvalidDate: false }),
);

describe('value parsers never throw', () => {
  it('on anything a reader yields', () => {
    fc.assert(
      fc.property(anyCell, (v) => {
        const text = cellText(v);
        expect(typeof text).toBe('string');
        for (const p of [parseDate(v), parsePersonId(v), parsePhone(v)]) {
          expect(p.raw).toBe(text);
          expect(p.value === null || typeof p.value === 'string').toBe(true);
          if (p.value === null && text !== '') expect(p.repair).toBeDefined();
        }
        expect([null, 'leader', 'deputy', 'member']).toContain(parseRole(v));
        expect([null, 'male', 'female']).toContain(parseGender(v));
        expect([null, true, false]).toContain(parseYesNo(v));
      }),
      { numRuns: runs(5000) },
    );
  });
});

const day = fc
  .date({ min: new Date(Date.UTC(1800, 0, 1)), max: new Date(Date.UTC(2200, 11, 31)), noInvalidDate: true })
  .map((d) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate())));
const iso = (d: Date) => d.toISOString().slice(0, 10);

describe('dates: what parseDate produces, it reads back as itself', () => {
  it('a Date, its ISO text, and its day-first text', () => {
    fc.assert(
      fc.property(day, fc.constantFrom('/', '.', '-'), fc.boolean(), (d, sep, pad) => {
        const p = parseDate(d);
        expect(p.value).toBe(iso(d));
        expect(parseDate(p.value).value).toBe(p.value);
        const dd = pad ? String(d.getUTCDate()).padStart(2, '0') : String(d.getUTCDate());
        const mm = pad ? String(d.getUTCMonth() + 1).padStart(2, '0') : String(d.getUTCMonth() + 1);
        expect(parseDate(`${dd}${sep}${mm}${sep}${d.getUTCFullYear()}`).value).toBe(iso(d));
      }),
      { numRuns: runs(5000) },
    );
  });

  it('an Excel serial (1900 system), as a number and as its ISO text', () => {
    fc.assert(
      // 61 is 1900-03-01, 109939 is 2200-12-31: the years a roster date may have
      fc.property(fc.integer({ min: 61, max: 109_939 }), (serial) => {
        const p = parseDate(serial);
        const d = excelSerialToDate(serial) as Date;
        if (serial >= 1800 && serial <= 2200) {
          expect(p.value).toBe(String(serial)); // a bare year wins over a serial in 1904–1906
          return;
        }
        expect(p.value).toBe(iso(d));
        expect(parseDate(p.value).value).toBe(p.value);
      }),
      { numRuns: runs(5000) },
    );
  });

  it('a serial past 2200 is not printed as a date that then fails to read back', () => {
    const p = parseDate(109_940); // 2201-01-01
    expect(p.value === null || parseDate(p.value).value === p.value).toBe(true);
  });

  it('a bare year is a year', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1800, max: 2199 }), (y) => {
        expect(parseDate(String(y)).value).toBe(String(y));
        expect(parseDate(parseDate(y).value).value).toBe(String(y));
      }),
      { numRuns: runs(500) },
    );
  });
});

const digits = (n: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((a) => a.join(''));

describe('IDs and phones', () => {
  it('a 12-digit ID text is itself, with or without spacing or a leading apostrophe', () => {
    fc.assert(
      fc.property(digits(12), fc.constantFrom('', "'", ' '), (id, lead) => {
        const p = parsePersonId(lead + id);
        expect(p.value).toBe(id);
        expect(p.repair).toBeUndefined();
        expect(parsePersonId(`${id.slice(0, 3)} ${id.slice(3, 6)} ${id.slice(6)}`).value).toBe(id);
      }),
      { numRuns: runs(5000) },
    );
  });

  it('an ID that Excel stored as a number gets its leading zero back, or is unrecoverable; never a wrong ID', () => {
    fc.assert(
      // 0 + a province code 10–96 + 9 digits: Excel drops exactly one zero
      fc.property(
        fc.tuple(fc.integer({ min: 10, max: 96 }), digits(9)).map(([prov, rest]) => `0${prov}${rest}`),
        (id) => {
          const p = parsePersonId(Number(id));
          if (p.repair === 'repaired') expect(p.value).toBe(id);
          else expect(p).toMatchObject({ value: null, repair: 'unrecoverable' });
          // the same number printed in scientific notation by a CSV export
          expect(parsePersonId(Number(id).toExponential(5).toUpperCase())).toMatchObject({ value: null, repair: 'unrecoverable' });
        },
      ),
      { numRuns: runs(5000) },
    );
  });

  it('an ID of a province 001–009 (Hà Nội, Hà Giang, …) stored as a number loses two zeros and is repaired, not kept as 10 digits', () => {
    fc.assert(
      fc.property(
        fc.tuple(fc.integer({ min: 1, max: 9 }), digits(9)).map(([prov, rest]) => `00${prov}${rest}`),
        (id) => {
          const p = parsePersonId(Number(id)); // 001079012345 -> 1079012345
          expect(p.value === id || p.repair === 'unrecoverable').toBe(true);
        },
      ),
      { numRuns: runs(200) },
    );
  });

  it('a 10-digit phone starting with 0 is itself; written +84 it is the same number', () => {
    fc.assert(
      fc.property(digits(9), fc.constantFrom(' ', '.', '-', ''), (rest, sep) => {
        const phone = `0${rest}`;
        expect(parsePhone(phone).value).toBe(phone);
        expect(parsePhone(`+84 ${rest.slice(0, 3)}${sep}${rest.slice(3, 6)}${sep}${rest.slice(6)}`).value).toBe(phone);
        expect(parsePhone(parsePhone(phone).value).value).toBe(phone);
      }),
      { numRuns: runs(5000) },
    );
  });
});
