/**
 * Property tests of header detection: arbitrary rows never make it throw, and
 * a known roster header, its columns in any order and spelled any of the ways
 * clerks spell them, is always found below any title block.
 *
 * FUZZ_RUNS multiplies the number of cases (default 1).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fieldForHeader, missingRequired, type Field } from '../src/roster/fields.js';
import { columnLetter, detectHeader, isColumnNumberRow, isFooterRow } from '../src/importer/header.js';
import type { CellValue, SourceRow } from '../src/readers/types.js';

const SCALE = Number(process.env.FUZZ_RUNS ?? 1);
const runs = (n: number) => Math.max(1, Math.round(n * SCALE));

const cell: fc.Arbitrary<CellValue> = fc.oneof(
  fc.constant(null),
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'grapheme', maxLength: 12 }),
  fc.constantFrom('Họ và tên', 'Chức danh', 'Phường/Xã', 'Tổng cộng', 'Người lập biểu', '(1)', 'Ngày', 'sinh', '', ' ', 'Ghi chú', 'x'),
  fc.double(),
  fc.integer(),
  fc.boolean(),
  fc.date({ noInvalidDate: false }),
);
const anyRows = fc.array(fc.tuple(fc.integer({ min: 1, max: 4 }), fc.array(cell, { maxLength: 14 })), { maxLength: 45 }).map((rs) => {
  let row = 0;
  return rs.map(([gap, cells]): SourceRow => {
    row += gap;
    return { row, cells };
  });
});

describe('detectHeader on arbitrary rows', () => {
  it('never throws; its answer is consistent', () => {
    fc.assert(
      fc.property(anyRows, fc.option(fc.integer({ min: -3, max: 60 }), { nil: undefined }), (rows, headerRow) => {
        const h = detectHeader(rows, { headerRow });
        expect(h.missing).toEqual(missingRequired(h.columns.map((c) => c.field)));
        const fields = h.columns.map((c) => c.field);
        expect(new Set(fields).size).toBe(fields.length);
        for (const c of h.columns) expect(c.column).toBe(columnLetter(c.index));
        for (const r of rows) {
          isFooterRow(r, h.columns);
          isColumnNumberRow(r);
        }
      }),
      { numRuns: runs(3000) },
    );
  });
});

/** Ways clerks write each header (DOMAIN.md § Roster columns), with decorations. */
const SPELLINGS: Partial<Record<Field, string[]>> = {
  full_name: ['Họ và tên', 'HỌ VÀ TÊN', 'Ho va ten', 'Họ tên', 'Tên thành viên', 'Full name', 'Họ và tên (*)'],
  dob: ['Ngày sinh', 'Ngày tháng năm sinh', 'Năm sinh', 'DOB', 'Ngày sinh (dd/mm/yyyy)'],
  gender: ['Giới tính', 'Nam/Nữ', 'Gender'],
  person_id: ['Số CCCD', 'CCCD', 'Số định danh cá nhân', 'CMND/CCCD', 'Số CCCD (12 số)'],
  phone: ['Số điện thoại', 'Điện thoại', 'SĐT', 'Phone'],
  role: ['Chức danh', 'Chức vụ', 'Vai trò', 'Role', 'CHỨC DANH TRONG TỔ'],
  neighbourhood: ['Khu phố/Ấp', 'Khu phố', 'Ấp', 'Tổ dân phố', 'KP'],
  ward: ['Phường/Xã', 'Phường', 'Xã', 'Ward', 'phuong/xa'],
  district: ['Quận/Huyện', 'Quận', 'Huyện'],
  onetouch: ['OneTouch', 'Hoàn thành OneTouch', 'Đã học OneTouch'],
  notes: ['Ghi chú', 'Notes'],
};
const OPTIONAL = Object.keys(SPELLINGS).filter((f) => !['full_name', 'role', 'ward'].includes(f)) as Field[];

/** Title-block text: office names, titles, date lines, numbers; none of it a column header. */
const titleCell: fc.Arbitrary<CellValue> = fc.oneof(
  fc.constantFrom(
    'UBND PHƯỜNG TÂN ĐỊNH',
    'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
    'Độc lập - Tự do - Hạnh phúc',
    'DANH SÁCH THÀNH VIÊN TỔ CÔNG NGHỆ SỐ CỘNG ĐỒNG',
    'Tháng 11 năm 2026',
    'TP. Hồ Chí Minh, ngày 28 tháng 11 năm 2026',
    'Kèm theo Quyết định số 123/QĐ-UBND',
    'Số: 45/DS-UBND',
  ),
  fc.constant(null),
  fc.integer({ min: 0, max: 3000 }),
  fc.stringMatching(/^[A-Z][a-z ]{0,15}$/).filter((s) => fieldForHeader(s) === null),
);

describe('a known header below a random title block is always found', () => {
  it('shuffled columns, any spelling, blank columns, title rows above, member rows below', () => {
    const header = fc
      .tuple(fc.subarray(OPTIONAL), fc.integer({ min: 0, max: 3 }))
      .chain(([opt, blanks]) =>
        fc.shuffledSubarray([...(['full_name', 'role', 'ward'] as Field[]), ...opt, ...Array<null>(blanks).fill(null)], { minLength: 3 + opt.length + blanks }),
      )
      .chain((order) =>
        fc.tuple(
          ...order.map((f) =>
            f === null ? fc.constant<[Field | null, string]>([null, '']) : fc.constantFrom(...(SPELLINGS[f] as string[])).map((s): [Field | null, string] => [f, s]),
          ),
        ),
      );
    const titles = fc.array(fc.array(titleCell, { maxLength: 8 }), { maxLength: 8 });
    fc.assert(
      fc.property(header, titles, fc.integer({ min: 0, max: 3 }), (cols, titleRows, gap) => {
        const rows: SourceRow[] = [];
        let n = 0;
        for (const t of titleRows) rows.push({ row: ++n, cells: t });
        n += gap;
        const headerRow = ++n;
        rows.push({ row: headerRow, cells: cols.map(([, s]) => (s === '' ? null : s)) });
        for (let i = 0; i < 3; i++)
          rows.push({ row: ++n, cells: cols.map(([f]) => (f === 'role' ? 'Thành viên' : f === 'ward' ? 'Phường Tân Định' : f === null ? null : `Giá trị ${i}`)) });
        const h = detectHeader(rows);
        expect(h.headerRow).toBe(headerRow);
        expect(h.missing).toEqual([]);
        const got = new Map(h.columns.map((c) => [c.index, c.field]));
        cols.forEach(([f], i) => {
          if (f !== null) expect(got.get(i)).toBe(f);
        });
      }),
      { numRuns: runs(3000) },
    );
  });
});
