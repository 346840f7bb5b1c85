/**
 * Streaming CSV/TSV/TXT reader. A hand-written parser: csv-parse reads about
 * 150k rows/s on a 15-column roster, this one several times that (see
 * bench/csv-reader.mjs). RFC 4180 quoting ("" inside quotes, delimiters and
 * newlines inside quoted fields), CRLF, LF or CR line ends, a trailing blank
 * line. Row numbers are record numbers (a quoted field holding a newline is
 * still one spreadsheet row), blank records are counted but not yielded.
 */
import fs from 'node:fs';
import { InputError } from '../../errors.js';
import { msg } from '../../text/i18n.js';
import { createDecoder, type EncodingName } from '../encoding/index.js';
import type { SourceRow } from './types.js';

const LF = 10;
const CR = 13;
const QUOTE = 34;

/** A record may not grow beyond this (an unterminated quote would otherwise swallow the file). */
export const MAX_RECORD_CHARS = 4 * 1024 * 1024;

export class CsvParser {
  private rest = '';
  private fields: (string | null)[] = [];
  /** Records completed so far, blank ones included. */
  records = 0;
  private crOnly: boolean | undefined;

  constructor(private readonly delim: number) {}

  /** Parses `text` (appended to what is left over), pushing complete non-blank records as rows. */
  push(text: string, out: SourceRow[]): void {
    this.parse(this.rest.length ? this.rest + text : text, false, out);
  }

  end(out: SourceRow[]): void {
    this.parse(this.rest, true, out);
    this.rest = '';
  }

  /** Line (record) number where the unfinished record starts: for messages. */
  get pendingRow(): number {
    return this.records + 1;
  }

  /** Cells of the current record: '' is pushed as null. */
  private any = false;

  private emit(out: SourceRow[]): void {
    const cells = this.fields;
    this.fields = [];
    this.records++;
    if (this.any) out.push({ row: this.records, cells });
    this.any = false;
  }

  private parse(s: string, final: boolean, out: SourceRow[]): void {
    if (this.crOnly === undefined && s.length) {
      const lf = s.indexOf('\n');
      const cr = s.indexOf('\r');
      if (lf !== -1 || final || s.length > 65536) this.crOnly = lf === -1 && cr !== -1;
    }
    if (this.crOnly) s = s.replace(/\r/g, '\n');
    // flatten a concatenated string once, so that charCodeAt stays on the fast path
    (s as unknown as number) | 0;
    const D = this.delim;
    const n = s.length;
    let p = 0; // start of the current field
    let recStart = 0;
    this.fields = [];
    this.any = false;
    outer: while (p < n) {
      let c = s.charCodeAt(p);
      let val: string;
      if (c === QUOTE) {
        let q = p + 1;
        val = '';
        for (;;) {
          const e = s.indexOf('"', q);
          if (e === -1) {
            if (!final) break outer;
            val += s.slice(q); // unterminated quote at end of file: keep what is there
            p = n;
            break;
          }
          if (e + 1 < n && s.charCodeAt(e + 1) === QUOTE) {
            val += s.slice(q, e + 1);
            q = e + 2;
            continue;
          }
          if (e + 1 >= n && !final) break outer;
          val += s.slice(q, e);
          p = e + 1;
          break;
        }
        // text after the closing quote up to the delimiter: kept (lenient, as spreadsheets do)
        let j = p;
        while (j < n) {
          c = s.charCodeAt(j);
          if (c === D || c === LF || c === CR) break;
          j++;
        }
        if (j >= n && !final) break outer;
        if (j > p) val += s.slice(p, j);
        p = j;
      } else {
        let j = p;
        while (j < n) {
          c = s.charCodeAt(j);
          if (c === D || c === LF) break;
          j++;
        }
        if (j >= n && !final) break outer;
        let e = j;
        if (e > p && s.charCodeAt(e - 1) === CR && (j >= n || s.charCodeAt(j) === LF)) e--;
        val = s.slice(p, e);
        p = j;
      }
      if (val === '') this.fields.push(null);
      else {
        this.fields.push(val);
        this.any = true;
      }
      if (p >= n) {
        // end of input (final): the last record
        this.emit(out);
        recStart = n;
        break;
      }
      c = s.charCodeAt(p);
      if (c === D) {
        p++;
        if (p >= n) {
          if (!final) break;
          this.fields.push(null);
          this.emit(out);
          recStart = n;
          break;
        }
        continue;
      }
      if (c === CR) {
        p++;
        if (p >= n && !final) break;
        if (p < n && s.charCodeAt(p) === LF) p++;
      } else p++; // LF
      this.emit(out);
      recStart = p;
    }
    if (p >= n && recStart >= n) {
      this.rest = '';
      this.fields = [];
      return;
    }
    this.rest = s.slice(recStart);
    this.fields = [];
    this.any = false;
    if (this.rest.length > MAX_RECORD_CHARS) {
      throw new InputError(
        msg(
          `Dòng ${this.records + 1} dài quá ${MAX_RECORD_CHARS / 1024 / 1024} MB: có lẽ thiếu dấu " đóng.`,
          `Row ${this.records + 1} is longer than ${MAX_RECORD_CHARS / 1024 / 1024} MB: probably a missing closing quote (").`,
        ),
        msg('Kiểm tra dấu ngoặc kép trong tệp.', 'Check the quotes in the file.'),
      );
    }
  }
}

