/**
 * The XLSX container: the zip archive (yauzl), its entries, and one entry
 * streamed through the XML parser (saxes), UTF-8 decoded with a streaming
 * TextDecoder so a character split across inflate chunks is never damaged.
 * Zip bombs are bounded: inflated size per entry and the length of one cell
 * are capped.
 */
import fs from 'node:fs';
import yauzl from 'yauzl';
import { SaxesParser } from 'saxes';
import { InputError } from '../../errors.js';
import { msg } from '../../text/i18n.js';

export const LIMITS = {
  /** Inflated size of one worksheet. */
  sheetBytes: 2 * 1024 ** 3,
  /** Inflated size of sharedStrings.xml. */
  sharedStringsBytes: 200 * 1024 ** 2,
  /** Inflated size of the small parts (workbook, styles, rels). */
  smallPartBytes: 50 * 1024 ** 2,
  /** Characters of one cell, or of any run of XML between two tags. */
  cellChars: 1024 * 1024,
  /**
   * A part larger than this that inflates more than `bombRatio` times is a zip
   * bomb, refused before a byte is inflated. Real sheets compress 5–20 times;
   * deflate tops out near 1,000.
   */
  bombBytes: 64 * 1024 ** 2,
  bombRatio: 100,
};

export function corrupt(file: string, detail: string): InputError {
  return new InputError(
    msg(`${file}: tệp .xlsx bị hỏng hoặc không đầy đủ (${detail}).`, `${file}: the .xlsx file is damaged or incomplete (${detail}).`),
    msg('Mở tệp bằng Excel hoặc LibreOffice, lưu lại rồi nhập lại.', 'Open the file in Excel or LibreOffice, save it again, then import it again.'),
    file,
  );
}

export function tooBig(file: string, what: string): InputError {
  return new InputError(
    msg(`${file}: ${what} quá lớn; có thể là tệp độc hại (zip bomb).`, `${file}: ${what} is too large; the file may be hostile (a zip bomb).`),
    msg('Kiểm tra lại tệp; danh sách thành viên không lớn đến vậy.', 'Check the file; a roster is never that large.'),
    file,
  );
}

/**
 * Archives up to this size are read whole and opened from memory: a roster
 * workbook is opened several times by one import (template marker, workbook
 * parts, first rows, merged ranges, rows), each time from the bytes read once
 * rather than by many small reads of the file.
 */
export const IN_MEMORY_ARCHIVE_BYTES = 32 * 1024 * 1024;

/** The bytes of the archive read last, kept while the file's size, time and inode stay the same. */
let lastRead: { file: string; size: number; mtimeMs: number; ino: number; bytes: Buffer } | undefined;

/** The whole archive when it is small enough to hold, else null (read from the file as it is opened). */
async function archiveBytes(file: string): Promise<Buffer | null> {
  let st: fs.Stats;
  try {
    st = await fs.promises.stat(file);
  } catch {
    return null;
  }
  if (!st.isFile() || st.size > IN_MEMORY_ARCHIVE_BYTES) return null;
  const last = lastRead;
  if (last && last.file === file && last.size === st.size && last.mtimeMs === st.mtimeMs && last.ino === st.ino) return last.bytes;
  const bytes = await fs.promises.readFile(file);
  if (bytes.length !== st.size) return null;
  lastRead = { file, size: st.size, mtimeMs: st.mtimeMs, ino: st.ino, bytes };
  return bytes;
}

const ZIP_OPTIONS = { lazyEntries: true, validateEntrySizes: true, strictFileNames: false };

export async function openZip(file: string): Promise<yauzl.ZipFile> {
  const bytes = await archiveBytes(file);
  return new Promise((resolve, reject) => {
    const opened = (err: Error | null, zf?: yauzl.ZipFile) => {
      if (err || !zf) reject(corrupt(file, err ? err.message : 'zip'));
      else resolve(zf);
    };
    if (bytes) yauzl.fromBuffer(bytes, ZIP_OPTIONS, opened);
    else yauzl.open(file, { ...ZIP_OPTIONS, autoClose: false }, opened);
  });
}

