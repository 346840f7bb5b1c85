import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { cellText, excelSerialToDate, parseDate, parseGender, parsePersonId, parsePhone, parseRole, parseYesNo } from '../src/importer/values.js';

const cell = fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.double(), fc.integer(), fc.boolean(), fc.date({ noInvalidDate: false }), fc.constant(null));

describe('cellText', () => {
  test('NFC, trimmed, single-spaced; numbers without exponent; dates as yyyy-mm-dd', () => {
    expect(cellText('  Nguye\u0302\u0303n   Va\u0306n\u00a0An ')).toBe('Nguyễn Văn An');
    expect(cellText(79123456789)).toBe('79123456789');
    expect(cellText(new Date(Date.UTC(1990, 3, 3)))).toBe('1990-04-03');
    expect(cellText(null)).toBe('');
    expect(cellText(true)).toBe('TRUE');
  });
  test('never throws and is idempotent', () => {
    fc.assert(
      fc.property(cell, (v) => {
        const t = cellText(v);
        expect(cellText(t)).toBe(t);
        expect(t).toBe(t.normalize('NFC'));
      }),
    );
  });
});

describe('parseDate', () => {
  test('day first, never month first', () => {
    expect(parseDate('03/04/1990').value).toBe('1990-04-03');
    expect(parseDate('3/4/90').value).toBe('1990-04-03');
    expect(parseDate('5/6/04').value).toBe('2004-06-05');
    expect(parseDate('03-04-1990').value).toBe('1990-04-03');
    expect(parseDate('03.04.1990').value).toBe('1990-04-03');
    expect(parseDate('1990-04-03').value).toBe('1990-04-03');
    expect(parseDate('ngày 05 tháng 3 năm 1990').value).toBe('1990-03-05');
  });
  test('bare year', () => {
    expect(parseDate('1985')).toEqual({ value: '1985', raw: '1985' });
    expect(parseDate(1985).value).toBe('1985');
  });
  test('invalid dates are unparsed, raw kept', () => {
    expect(parseDate('31/02/1990')).toEqual({ value: null, raw: '31/02/1990', repair: 'unparsed' });
    expect(parseDate('13/13/1990').repair).toBe('unparsed');
    expect(parseDate('không rõ')).toEqual({ value: null, raw: 'không rõ', repair: 'unparsed' });
    expect(parseDate(null)).toEqual({ value: null, raw: '' });
  });
  test('Excel dates and serials (1900 system with the leap-year quirk, 1904 system)', () => {
    expect(parseDate(new Date(Date.UTC(1975, 11, 31))).value).toBe('1975-12-31');
    expect(parseDate(32874).value).toBe('1990-01-01');
    expect(parseDate(61).value).toBe('1900-03-01');
    expect(parseDate(59).value).toBe('1900-02-28');
    expect(parseDate(1).value).toBe('1900-01-01');
    expect(excelSerialToDate(0, true)?.toISOString()).toBe('1904-01-01T00:00:00.000Z');
    expect(excelSerialToDate(31412, true)?.toISOString()).toBe('1990-01-01T00:00:00.000Z');
  });
  test('never throws; a parsed value parses to itself', () => {
    fc.assert(
      fc.property(cell, (v) => {
        const p = parseDate(v);
        if (p.value !== null) expect(parseDate(p.value).value).toBe(p.value);
        else if (p.raw !== '') expect(p.repair).toBe('unparsed');
      }),
    );
  });
});

