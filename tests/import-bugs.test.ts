/**
 * Regressions of import-path bugs found by fuzzing and the hostile corpus,
 * each checked on the result a clerk would see: the parsed value, the rows
 * read, the database read back, the message printed.
 */
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../src/errors.js';
import { LISTED_HEADERS } from '../src/importer/import.js';
import { CsvParser, MAX_RECORD_CHARS } from '../src/readers/csv.js';
import { openTable } from '../src/readers/index.js';
import type { SourceRow } from '../src/readers/types.js';
import { parseDate, parsePersonId } from '../src/importer/values.js';
import { openStore } from '../src/store/db.js';
import { roster, tempDir } from './helpers/cli.js';
import { HEADERS, importFiles, initDb, writeCsv } from './helpers/seed.js';
import { at } from './helpers/defined.js';

const dir = tempDir('roster-import-bugs-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function q<T>(dbFile: string, sql: string, ...args: unknown[]): T[] {
  const { db } = openStore(dbFile, { readonly: true });
  try {
    return db.prepare(sql).all(...args) as T[];
  } finally {
    db.close();
  }
}

function parseChunks(text: string, delim: string, chunk: number): SourceRow[] {
  const p = new CsvParser(delim.charCodeAt(0));
  const out: SourceRow[] = [];
  for (let i = 0; i < text.length; i += chunk) p.push(text.slice(i, i + chunk), out);
  p.end(out);
  return out;
}

function thrown(f: () => unknown): InputError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return e as InputError;
  }
  throw new Error('expected an InputError');
}

describe('values', () => {
  it('an Excel serial whose date falls after 2200 is unparsed, like the same date as text', () => {
    expect(parseDate(109_939)).toEqual({ value: '2200-12-31', raw: '109939' });
    expect(parseDate(109_940)).toEqual({ value: null, raw: '109940', repair: 'unparsed' });
    expect(parseDate('01/01/2201').value).toBeNull();
    expect(parseDate(2_958_465).value).toBeNull(); // 9999-12-31
  });

  it('an ID of a province 001–009 stored as a number gets both zeros back, marked repaired', () => {
    expect(parsePersonId(1_079_012_345)).toEqual({ value: '001079012345', raw: '1079012345', repair: 'repaired' });
    expect(parsePersonId(8_090_123_456)).toEqual({ value: '008090123456', raw: '8090123456', repair: 'repaired' });
    // 1.07901E+09 turned back into a number: digits lost for good.
    expect(parsePersonId(1_079_010_000)).toMatchObject({ value: null, repair: 'unrecoverable' });
    // Text keeps what the clerk typed (validation reports the length).
    expect(parsePersonId('1079012345')).toEqual({ value: '1079012345', raw: '1079012345' });
    // The repaired value reads back as itself.
    expect(parsePersonId('001079012345')).toEqual({ value: '001079012345', raw: '001079012345' });
  });
});

describe('CSV line ends and quotes', () => {
  it('a single record with CRs and LFs inside quotes keeps them, in any chunking', () => {
    const cell = fc.array(fc.constantFrom('a', 'Đ', '\r', '\n', '\r\n', '""', ',', ' '), { minLength: 1, maxLength: 8 }).map((a) => a.join(''));
    fc.assert(
      fc.property(fc.array(cell, { minLength: 1, maxLength: 4 }), fc.integer({ min: 1, max: 9 }), (cells, chunk) => {
        const text = `${cells.map((c) => `"${c}"`).join(',')},z`;
        const want = [{ row: 1, cells: [...cells.map((c) => c.replace(/""/g, '"')), 'z'] }];
        expect(parseChunks(text, ',', 1e9)).toEqual(want);
        expect(parseChunks(text, ',', chunk)).toEqual(want);
      }),
      { numRuns: 500 },
    );
  });

  it('an LF file whose first cell holds a quoted CR is not taken for a CR-only file', () => {
    expect(parseChunks('"a\rb",c\nd,e\n', ',', 1e9).map((r) => r.cells)).toEqual([
      ['a\rb', 'c'],
      ['d', 'e'],
    ]);
  });

  it('an old-Mac (CR-only) file with a quoted field still splits its rows, in any chunking', () => {
    const text = 'Họ và tên;Ghi chú\r"Nguyễn; Thị";x\rTrần Văn Tài;"y ""z"""\r';
    for (const chunk of [1, 2, 3, 5, 8, 1e9]) {
      expect(parseChunks(text, ';', chunk)).toEqual([
        { row: 1, cells: ['Họ và tên', 'Ghi chú'] },
        { row: 2, cells: ['Nguyễn; Thị', 'x'] },
        { row: 3, cells: ['Trần Văn Tài', 'y "z"'] },
      ]);
    }
  });

  it('a quote left open at the end of the file is an error naming the row it opened in, in any chunking', () => {
    const text = 'a,b\r\n1,x\r\n2,"y\r\n3,z\r\n4,w\r\n';
    for (const chunk of [1, 4, 7, 1e9]) {
      const e = thrown(() => parseChunks(text, ',', chunk));
      expect(e.msg.en).toMatch(/quote \("\) opened in row 3 is never closed/);
      expect(e.msg.vi).toMatch(/dòng 3/);
      expect(e.hint?.en).toMatch(/row 3/);
    }
    // A record counted as blank above it still counts as a row.
    expect(thrown(() => parseChunks('a,b\n\n"open\nx\n', ',', 1e9)).msg.en).toMatch(/row 3/);
  });

  it('the file reader names the file when the quote is left open', async () => {
    const file = path.join(dir, 'open-quote.csv');
    fs.writeFileSync(file, 'Họ và tên,Chức danh\r\nNguyễn Thị Hoa,"Tổ trưởng\r\nTrần Văn Tài,Thành viên\r\n');
    const t = await openTable(file);
    const err = await (async () => {
      for await (const b of t.batches) void b;
    })().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).msg.en).toContain('open-quote.csv');
    expect((err as InputError).msg.en).toMatch(/row 2/);
  });

  it('a row longer than the limit: a missing closing quote only when a quote is open', () => {
    const big = 'x'.repeat(1 << 20);
    const grow = (start: string) => () => {
      const p = new CsvParser(44);
      const out: SourceRow[] = [];
      p.push(start, out);
      for (let i = 0; i <= MAX_RECORD_CHARS / big.length; i++) p.push(big, out);
    };
    const unquoted = thrown(grow('a,b\n1,'));
    expect(unquoted.msg.en).toMatch(/^Row 2 is longer than 4 MB without a line end/);
    expect(unquoted.msg.en).not.toMatch(/quote/);
    expect(unquoted.hint?.en).toMatch(/roster file/);
    // A closed quoted field, then a long unquoted tail: still no open quote.
    expect(thrown(grow('a,b\n"q""",')).msg.en).not.toMatch(/quote/);
    const quoted = thrown(grow('a,b\n1,"'));
    expect(quoted.msg.en).toMatch(/^Row 2 is longer than 4 MB: a quote .* not closed; probably a missing closing quote/);
    expect(quoted.hint?.en).toMatch(/quotes in row 2/);
  });
});