export async function listEntries(file: string, zf: yauzl.ZipFile): Promise<Map<string, yauzl.Entry>> {
  return new Promise((resolve, reject) => {
    const map = new Map<string, yauzl.Entry>();
    zf.on('entry', (e: yauzl.Entry) => {
      map.set(e.fileName.replace(/^\/+/, ''), e);
      zf.readEntry();
    });
    zf.on('end', () => resolve(map));
    zf.on('error', (err: Error) => reject(corrupt(file, err.message)));
    zf.readEntry();
  });
}

export function entryStream(file: string, zf: yauzl.ZipFile, e: yauzl.Entry): Promise<NodeJS.ReadableStream> {
  return new Promise((resolve, reject) => {
    zf.openReadStream(e, (err, s) => {
      if (err || !s) reject(corrupt(file, err ? err.message : e.fileName));
      else resolve(s);
    });
  });
}

/** An entry larger than `cap`, or a large one that inflates suspiciously much: refused before a byte is inflated. */
export function checkEntrySize(file: string, e: yauzl.Entry, cap: number, what: string): void {
  if (e.uncompressedSize > cap) throw tooBig(file, what);
  if (e.uncompressedSize > LIMITS.bombBytes && e.uncompressedSize > LIMITS.bombRatio * Math.max(1, e.compressedSize)) throw tooBig(file, what);
}

/** Opens the archive, lists its entries and runs `use`; the archive is closed afterwards. */
export async function withArchive<T>(file: string, use: (zf: yauzl.ZipFile, entries: Map<string, yauzl.Entry>) => Promise<T>): Promise<T> {
  const zf = await openZip(file);
  try {
    return await use(zf, await listEntries(file, zf));
  } finally {
    zf.close();
  }
}

/**
 * Streams one zip entry through saxes, decoding UTF-8 across chunk
 * boundaries. `each` runs after every chunk (to hand out rows); returning
 * false stops reading.
 */
export async function* saxEntry(file: string, zf: yauzl.ZipFile, e: yauzl.Entry, cap: number, what: string, setup: (p: SaxesParser) => void): AsyncGenerator<void> {
  checkEntrySize(file, e, cap, what);
  const stream = await entryStream(file, zf, e);
  const parser = new SaxesParser({ position: false });
  let failure: Error | undefined;
  parser.on('error', (err) => {
    failure ??= err;
  });
  setup(parser);
  const dec = new TextDecoder('utf-8');
  let total = 0;
  let sinceTag = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      total += chunk.length;
      if (total > cap) throw tooBig(file, what);
      const text = dec.decode(chunk, { stream: true });
      const at = Math.max(text.lastIndexOf('<'), text.lastIndexOf('>'));
      sinceTag = at === -1 ? sinceTag + text.length : text.length - at - 1;
      if (sinceTag > LIMITS.cellChars) {
        throw new InputError(
          msg(`${file}: một ô dài quá ${LIMITS.cellChars / 1024 / 1024} MB (${what}).`, `${file}: a cell is longer than ${LIMITS.cellChars / 1024 / 1024} MB (${what}).`),
          msg('Kiểm tra lại tệp; ô trong danh sách thành viên không dài như vậy.', 'Check the file; roster cells are never that long.'),
          file,
        );
      }
      try {
        parser.write(text);
      } catch (err) {
        failure ??= err as Error;
      }
      if (failure) throw failure instanceof InputError ? failure : corrupt(file, `${what}: ${failure.message.split('\n')[0]}`);
      yield;
    }
    try {
      parser.write(dec.decode());
      parser.close();
    } catch (err) {
      failure ??= err as Error;
    }
    if (failure) throw failure instanceof InputError ? failure : corrupt(file, `${what}: ${failure.message.split('\n')[0]}`);
    yield;
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw corrupt(file, `${what}: ${(err as Error).message}`);
  } finally {
    (stream as unknown as { destroy?: () => void }).destroy?.();
  }
}

/** Reads a whole entry through saxEntry (parts read for their handlers' side effects). */
export async function drain(g: AsyncGenerator<void>): Promise<void> {
  for await (const _ of g) void _;
}
