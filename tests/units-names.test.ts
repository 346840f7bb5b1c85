import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalType, unitNameKey, unitNameResidual, unitTypeOf } from '../src/units/names.js';

describe('unitNameKey', () => {
  it('folds diacritics and case and drops the type prefix in all its spellings', () => {
    const forms = ['Phường Đa Kao', 'phuong da kao', 'P. Đa Kao', 'p.da kao', 'P Đa Kao', '  PHƯỜNG   ĐA  KAO ', 'Đa Kao', 'Phường Đa Kao'.normalize('NFD')];
    for (const f of forms) expect(unitNameKey(f), f).toBe('da kao');
  });

  it('treats "Phường 01", "P.1", "P1" and "Phường 1" alike, and district forms "Q.3", "Quận 3", "3"', () => {
    for (const f of ['Phường 01', 'P.1', 'P1', 'Phường 1', 'phuong 001']) expect(unitNameKey(f), f).toBe('1');
    for (const f of ['Q.3', 'Quận 3', 'quan 03', '3', 'Q3']) expect(unitNameKey(f), f).toBe('3');
    expect(unitNameKey('Phường 10')).toBe('10');
    expect(unitNameKey('Phường 100')).toBe('100');
  });

  it('knows every type word of the lists', () => {
    const cases: [string, string, string][] = [
      ['Xã Tân Thông Hội', 'tan thong hoi', 'Xã'],
      ['X. Tân Thông Hội', 'tan thong hoi', 'Xã'],
      ['Thị trấn Củ Chi', 'cu chi', 'Thị trấn'],
      ['TT Củ Chi', 'cu chi', 'Thị trấn'],
      ['Huyện Hóc Môn', 'hoc mon', 'Huyện'],
      ['H. Hóc Môn', 'hoc mon', 'Huyện'],
      ['Thành phố Thủ Đức', 'thu duc', 'Thành phố'],
      ['TP. Thủ Đức', 'thu duc', 'Thành phố'],
      ['TP Thủ Đức', 'thu duc', 'Thành phố'],
      ['Tỉnh Bình Dương', 'binh duong', 'Tỉnh'],
      ['Thị xã Tân Uyên', 'tan uyen', 'Thị xã'],
      ['TX Tân Uyên', 'tan uyen', 'Thị xã'],
      ['Đặc khu Côn Đảo', 'con dao', 'Đặc khu'],
    ];
    for (const [name, key, type] of cases) {
      expect(unitNameKey(name), name).toBe(key);
      expect(unitTypeOf(name), name).toBe(type);
    }
  });

  it('leaves names alone that only look like a prefix', () => {
    expect(unitNameKey('Hòa Lợi')).toBe('hoa loi');
    expect(unitNameKey('Phú Nhuận')).toBe('phu nhuan');
    expect(unitNameKey('Xuân Hòa')).toBe('xuan hoa');
    expect(unitNameKey('Phường')).toBe('phuong'); // nothing after the word: it is the name
    expect(unitTypeOf('Phương Liên')).toBeNull();
    expect(unitTypeOf('Hòa Lợi')).toBeNull();
  });

  it('is idempotent, on real-looking names and on arbitrary text', () => {
    for (const n of ['Phường Phương Liên', 'Xã Quan Sơn', 'Thị trấn Tĩnh Túc', 'Phường 01', 'P. Đa Kao', 'TP.HCM', 'Xã Xà Phìn', 'Thị trấn P Rao'])
      expect(unitNameKey(unitNameKey(n)), n).toBe(unitNameKey(n));
    const words = fc.constantFrom('Phường', 'P.', 'p', 'Xã', 'Quận', 'Q.', 'TP', 'Thị trấn', 'tt', 'Đa', 'Kao', '01', '1', 'Phương', 'Quan', ' ', '.', 'Sơn', 'x.', 'h');
    fc.assert(
      fc.property(
        fc.array(words, { maxLength: 6 }).map((a) => a.join(' ')),
        fc.string(),
        (a, b) => {
          for (const s of [a, b, a + b]) expect(unitNameKey(unitNameKey(s))).toBe(unitNameKey(s));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('residual strips one genuine prefix only, so names beginning with a prefix-like word stay apart', () => {
    expect(unitNameResidual('Phường Phương Liên')).toBe('phuong lien');
    expect(unitNameResidual('Xã Quan Sơn')).toBe('quan son');
    expect(unitNameResidual('Quán Thánh')).toBe('quan thanh');
    expect(unitNameResidual('Phuong Da Kao')).toBe('da kao');
    expect(unitNameResidual('Phường 01')).toBe('1');
    // both share the key, the residual tells them apart
    expect(unitNameKey('Xã Quan Sơn')).toBe(unitNameKey('Xã Sơn'));
    expect(unitNameResidual('Xã Quan Sơn')).not.toBe(unitNameResidual('Xã Sơn'));
  });

  it('canonicalType maps the types of the data files', () => {
    expect(canonicalType('Thành phố Trung ương')).toBe('Thành phố');
    expect(canonicalType('phuong')).toBe('Phường');
    expect(canonicalType('Huyện')).toBe('Huyện');
    expect(canonicalType('')).toBeNull();
    expect(canonicalType('Khu phố')).toBeNull();
  });
});
