/**
 * Property tests of the CSV reader: what a careful writer serialises, the
 * reader gives back exactly, however the text is cut into chunks (in
 * characters for the parser, in bytes for the file reader, so multi-byte
 * characters and combining marks straddle chunk boundaries); and arbitrary
 * bytes never make it throw anything but the typed input errors.
 *
 * FUZZ_RUNS multiplies the number of cases (default 1).
 */
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError, UsageError } from '../src/errors.js';
import { CsvParser, csvBatches } from '../src/readers/csv.js';
import { openTable } from '../src/readers/index.js';
import type { SourceRow } from '../src/readers/types.js';
import { tempDir } from './helpers/cli.js';

const SCALE = Number(process.env.FUZZ_RUNS ?? 1);
const runs = (n: number) => Math.max(1, Math.round(n * SCALE));
const dir = tempDir('roster-fuzz-csv-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Field text biased towards what breaks CSV: delimiters, quotes, line ends, Vietnamese and astral characters. */
const piece = fc.constantFrom(',', ';', '\t', '"', '""', '\r', '\n', '\r\n', ' ', 'Nguyễn', 'Thị Ánh', 'ư', 'Đ', '😀', '𝔸', 'x', '0', "'", '=1+1');
const field = fc.oneof(
  { weight: 3, arbitrary: fc.array(piece, { maxLength: 6 }).map((a) => a.join('')) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 8 }) },
  { weight: 1, arbitrary: fc.constant('') },
);
/** Rows of equal or ragged width: every field NFC (the file reader yields NFC). */
const records = fc.array(
  fc.array(
    field.map((s) => s.normalize('NFC')),
    { minLength: 1, maxLength: 6 },
  ),
  { minLength: 1, maxLength: 10 },
);

interface Style {
  delim: ',' | ';' | '\t';
  eol: '\r\n' | '\n';
  quoteAll: boolean;
  trailingEol: boolean;
}
const style = fc.record({
  delim: fc.constantFrom(',' as const, ';' as const, '\t' as const),
  eol: fc.constantFrom('\r\n' as const, '\n' as const),
  quoteAll: fc.boolean(),
  trailingEol: fc.boolean(),
});

