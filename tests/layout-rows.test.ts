/**
 * The pieces behind the layouts, row by row: section rows and sheet names as
 * khu phố, unclear headings, repeated headers, merged team cells, split names
 * and Nam/Nữ columns in the header, several phones in one cell.
 */
import { describe, expect, it } from 'vitest';
import { detectHeader } from '../src/importer/header.js';
import { carriesPerson, isHeaderRepeat, looksMergedDown, MergeFill, neighbourhoodIn, sectionOf, unclearHeading } from '../src/importer/layout.js';
import type { SourceRow } from '../src/readers/types.js';
import { recordMapper } from '../src/importer/record.js';
import { parsePhone, splitPhones } from '../src/importer/values.js';

const R = (row: number, ...cells: (string | number | null)[]): SourceRow => ({ row, cells });

describe('section rows and sheet names', () => {
  it('name the khu phố, numbered or not, with or without a colon', () => {
    expect(neighbourhoodIn('I. KHU PHỐ 1')).toBe('Khu phố 1');
    expect(neighbourhoodIn('II. KP 2:')).toBe('Khu phố 2');
    expect(neighbourhoodIn('KP2')).toBe('Khu phố 2');
    expect(neighbourhoodIn('Khu phố 03')).toBe('Khu phố 3');
    expect(neighbourhoodIn('3) Khu phố 3')).toBe('Khu phố 3');
    expect(neighbourhoodIn('Ấp Tân Hòa')).toBe('Ấp Tân Hòa');
    expect(neighbourhoodIn('ẤP TÂN HÒA')).toBe('Ấp Tân Hòa');
    expect(neighbourhoodIn('Tổ dân phố 5')).toBe('Tổ dân phố 5');
    expect(neighbourhoodIn('Áp dụng từ ngày 01/01')).toBeNull();
    expect(neighbourhoodIn('Hướng dẫn')).toBeNull();
    expect(neighbourhoodIn('Tổng hợp')).toBeNull();
    expect(neighbourhoodIn('Khu phố')).toBeNull();
  });

  it('a section row is one text, or a numeral and a text; a member row is not one', () => {
    expect(sectionOf(R(5, 'I. KHU PHỐ 1'))).toBe('Khu phố 1');
    expect(sectionOf(R(5, null, 'KP 2:'))).toBe('Khu phố 2');
    expect(sectionOf(R(5, 'II', 'Khu phố 2'))).toBe('Khu phố 2');
    expect(sectionOf(R(5, 1, 'Nguyễn Văn An', 'Tổ trưởng'))).toBeNull();
    expect(sectionOf(R(5, 1, 'Khu phố 2', 'Tổ trưởng'))).toBeNull();
  });

  it('an unclear heading: one capitalised or numbered text outside the person columns, not a sentence or a note', () => {
    const h = detectHeader([R(1, 'STT', 'Họ và tên', 'Chức danh', 'Phường/Xã')]);
    expect(unclearHeading(R(2, 'TỔ 5 - BÀU SEN'), h.columns)).toBe('TỔ 5 - BÀU SEN');
    expect(unclearHeading(R(2, null, 'DANH SÁCH BỔ SUNG'), h.columns)).toBe('DANH SÁCH BỔ SUNG');
    expect(unclearHeading(R(2, null, 'Nguyễn Văn An'), h.columns)).toBeNull();
    expect(unclearHeading(R(2, 'Ghi chú: danh sách gồm 15 người'), h.columns)).toBeNull();
    expect(unclearHeading(R(2, null, null, 'Tổ trưởng'), h.columns)).toBeNull();
  });

  it('the header written again further down is recognised', () => {
    const h = detectHeader([R(1, 'STT', 'Họ và tên', 'Chức danh', 'Phường/Xã')]);
    expect(isHeaderRepeat(R(9, 'STT', 'Họ và tên', 'Chức danh', 'Phường/Xã'), h)).toBe(true);
    expect(isHeaderRepeat(R(9, 'stt', 'HỌ VÀ TÊN'), h)).toBe(true);
    expect(isHeaderRepeat(R(9, 3, 'Nguyễn Văn An', 'Tổ trưởng', 'Phường Tân Định'), h)).toBe(false);
  });
});

