/**
 * Reading a CSV/TSV/TXT roster: the file decoded chunk by chunk in its
 * encoding and parsed into rows (the parser: ./csv-parser.ts; the delimiter
 * sniffed from the first lines: ./delimiter.ts).
 */
import fs from 'node:fs';
import { InputError } from '../errors.js';
import { CsvParser } from './csv-parser.js';
import { createDecoder, type EncodingName } from './encoding/index.js';
import type { SourceRow } from './types.js';

export { CsvParser, MAX_RECORD_CHARS } from './csv-parser.js';
export { sniffDelimiter } from './delimiter.js';

export interface CsvReadOptions {
  encoding: EncodingName;
  /** Bytes to skip at the start (a byte-order mark). */
  bom: number;
  delimiter: ',' | ';' | '\t';
  chunkBytes?: number;
  /** Called with the size of each chunk read (progress in bytes). */
  onChunk?: (bytes: number) => void;
}

/** Batches of rows, one per chunk of the file. Every iteration reads the file again from the start. */
export async function* csvBatches(file: string, o: CsvReadOptions): AsyncGenerator<SourceRow[]> {
  const dec = createDecoder(o.encoding);
  const parser = new CsvParser(o.delimiter.charCodeAt(0));
  const stream = fs.createReadStream(file, { start: o.bom, highWaterMark: o.chunkBytes ?? 1 << 16 });
  /** Parser errors name the file. */
  const named = (e: unknown) => (e instanceof InputError ? new InputError({ vi: `${file}: ${e.msg.vi}`, en: `${file}: ${e.msg.en}` }, e.hint, file) : e);
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      o.onChunk?.(chunk.length);
      const out: SourceRow[] = [];
      try {
        parser.push(dec.write(chunk), out);
      } catch (e) {
        throw named(e);
      }
      if (out.length) yield out;
    }
    const out: SourceRow[] = [];
    try {
      parser.push(dec.end(), out);
      parser.end(out);
    } catch (e) {
      throw named(e);
    }
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
