import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { createDecoder, detectEncoding, encodingName, NfcStream } from '../src/readers/encoding/index.js';
import { isVietnameseSyllable } from '../src/readers/encoding/vietnamese.js';
import { vniToUnicode } from '../src/readers/encoding/vni.js';
import { InputError, UsageError } from '../src/errors.js';
import { FIXTURES } from './helpers/cli.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'roster-enc-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const tmp = (name: string, data: Buffer | string) => {
  const p = path.join(dir, name);
  fs.writeFileSync(p, data);
  return p;
};
const fixture = (f: string) => path.join(FIXTURES, 'rosters', f);

function decodeAll(enc: Parameters<typeof createDecoder>[0], buf: Buffer, chunk = 7): string {
  const d = createDecoder(enc);
  let s = '';
  for (let i = 0; i < buf.length; i += chunk) s += d.write(buf.subarray(i, i + chunk));
  return s + d.end();
}

describe('legacy Vietnamese encodings', () => {
  test('TCVN3 (ABC): "B¶o Th¾ng" is "Bảo Thắng"; capitals lines are capitals', () => {
    expect(decodeAll('tcvn3', Buffer.from('B¶o Th¾ng', 'latin1'))).toBe('Bảo Thắng');
    expect(decodeAll('tcvn3', Buffer.from('DANH S¸CH Tæ C¤NG NGHÖ', 'latin1'))).toBe('DANH SÁCH TỔ CÔNG NGHỆ');
    expect(decodeAll('tcvn3', Buffer.from('Hä vµ tªn,N÷', 'latin1'))).toBe('Họ và tên,Nữ');
  });
  test('VNI: "Xin chaøo" is "Xin chào", across every chunk split', () => {
    expect(vniToUnicode('Xin chaøo')).toBe('Xin chào');
    expect(vniToUnicode('Tröôøng Ñaïi hoïc')).toBe('Trường Đại học');
    expect(vniToUnicode('NGUYEÃN VAÊN AÙNH')).toBe('NGUYỄN VĂN ÁNH');
    expect(vniToUnicode('Phöôøng Ña Kao, Quaän 1, Khu phoá/AÁp')).toBe('Phường Đa Kao, Quận 1, Khu phố/Ấp');
    expect(vniToUnicode('Thò Dieäu, Hoaøng Ngoïc Thuûy, kyõ, Lyù, ì, ó')).toBe('Thị Diệu, Hoàng Ngọc Thủy, kỹ, Lý, ì, ĩ');
    const bytes = iconv.encode('Phöôøng Ñaëng Thò Dieäu', 'cp1252');
    for (let c = 1; c <= 5; c++) expect(decodeAll('vni', bytes, c)).toBe('Phường Đặng Thị Diệu');
  });
  test('Windows-1258 decodes to combining marks and comes out NFC, across chunk splits', () => {
    // "Nguyễn" in cp1258: e-circumflex (0xEA) + combining tilde (0xDE)
    const bytes = Buffer.from([0x4e, 0x67, 0x75, 0x79, 0xea, 0xde, 0x6e, 0x20, 0x42, 0xea, 0xf2, 0x6e]);
    for (let c = 1; c <= 6; c++) expect(decodeAll('windows-1258', bytes, c)).toBe('Nguyễn Bện'.replace('Bện', 'Bện'));
    expect(decodeAll('windows-1258', bytes)).toBe('Nguyễn Bện'.normalize('NFC'));
  });
  test('NFD text is made NFC even when a mark starts the next chunk', () => {
    const nfd = 'Phường Đa Kao, Nguyễn Thị Thủy'.normalize('NFD');
    for (let c = 1; c <= 9; c++) expect(decodeAll('utf-8', Buffer.from(nfd), c)).toBe(nfd.normalize('NFC'));
  });
  test('NfcStream: any split of any text gives the NFC of the whole', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), fc.array(fc.nat(), { maxLength: 5 }), (s0, cuts) => {
        const s = s0.normalize('NFD');
        const points = [...new Set(cuts.map((c) => c % (s.length + 1)))].sort((a, b) => a - b);
        const n = new NfcStream();
        let out = '';
        let prev = 0;
        for (const p of points) {
          out += n.write(s.slice(prev, p));
          prev = p;
        }
        out += n.write(s.slice(prev)) + n.end();
        expect(out).toBe(s.normalize('NFC'));
      }),
    );
  });
  test('syllable check', () => {
    for (const w of ['Nguyễn', 'trường', 'khuya', 'nghiêng', 'QUẬN', 'giữa', 'xoong']) expect(isVietnameseSyllable(w)).toBe(true);
    for (const w of ['chaøo', 'b¶o', 'baòo', 'thànhh', 'ąb']) expect(isVietnameseSyllable(w)).toBe(false);
  });
});