/**
 * Picks the delimiter (comma, semicolon or tab) from the first lines: the one
 * that splits the most lines into the same number (>0) of fields.
 */
export function sniffDelimiter(sample: string, preferTab = false): ',' | ';' | '\t' {
  const lines: string[] = [];
  let inQuote = false;
  let cur = '';
  for (let i = 0; i < sample.length && lines.length < 30; i++) {
    const ch = sample[i];
    if (ch === '"') inQuote = !inQuote;
    if (!inQuote && (ch === '\n' || ch === '\r')) {
      if (cur.trim()) lines.push(cur);
      cur = '';
      continue;
    }
    if (!inQuote) cur += ch;
  }
  if (cur.trim() && lines.length < 30) lines.push(cur);
  const cands = [',', ';', '\t'] as const;
  let best: ',' | ';' | '\t' = preferTab ? '\t' : ',';
  let bestScore = -1;
  for (const d of cands) {
    const counts = lines.map((l) => l.split(d).length - 1);
    const freq = new Map<number, number>();
    for (const c of counts) if (c > 0) freq.set(c, (freq.get(c) ?? 0) + 1);
    let mode = 0;
    let modeLines = 0;
    for (const [c, f] of freq) if (f > modeLines || (f === modeLines && c > mode)) (mode = c), (modeLines = f);
    const total = counts.reduce((a, b) => a + b, 0);
    const score = modeLines * 1000 + Math.min(mode, 999) + (d === '\t' && preferTab ? 0.5 : 0) + total / 1e6;
    if (score > bestScore) (bestScore = score), (best = d);
  }
  return best;
}

export interface CsvReadOptions {
  encoding: EncodingName;
  /** Bytes to skip at the start (a byte-order mark). */
  bom: number;
  delimiter: ',' | ';' | '\t';
  chunkBytes?: number;
}

/** Batches of rows, one per chunk of the file. Every iteration reads the file again from the start. */
export async function* csvBatches(file: string, o: CsvReadOptions): AsyncGenerator<SourceRow[]> {
  const dec = createDecoder(o.encoding);
  const parser = new CsvParser(o.delimiter.charCodeAt(0));
  const stream = fs.createReadStream(file, { start: o.bom, highWaterMark: o.chunkBytes ?? 1 << 16 });
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      const out: SourceRow[] = [];
      try {
        parser.push(dec.write(chunk), out);
      } catch (e) {
        if (e instanceof InputError) throw new InputError({ vi: `${file}: ${e.msg.vi}`, en: `${file}: ${e.msg.en}` }, e.hint, file);
        throw e;
      }
      if (out.length) yield out;
    }
    const out: SourceRow[] = [];
    parser.push(dec.end(), out);
    parser.end(out);
    if (out.length) yield out;
  } finally {
    stream.destroy();
  }
}

/** Reads the first `bytes` of the file decoded (for sniffing). */
export async function readTextHead(file: string, enc: EncodingName, bom: number, bytes = 65536): Promise<string> {
  const fh = await fs.promises.open(file, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    const { bytesRead } = await fh.read(buf, 0, bytes, bom);
    const d = createDecoder(enc);
    return d.write(buf.subarray(0, bytesRead)) + d.end();
  } finally {
    await fh.close();
  }
}