/** RFC 4180 writer: a field is quoted when it holds the delimiter, a quote, CR or LF, starts with a quote, or always (quoteAll). */
function serialize(rows: string[][], s: Style): string {
  const needs = (v: string) => v.includes(s.delim) || /["\r\n]/.test(v);
  const enc = (v: string) => (s.quoteAll || needs(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const text = rows.map((r) => r.map(enc).join(s.delim)).join(s.eol);
  return s.trailingEol ? text + s.eol : text;
}

/** What the reader promises: '' cells are null, rows whose cells are all blank are counted but not yielded. */
function expected(rows: string[][]): SourceRow[] {
  return rows.map((r, i) => ({ row: i + 1, cells: r.map((v) => (v === '' ? null : v)) })).filter((r) => r.cells.some((c) => c !== null));
}

function parseChunks(text: string, delim: string, chunk: number): SourceRow[] {
  const p = new CsvParser(delim.charCodeAt(0));
  const out: SourceRow[] = [];
  for (let i = 0; i < text.length; i += chunk) p.push(text.slice(i, i + chunk), out);
  p.end(out);
  return out;
}

/**
 * A record whose only field is empty and unquoted is a blank line: the reader
 * cannot tell it from a blank record. Quoted, it still reads as blank (null),
 * which `expected` already says. Single-line files whose line end is a lone CR
 * inside quotes are the old-Mac case below.
 */
function oneLineWithCr(text: string): boolean {
  return !text.includes('\n') && text.includes('\r');
}

describe('CSV round trip: parse(serialize(rows)) == rows', () => {
  it('through the parser, in any chunking', () => {
    fc.assert(
      fc.property(records, style, fc.integer({ min: 1, max: 23 }), (rows, s, chunk) => {
        const text = serialize(rows, s);
        fc.pre(!oneLineWithCr(text));
        expect(parseChunks(text, s.delim, 1e9)).toEqual(expected(rows));
        expect(parseChunks(text, s.delim, chunk)).toEqual(expected(rows));
      }),
      { numRuns: runs(3000) },
    );
  });

  it('through the file reader (UTF-8 bytes cut at any byte, NFD text normalised across chunk boundaries)', async () => {
    let k = 0;
    await fc.assert(
      fc.asyncProperty(records, style, fc.integer({ min: 1, max: 17 }), fc.boolean(), async (rows, s, chunkBytes, nfd) => {
        const text = serialize(rows, s);
        fc.pre(!oneLineWithCr(text));
        const file = path.join(dir, `rt-${k++}.csv`);
        fs.writeFileSync(file, nfd ? text.normalize('NFD') : text);
        const got: SourceRow[] = [];
        for await (const b of csvBatches(file, { encoding: 'utf-8', bom: 0, delimiter: s.delim, chunkBytes })) got.push(...b);
        fs.rmSync(file);
        expect(got).toEqual(expected(rows));
      }),
      { numRuns: runs(600) },
    );
  });

  it('a one-line file with a quoted CR keeps the CR', () => {
    // "a\rb" quoted, no line end at all: the file is taken for an old-Mac CR file and the CR inside quotes becomes LF.
    expect(parseChunks('"a\rb",c', ',', 1e9)).toEqual([{ row: 1, cells: ['a\rb', 'c'] }]);
  });
});

describe('arbitrary bytes never throw anything but InputError or UsageError', () => {
  const bytes = fc.oneof(
    fc.uint8Array({ maxLength: 3000 }),
    // text-like bytes: mostly printable ASCII and UTF-8 Vietnamese, with stray high bytes, quotes and NULs
    fc
      .array(
        fc.oneof(
          fc.constantFrom('Họ và tên,Chức danh,Phường/Xã\r\n', '"', '""', ',', ';', '\t', '\r', '\n', 'Tổ trưởng', 'Phường Tân Định', '\u0000', '\ufeff'),
          fc.string({ maxLength: 5 }),
        ),
        { maxLength: 60 },
      )
      .chain((parts) => fc.uint8Array({ maxLength: 4 }).map((hi) => Buffer.concat([Buffer.from(parts.join('')), Buffer.from(hi)]))),
    // a byte-order mark in front of anything
    fc
      .tuple(fc.constantFrom([0xef, 0xbb, 0xbf], [0xff, 0xfe], [0xfe, 0xff]), fc.uint8Array({ maxLength: 500 }))
      .map(([bom, b]) => Buffer.concat([Buffer.from(bom), Buffer.from(b)])),
  );
  it('openTable and reading every row', async () => {
    let k = 0;
    const seen = { ok: 0, input: 0 };
    await fc.assert(
      fc.asyncProperty(
        bytes,
        fc.constantFrom('.csv', '.txt', '.tsv', '.xlsx'),
        fc.constantFrom(undefined, 'tcvn3', 'vni', 'windows-1258', 'utf-16le'),
        async (b, ext, encoding) => {
          const file = path.join(dir, `junk-${k++}${ext}`);
          fs.writeFileSync(file, b);
          try {
            const t = await openTable(file, { encoding });
            for await (const r of t.rows) {
              expect(Number.isInteger(r.row) && r.row > 0).toBe(true);
              for (const c of r.cells) if (typeof c === 'string') expect(c).toBe(c.normalize('NFC'));
            }
            seen.ok++;
          } catch (e) {
            if (!(e instanceof InputError || e instanceof UsageError)) throw e;
            expect(e.msg.en.length).toBeGreaterThan(0);
            seen.input++;
          } finally {
            fs.rmSync(file, { force: true });
          }
        },
      ),
      { numRuns: runs(400) },
    );
    // Both outcomes occur: the property is not vacuous.
    expect(seen.ok).toBeGreaterThan(0);
    expect(seen.input).toBeGreaterThan(0);
  });
});