describe('detectEncoding', () => {
  test.each([
    ['windows-1258.csv', 'windows-1258'],
    ['tcvn3-abc.csv', 'tcvn3'],
    ['vni-windows.csv', 'vni'],
    ['nfd-macos.csv', 'utf-8'],
    ['semicolon-utf8-bom.csv', 'utf-8'],
    ['utf16le-tab-unicode-text.txt', 'utf-16le'],
  ])('%s is %s', async (f, enc) => {
    expect((await detectEncoding(fixture(f))).encoding).toBe(enc);
  });
  test('UTF-16 BE with BOM', async () => {
    const body = Buffer.from('Họ và tên\tChức danh\r\nLê Thị Mai\tTổ trưởng\r\n', 'utf16le').swap16();
    const d = await detectEncoding(tmp('be.txt', Buffer.concat([Buffer.from([0xfe, 0xff]), body])));
    expect(d).toMatchObject({ encoding: 'utf-16be', bom: 2, how: 'bom' });
  });
  test('the whole file decides, not its first lines', async () => {
    // 2,000 ASCII lines, then one line of VNI: still detected as VNI
    const ascii = 'Nguyen Van An,To truong,Phuong 4\r\n'.repeat(2000);
    const p = tmp('late.csv', Buffer.concat([Buffer.from(ascii), iconv.encode('Ñaëng Thò Dieäu,Toå phoù,Phöôøng Ña Kao\r\n', 'cp1252')]));
    expect((await detectEncoding(p)).encoding).toBe('vni');
  });
  test('forced names and aliases; unknown names are a usage error', async () => {
    expect(encodingName('CP1258')).toBe('windows-1258');
    expect(encodingName('abc')).toBe('tcvn3');
    expect(encodingName('UTF8')).toBe('utf-8');
    expect(() => encodingName('latin9')).toThrow(UsageError);
    expect((await detectEncoding(fixture('vni-windows.csv'), 'vni')).how).toBe('forced');
  });
  test('a file that is not UTF-8 when forced: error naming the line', async () => {
    const p = tmp('bad.csv', Buffer.concat([Buffer.from('a,b\nc,d\ne,'), Buffer.from([0xff, 0xfe, 0x41]), Buffer.from('\n')]));
    await expect(detectEncoding(p, 'utf-8')).rejects.toThrow(/line 3 does not decode as UTF-8/);
  });
  test('a UTF-8 file with a BOM and a bad byte: error naming the line', async () => {
    const p = tmp('bombad.csv', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('Họ và tên\nLê\n'), Buffer.from([0xc3, 0x28]), Buffer.from('\n')]));
    const err = await detectEncoding(p).catch((e) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).msg.en).toMatch(/bombad\.csv: line 3/);
    expect((err as InputError).msg.vi).toMatch(/dòng 3/);
  });
  test('text in no known encoding is refused, not mangled', async () => {
    const junk = Buffer.from(Array.from({ length: 4000 }, (_, i) => (i % 13 === 0 ? 10 : 0x80 + ((i * 37) % 127))));
    await expect(detectEncoding(tmp('junk.csv', junk))).rejects.toThrow(/cannot tell the encoding|binary/);
  });
});