describe('merged team cells', () => {
  it('fill ward and khu phố down the merge, never a person column, and only below the first cell', () => {
    const h = detectHeader([R(1, 'Họ và tên', 'Số CCCD', 'Chức danh', 'Khu phố', 'Phường/Xã')]);
    const fill = new MergeFill(
      [
        { firstRow: 2, lastRow: 4, firstCol: 4, lastCol: 4 },
        { firstRow: 2, lastRow: 3, firstCol: 3, lastCol: 3 },
        { firstRow: 2, lastRow: 3, firstCol: 1, lastCol: 1 },
      ],
      h.columns,
    );
    const rows = [
      R(2, 'An', '079080000001', 'TT', 'KP 1', 'Phường Tân Định'),
      R(3, 'Bình', null, 'TV', null, null),
      R(4, 'Chi', null, 'TV', null, null),
      R(5, 'Dũng', null, 'TV', null, null),
    ].map((r) => fill.apply(r).cells);
    expect(rows.map((c) => [c[1] ?? null, c[3] ?? null, c[4] ?? null])).toEqual([
      ['079080000001', 'KP 1', 'Phường Tân Định'],
      [null, 'KP 1', 'Phường Tân Định'],
      [null, null, 'Phường Tân Định'],
      [null, null, null],
    ]);
  });
});

describe('many merged teams', () => {
  it('20,000 rows in teams of five, khu phố merged over each team: every row gets its own team', () => {
    const h = detectHeader([R(1, 'Họ và tên', 'Chức danh', 'Khu phố', 'Phường/Xã')]);
    const merges = Array.from({ length: 4000 }, (_, t) => ({ firstRow: 2 + t * 5, lastRow: 6 + t * 5, firstCol: 2, lastCol: 2 }));
    const fill = new MergeFill(merges, h.columns);
    const got: string[] = [];
    for (let r = 2; r < 2 + 20000; r++) {
      const t = Math.floor((r - 2) / 5);
      got.push(String(fill.apply(R(r, `Người ${r}`, 'TV', (r - 2) % 5 === 0 ? `KP ${t}` : null, 'P')).cells[2]));
    }
    expect(got.every((v, i) => v === `KP ${Math.floor(i / 5)}`)).toBe(true);
  });
});

describe('first rows that look merged down (a large sheet is scanned for merges only then)', () => {
  it('a blank ward or khu phố under a filled one', () => {
    const head = [R(1, 'Họ và tên', 'Chức danh', 'Khu phố', 'Phường/Xã'), R(2, 'An', 'TT', 'KP 1', 'Phường Tân Định'), R(3, 'Bình', 'TV', null, 'Phường Tân Định')];
    const h = detectHeader(head);
    expect(looksMergedDown(head, h)).toBe(true);
    expect(looksMergedDown([...head.slice(0, 2), R(3, 'Bình', 'TV', 'KP 1', 'Phường Tân Định')], h)).toBe(false);
  });
});

