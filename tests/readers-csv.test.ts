import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { openTable, sha256File } from '../src/readers/index.js';
import { CsvParser, csvBatches, sniffDelimiter } from '../src/readers/csv.js';
import type { SourceRow } from '../src/readers/types.js';
import { InputError } from '../src/errors.js';
import { FIXTURES } from './helpers/cli.js';
import { at } from './helpers/defined.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'roster-csv-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const tmp = (name: string, data: Buffer | string) => {
  const p = path.join(dir, name);
  fs.writeFileSync(p, data);
  return p;
};
const fixture = (f: string) => path.join(FIXTURES, 'rosters', f);

async function read(file: string, opts = {}): Promise<{ rows: SourceRow[]; t: Awaited<ReturnType<typeof openTable>> }> {
  const t = await openTable(file, opts);
  const rows: SourceRow[] = [];
  for await (const r of t.rows) rows.push(r);
  return { rows, t };
}

function parseAll(text: string, delim = ',', chunk = 1e9): SourceRow[] {
  const p = new CsvParser(delim.charCodeAt(0));
  const out: SourceRow[] = [];
  for (let i = 0; i < text.length; i += chunk) p.push(text.slice(i, i + chunk), out);
  p.end(out);
  return out;
}

describe('CSV parser', () => {
  test('quotes, doubled quotes, delimiters and newlines inside quotes, CRLF, trailing blank line', () => {
    const text = 'a,b,c\r\n"x, y","say ""hi""","two\r\nlines"\r\n,,\r\nlast,,z\r\n\r\n';
    const rows = parseAll(text);
    expect(rows).toEqual([
      { row: 1, cells: ['a', 'b', 'c'] },
      { row: 2, cells: ['x, y', 'say "hi"', 'two\r\nlines'] },
      { row: 4, cells: ['last', null, 'z'] },
    ]);
  });
  test('old Mac CR line ends', () => {
    expect(parseAll('a;b\rc;d\r', ';').map((r) => r.cells)).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
  });
  test('any chunking gives the same records (property)', () => {
    const field = fc.oneof(fc.constantFrom('', 'Tổ trưởng', 'a,b', 'say "x"', 'l1\nl2', 'l1\r\nl2', ' sp '), fc.string());
    fc.assert(
      fc.property(fc.array(fc.array(field, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 8 }), fc.integer({ min: 1, max: 17 }), (recs, chunk) => {
        const enc = (v: string) => (/[",\r\n]/.test(v) || v === '' ? `"${v.replace(/"/g, '""')}"` : v);
        const text = `${recs.map((r) => r.map(enc).join(',')).join('\r\n')}\r\n`;
        const whole = parseAll(text);
        expect(parseAll(text, ',', chunk)).toEqual(whole);
        const expected = recs.map((r, i) => ({ row: i + 1, cells: r.map((v) => (v === '' ? null : v)) })).filter((r) => r.cells.some((c) => c !== null));
        expect(whole).toEqual(expected);
      }),
    );
  });
  test('delimiter sniffing', () => {
    expect(sniffDelimiter('Họ và tên;Chức danh;Phường\nA;B;C\n')).toBe(';');
    expect(sniffDelimiter('Họ và tên\tChức danh\tPhường, Quận\nA\tB\tC, D\n')).toBe('\t');
    expect(sniffDelimiter('"Nguyễn; Văn",Tổ trưởng,Phường 4\nA,B,C\n')).toBe(',');
    expect(sniffDelimiter('DANH SÁCH,,\n\nHọ và tên,Chức danh,Phường\nA,B,C\n')).toBe(',');
  });
});

describe('reading text rosters written by other programs', () => {
  const expectFirst = (rows: SourceRow[], header: string, name: RegExp) => {
    const h = rows.find((r) => r.cells[0] === header);
    expect(h).toBeDefined();
    const data = rows.filter((r) => r.row > (h as SourceRow).row);
    expect(data).toHaveLength(10);
    for (const r of data) {
      expect(r.cells[0]).toMatch(name);
      for (const c of r.cells) if (typeof c === 'string') expect(c).toBe(c.normalize('NFC'));
    }
    return data;
  };
  const NAME = /^(Nguyễn|Trần|Lê|Phạm|Hoàng|Võ|Đặng|Bùi|Đỗ|Huỳnh|Phan|Trương) \p{L}+ \p{L}+$/u;

  test.each([
    ['windows-1258.csv', 'windows-1258', ','],
    ['tcvn3-abc.csv', 'tcvn3', ','],
    ['vni-windows.csv', 'vni', ','],
    ['nfd-macos.csv', 'utf-8', ','],
    ['semicolon-utf8-bom.csv', 'utf-8', ';'],
    ['utf16le-tab-unicode-text.txt', 'utf-16le', '\t'],
  ])('%s (%s, %j)', async (f, enc, delim) => {
    const { rows, t } = await read(fixture(f));
    expect(t.encoding).toBe(enc);
    expect(t.delimiter).toBe(delim);
    const data = expectFirst(rows, 'Họ và tên', NAME);
    expect(at(data, 0).cells.slice(5, 10)).toEqual([
      'Tổ trưởng',
      'Khu phố 1',
      expect.stringMatching(/^Phường /),
      expect.stringMatching(/^Quận [13]$/),
      expect.stringMatching(/^(Có|Không)$/),
    ]);
    expect(at(data, 0).cells[3]).toMatch(/^079[0-3]\d{8}$/);
  });

  test('legacy files read the same as the Unicode original (TCVN3, VNI, title line in capitals)', async () => {
    const tcvn = (await read(fixture('tcvn3-abc.csv'))).rows;
    const vni = (await read(fixture('vni-windows.csv'))).rows;
    expect(at(vni, 0).cells[0]).toBe('DANH SÁCH TỔ CÔNG NGHỆ SỐ CỘNG ĐỒNG PHƯỜNG ĐA KAO');
    expect(at(tcvn, 0).cells[0]).toBe(at(vni, 0).cells[0]);
    // TCVN3 has no capitals with tone marks: "Nữ" stays, but a header like "Số CCCD" keeps its lower case
    const body = (rows: SourceRow[]) => rows.slice(2).map((r) => r.cells.map((c) => (typeof c === 'string' ? c.toLowerCase() : c)));
    expect(body(tcvn)).toEqual(body(vni));
    expect(at(vni, 2).cells[0]).toBe('Hoàng Thu Thủy');
    expect(at(tcvn, 2).cells[0]).toBe('Hoàng Thu Thủy');
  });

  test('embedded newline in a quoted field: one spreadsheet row, numbers follow records', async () => {
    const { rows } = await read(fixture('embedded-newline-quoted.csv'));
    expect(rows.map((r) => r.row)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(at(rows, 3).cells[10]).toBe('Chuyển từ KP 2\nvề KP 1 từ tháng 3');
    expect(at(rows, 4).cells[0]).toMatch(/^[A-ZĐ]/u);
    expect(at(rows, 5).cells[10]).toBe('Có "biệt danh", ghi chú');
  });

  test('rows can be read again from the start (header detection, then the import)', async () => {
    const t = await openTable(fixture('semicolon-utf8-bom.csv'));
    const first: SourceRow[] = [];
    for await (const r of t.rows) {
      first.push(r);
      if (first.length === 3) break;
    }
    let n = 0;
    for await (const b of t.batches) n += b.length;
    expect(first.map((r) => r.row)).toEqual([1, 2, 3]);
    expect(n).toBe(11);
  });

  test('small chunks: characters and records intact across every boundary', async () => {
    const text = `Họ và tên,Ghi chú\r\n${Array.from({ length: 300 }, (_, i) => `Nguyễn Thị Ánh ${i},"dòng 1\r\nDiệu ""ý"""`).join('\r\n')}\r\n`;
    for (const enc of ['utf-8', 'utf-16le'] as const) {
      const p = tmp(`chunks-${enc}.csv`, enc === 'utf-8' ? Buffer.from(text.normalize('NFD')) : Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
      const rows: SourceRow[] = [];
      for await (const b of csvBatches(p, { encoding: enc, bom: enc === 'utf-8' ? 0 : 2, delimiter: ',', chunkBytes: 5 })) rows.push(...b);
      expect(rows).toHaveLength(301);
      for (const [i, r] of rows.slice(1).entries()) expect(r).toEqual({ row: i + 2, cells: [`Nguyễn Thị Ánh ${i}`, 'dòng 1\r\nDiệu "ý"'] });
    }
  });

  test('sha256File', async () => {
    const p = tmp('h.csv', 'abc');
    expect(await sha256File(p)).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});

describe('hostile text input', () => {
  const fails = async (p: string, re: RegExp) => {
    const err = await openTable(p).catch((e) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).msg.en).toMatch(re);
    expect((err as InputError).msg.en).toContain(path.basename(p));
    expect((err as InputError).hint).toBeDefined();
  };
  test('empty file, blank file, missing file, folder', async () => {
    await fails(tmp('empty.csv', ''), /empty/);
    await fails(tmp('blank.csv', '\r\n,,,\r\n\r\n'), /empty/);
    await fails(path.join(dir, 'nope.csv'), /not found/);
    const err = await openTable(dir).catch((e) => e);
    expect(err).toBeInstanceOf(InputError);
  });
  test('binary junk', async () => {
    const junk = Buffer.alloc(5000);
    for (let i = 0; i < junk.length; i++) junk[i] = (i * 7919) % 256;
    await fails(tmp('junk.csv', junk), /binary|cannot tell the encoding/);
    await fails(tmp('old.xls', Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), junk])), /\.xls file is damaged/);
  });
  test('an unterminated quote does not swallow memory', async () => {
    const { MAX_RECORD_CHARS } = await import('../src/readers/csv.js');
    const p = new CsvParser(44);
    const out: SourceRow[] = [];
    p.push('a,b\n"open', out);
    const chunk = 'x'.repeat(1 << 20);
    let err: unknown;
    try {
      for (let i = 0; i <= MAX_RECORD_CHARS / chunk.length; i++) p.push(chunk, out);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).msg.en).toMatch(/Row 2 .*closing quote/);
  });
  test('an unknown --encoding is a usage error', async () => {
    await expect(openTable(fixture('windows-1258.csv'), { encoding: 'klingon' })).rejects.toThrow(/Unknown encoding "klingon"/);
  });
});