describe('roster import refusals', () => {
  const people = [
    ['Nguyễn Thị Hoa', '03/04/1972', 'Nữ', '079172135623', '0908123123', 'Tổ trưởng', 'Khu phố 1', 'Phường Tân Định', '', 'Có'],
    ['Trần Văn Tài', '16/06/1991', 'Nam', '079091143542', '0932111999', 'Thành viên', 'Khu phố 1', 'Phường Tân Định', '', 'Có'],
  ];

  it('a header-only file in sync mode is refused and nobody is marked as left; the other files of the invocation are not written either', async () => {
    const db = await initDb({ dir: fs.mkdtempSync(path.join(dir, 'db-')) });
    await importFiles(db, '2026-10', [writeCsv(path.join(dir, 'tan-dinh-10.csv'), people)]);
    const empty = writeCsv(path.join(dir, 'tan-dinh-11-empty.csv'), []);
    const other = writeCsv(path.join(dir, 'tan-dinh-11-other.csv'), [at(people, 0)]);
    const before = q(db, 'SELECT count(*) AS n FROM imports');
    const r = await roster(['import', '--db', db, '--period', '2026-11', '--lang', 'en', other, empty]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/tan-dinh-11-empty\.csv: no member rows found under the header \(row 1\)/);
    expect(r.stderr).toMatch(/--header-row/);
    expect(r.stdout).toBe('');
    expect(q(db, 'SELECT count(*) AS n FROM imports')).toEqual(before);
    expect(q(db, "SELECT count(*) AS n FROM source_rows WHERE period = '2026-11'")).toEqual([{ n: 0 }]);
    expect(q(db, 'SELECT status, count(*) AS n FROM memberships GROUP BY status')).toEqual([{ status: 'active', n: 2 }]);
  });

  it('a file whose only rows under the header are footer rows is refused too (Vietnamese message)', async () => {
    const db = await initDb({ dir: fs.mkdtempSync(path.join(dir, 'db-')) });
    const footer = path.join(dir, 'footer-only.csv');
    fs.writeFileSync(footer, `${[HEADERS.join(','), ',,,,,,,,,', 'Tổng cộng: 0 người,,,,,,,,,', 'Người lập biểu,,,,,,,,,'].join('\r\n')}\r\n`);
    const r = await roster(['import', '--db', db, '--period', '2026-11', '--lang', 'vi', footer]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/footer-only\.csv: không có dòng thành viên nào dưới dòng tiêu đề \(dòng 1\)/);
    expect(q(db, 'SELECT count(*) AS n FROM imports')).toEqual([{ n: 0 }]);
  });

  it(`the missing-columns message lists the first ${LISTED_HEADERS} headers and counts the rest`, async () => {
    const db = await initDb({ dir: fs.mkdtempSync(path.join(dir, 'db-')) });
    const headers = Array.from({ length: 100 }, (_, i) => `Cột ${i + 1}`);
    const file = writeCsv(path.join(dir, 'wide.csv'), [headers.map((_, i) => String(i))], headers);
    const en = await roster(['import', '--db', db, '--period', '2026-11', '--lang', 'en', file]);
    expect(en.code).toBe(2);
    expect(en.stderr).toContain(`AD: Cột ${LISTED_HEADERS}; … and ${100 - LISTED_HEADERS} more.`);
    expect(en.stderr).not.toContain(`Cột ${LISTED_HEADERS + 1}`);
    const vi = await roster(['import', '--db', db, '--period', '2026-11', '--lang', 'vi', file]);
    expect(vi.stderr).toContain(`… và ${100 - LISTED_HEADERS} cột khác.`);
    // A short header row is listed whole.
    const narrow = writeCsv(path.join(dir, 'narrow.csv'), [['1', '2']], ['Cột A', 'Cột B']);
    const n = await roster(['import', '--db', db, '--period', '2026-11', '--lang', 'en', narrow]);
    expect(n.stderr).toContain('A: Cột A; B: Cột B.');
    expect(q(db, 'SELECT count(*) AS n FROM imports')).toEqual([{ n: 0 }]);
  });
});