describe('split names and Nam/Nữ columns in the header', () => {
  it('"Họ và tên" over "Họ và tên đệm" / "Tên" and "Ngày tháng năm sinh" over "Nam" / "Nữ": a layout, not duplicates', () => {
    const h = detectHeader([R(4, 'STT', 'Họ và tên', null, 'Ngày tháng năm sinh', null, 'Chức vụ', 'Phường/Xã'), R(5, null, 'Họ và tên đệm', 'Tên', 'Nam', 'Nữ', null, null)]);
    expect(h.headerRow).toBe(5);
    expect(h.missing).toEqual([]);
    expect(h.layout.nameParts?.map((p) => p.part)).toEqual(['family', 'given']);
    expect(h.layout.dobByGender?.male.column).toBe('D');
    expect(h.layout.duplicates).toEqual([]);
    const m = recordMapper(h.columns, h.layout);
    expect(m.toRecord(R(6, 1, 'Trần Thị', 'Mai', null, '05/11/1990', 'TV', 'Phường Tân Định'))).toMatchObject({
      full_name: 'Trần Thị Mai',
      dob: '1990-11-05',
      gender: 'female',
    });
    expect(m.toRecord(R(7, 2, 'Lê Minh', 'Tuấn', '21/07/1999', null, 'TV', 'Phường Tân Định'))).toMatchObject({ full_name: 'Lê Minh Tuấn', gender: 'male' });
  });

  it('"Nam" / "Nữ" marked with "x" and "Họ" / "Tên đệm" / "Tên"', () => {
    const h = detectHeader([R(1, 'Họ', 'Tên đệm', 'Tên', 'Nam', 'Nữ', 'Chức danh', 'Phường/Xã')]);
    expect(h.layout.genderMarks).toBeDefined();
    const m = recordMapper(h.columns, h.layout);
    expect(m.toRecord(R(2, 'Lý', 'Thị Ngọc', 'Ánh', null, 'x', 'TV', 'P'))).toMatchObject({ full_name: 'Lý Thị Ngọc Ánh', gender: 'female' });
    expect(m.toRecord(R(3, 'Hồ', null, 'Khoa', 'X', null, 'TV', 'P'))).toMatchObject({ full_name: 'Hồ Khoa', gender: 'male' });
  });

  it('two "Số CCCD" columns: the first is read, the second is a duplicate', () => {
    const h = detectHeader([R(1, 'Họ và tên', 'Số CCCD', 'Số CCCD', 'Chức danh', 'Phường/Xã')]);
    expect(h.columns.find((c) => c.field === 'person_id')?.column).toBe('B');
    expect(h.layout.duplicates.map((c) => `${c.field}:${c.column}`)).toEqual(['person_id:C']);
  });
});

describe('several phones in one cell', () => {
  it('the first mobile is the phone, the others are kept as written; never a 20-digit number', () => {
    const cases: [string, string, string[]][] = [
      ['0903 123 456 - 0913 999 888', '0903123456', ['0913 999 888']],
      ['0903123456 / (028) 3829 1234', '0903123456', ['(028) 3829 1234']],
      ['(028) 3829 1234 - 0987 654 321', '0987654321', ['(028) 3829 1234']],
      ['0903123456, 0913999888', '0903123456', ['0913999888']],
      ['0903123456 0913999888', '0903123456', ['0913999888']],
      ['0903 123 456 hoặc 0913 999 888', '0903123456', ['0913 999 888']],
      ['0903123456-0913999888', '0903123456', ['0913999888']],
      ['0903.123.456 - 0913.999.888', '0903123456', ['0913.999.888']],
    ];
    for (const [cell, phone, others] of cases) {
      const s = splitPhones(cell);
      expect(parsePhone(s.phone).value, cell).toBe(phone);
      expect(s.others, cell).toEqual(others);
    }
    expect(splitPhones('0903-123-456')).toEqual({ phone: '0903-123-456', others: [] });
    expect(splitPhones(903123456)).toEqual({ phone: 903123456, others: [] });
  });
});

describe('a row that carries a person', () => {
  it('is a name with an ID, a birth date or a phone; column numbers are not', () => {
    const base = {
      row: 1,
      gender: null,
      email: null,
      role: null,
      organisation: null,
      neighbourhood: null,
      ward: null,
      ward_code: null,
      district: null,
      joined_on: null,
      left_on: null,
      onetouch: null,
      notes: null,
      repairs: [],
    };
    expect(carriesPerson({ ...base, full_name: 'Võ Thanh Sơn', dob: null, person_id: '079085014567', phone: null })).toBe(true);
    expect(carriesPerson({ ...base, full_name: 'Võ Thanh Sơn', dob: '1985-09-14', person_id: null, phone: null })).toBe(true);
    expect(carriesPerson({ ...base, full_name: 'Võ Thanh Sơn', dob: null, person_id: null, phone: null })).toBe(false);
    expect(carriesPerson({ ...base, full_name: '(2)', dob: '(3)', person_id: '(5)', phone: '(6)' })).toBe(false);
  });
});