describe('parsePersonId', () => {
  test('a number that lost its leading zero is repaired', () => {
    expect(parsePersonId(79123456789)).toEqual({ value: '079123456789', raw: '79123456789', repair: 'repaired' });
    expect(parsePersonId('79123456789')).toEqual({ value: '079123456789', raw: '79123456789', repair: 'repaired' });
    expect(parsePersonId('79123456789.0').value).toBe('079123456789');
  });
  test('scientific notation and inexact numbers are unrecoverable', () => {
    expect(parsePersonId('7.92031E+10')).toEqual({ value: null, raw: '7.92031E+10', repair: 'unrecoverable' });
    expect(parsePersonId(7.92031e10).repair).toBe('unrecoverable');
    expect(parsePersonId(79123456789.5).repair).toBe('unrecoverable');
    expect(parsePersonId(1e20).repair).toBe('unrecoverable');
  });
  test('digits kept, 12-digit and 9-digit IDs as they are', () => {
    expect(parsePersonId(' 079 123 456 789 ')).toEqual({ value: '079123456789', raw: '079 123 456 789' });
    expect(parsePersonId("'079123456789").value).toBe('079123456789');
    expect(parsePersonId('023456789')).toEqual({ value: '023456789', raw: '023456789' });
    expect(parsePersonId(null)).toEqual({ value: null, raw: '' });
    expect(parsePersonId('chưa có').repair).toBe('unparsed');
  });
  test('never throws; idempotent on its own output', () => {
    fc.assert(
      fc.property(cell, (v) => {
        const p = parsePersonId(v);
        if (p.value !== null) {
          expect(p.value).toMatch(/^\d+$/);
          expect(parsePersonId(p.value).value).toBe(p.value);
        }
      }),
    );
    fc.assert(
      fc.property(fc.stringMatching(/^0\d{11}$/), (id) => {
        expect(parsePersonId(id)).toEqual({ value: id, raw: id });
        expect(parsePersonId(Number(id)).value).toBe(Number(id) >= 1e10 && !String(Number(id)).endsWith('00000') ? id : parsePersonId(Number(id)).value);
      }),
    );
  });
});

describe('parsePhone', () => {
  test('separators removed, +84 becomes 0, lost zero repaired', () => {
    expect(parsePhone('091 234.5678')).toEqual({ value: '0912345678', raw: '091 234.5678' });
    expect(parsePhone('0912-345-678').value).toBe('0912345678');
    expect(parsePhone('+84 912 345 678').value).toBe('0912345678');
    expect(parsePhone('84912345678').value).toBe('0912345678');
    expect(parsePhone(912345678)).toEqual({ value: '0912345678', raw: '912345678', repair: 'repaired' });
    expect(parsePhone('912345678').repair).toBe('repaired');
    expect(parsePhone(2838221234).value).toBe('2838221234');
    expect(parsePhone('9.12346E+08')).toEqual({ value: null, raw: '9.12346E+08', repair: 'unrecoverable' });
    expect(parsePhone(9.123456785e8).repair).toBe('unrecoverable');
  });
  test('never throws; idempotent on its own output', () => {
    fc.assert(
      fc.property(cell, (v) => {
        const p = parsePhone(v);
        if (p.value !== null) expect(parsePhone(p.value).value).toBe(p.value);
      }),
    );
  });
});

describe('roles, gender, yes/no', () => {
  test('roles by synonyms, folded', () => {
    for (const s of ['Tổ trưởng', 'TỔ TRƯỞNG', 'to truong', 'TT', 'Leader']) expect(parseRole(s)).toBe('leader');
    for (const s of ['Tổ phó', 'TP', 'Deputy', 'tổ  phó']) expect(parseRole(s)).toBe('deputy');
    for (const s of ['Thành viên', 'TV', 'member', 'THANH VIEN']) expect(parseRole(s)).toBe('member');
    expect(parseRole('Chủ tịch')).toBeNull();
    expect(parseRole(null)).toBeNull();
  });
  test('gender', () => {
    expect(parseGender('Nam')).toBe('male');
    expect(parseGender('NỮ')).toBe('female');
    expect(parseGender('nu')).toBe('female');
    expect(parseGender('F')).toBe('female');
    expect(parseGender('Male')).toBe('male');
    expect(parseGender('x')).toBeNull();
  });
  test('yes/no', () => {
    for (const s of ['Có', 'co', 'x', 'X', '✓', '1', 'Yes', 'Đã', 'TRUE', 'Đã học']) expect(parseYesNo(s)).toBe(true);
    for (const s of ['Không', 'khong', '0', 'No', 'Chưa', 'FALSE']) expect(parseYesNo(s)).toBe(false);
    expect(parseYesNo(true)).toBe(true);
    expect(parseYesNo(0)).toBe(false);
    expect(parseYesNo('')).toBeNull();
    expect(parseYesNo('có lẽ')).toBeNull();
  });
  test('never throw', () => {
    fc.assert(
      fc.property(cell, (v) => {
        parseRole(v);
        parseGender(v);
        parseYesNo(v);
      }),
    );
  });
});
