/**
 * The XLSX container: the zip archive (yauzl), its entries (inflated whole
 * when the archive is small enough to be held, else streamed), and one entry
 * fed through an XML parser (the scanner of ./scan.ts, or saxes), UTF-8
 * decoded with a streaming TextDecoder so a character split across inflate
 * chunks is never damaged.
 * Zip bombs are bounded: inflated size per entry and the length of one cell
 * are capped.
 */
import fs from 'node:fs';
import zlib from 'node:zlib';
import yauzl from 'yauzl';
import { SaxesParser } from 'saxes';
import { InputError } from '../../errors.js';
import { msg } from '../../text/i18n.js';
import { Unsure } from './scan.js';

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
    st = fs.statSync(file);
  } catch {
    return null;
  }
  if (!st.isFile() || st.size > IN_MEMORY_ARCHIVE_BYTES) return null;
  const last = lastRead;
  if (last && last.file === file && last.size === st.size && last.mtimeMs === st.mtimeMs && last.ino === st.ino) return last.bytes;
  // A regular file of at most 32 MB: read at once, without a trip through the thread pool per piece.
  const bytes = fs.readFileSync(file);
  if (bytes.length !== st.size) return null;
  lastRead = { file, size: st.size, mtimeMs: st.mtimeMs, ino: st.ino, bytes };
  return bytes;
}

const ZIP_OPTIONS = { lazyEntries: true, validateEntrySizes: true, strictFileNames: false };

/** The bytes of each archive opened from memory. */
const archiveOf = new WeakMap<yauzl.ZipFile, Buffer>();

export async function openZip(file: string): Promise<yauzl.ZipFile> {
  const bytes = await archiveBytes(file);
  return new Promise((resolve, reject) => {
    const opened = (err: Error | null, zf?: yauzl.ZipFile) => {
      if (err || !zf) reject(corrupt(file, err ? err.message : 'zip'));
      else {
        if (bytes) archiveOf.set(zf, bytes);
        resolve(zf);
      }
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

/**
 * Entries of an archive held in memory up to `entryBytes` inflated are
 * inflated at once, synchronously, instead of through a stream (no waiting on
 * the event loop between chunks); larger ones are streamed. They are handed
 * to the readers in pieces of `pieceBytes`, as a zlib stream hands them out.
 * Tests set `entryBytes` to -1 to read through the streams alone, and small
 * pieces to cut tags and characters.
 */
export const INFLATE_WHOLE = { entryBytes: 16 * 1024 * 1024, pieceBytes: 16 * 1024 };

/**
 * How much of the last archive's inflated parts is kept for its next opening.
 * A sheet larger than INFLATE_WHOLE.entryBytes is streamed rather than held:
 * the peak memory of a 100,000-row import (a 51 MB sheet) stays where it was.
 */
const KEPT_PARTS_BYTES = 32 * 1024 * 1024;

/**
 * The inflated entries of the archive opened last (by the offset of their
 * local header): one import opens a workbook several times, and each part is
 * inflated once.
 */
let kept: { archive: Buffer; parts: Map<number, Buffer>; bytes: number } | undefined;

const LOCAL_HEADER = 0x04034b50;

/**
 * An entry of an in-memory archive inflated whole, or null when it must be
 * streamed: too large, encrypted, an unknown method, or anything amiss
 * (header, bounds, zlib error, a size other than the one declared). The
 * stream then reports the damage exactly as it always has.
 */
function inflateWhole(archive: Buffer, e: yauzl.Entry): Buffer | null {
  if (e.uncompressedSize > INFLATE_WHOLE.entryBytes || e.isEncrypted()) return null;
  if (e.compressionMethod !== 0 && e.compressionMethod !== 8) return null;
  const at = e.relativeOffsetOfLocalHeader;
  if (at + 30 > archive.length || archive.readUInt32LE(at) !== LOCAL_HEADER) return null;
  const start = at + 30 + archive.readUInt16LE(at + 26) + archive.readUInt16LE(at + 28);
  const end = start + e.compressedSize;
  if (end > archive.length) return null;
  const raw = archive.subarray(start, end);
  if (e.compressionMethod === 0) return raw;
  try {
    // One byte more than declared: a part that inflates further is left to the stream, which refuses it.
    const out = zlib.inflateRawSync(raw, { maxOutputLength: e.uncompressedSize + 1 });
    return out.length === e.uncompressedSize ? out : null;
  } catch {
    return null;
  }
}

/** The inflated bytes of an entry of an in-memory archive (kept for the archive's next opening), or null to stream it. */
function wholeEntry(zf: yauzl.ZipFile, e: yauzl.Entry): Buffer | null {
  const archive = archiveOf.get(zf);
  if (!archive) return null;
  if (kept?.archive !== archive) kept = { archive, parts: new Map(), bytes: 0 };
  const key = e.relativeOffsetOfLocalHeader;
  const had = kept.parts.get(key);
  if (had) return had;
  const bytes = inflateWhole(archive, e);
  if (bytes && kept.bytes + bytes.length <= KEPT_PARTS_BYTES) {
    kept.parts.set(key, bytes);
    kept.bytes += bytes.length;
  }
  return bytes;
}

/** Chunks of an entry inflated whole: the readers see the same pieces as from a stream. */
function* pieces(bytes: Buffer): Generator<Buffer> {
  const size = Math.max(1, INFLATE_WHOLE.pieceBytes);
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

/** An entry's inflated chunks: from memory when the archive is there, else from a stream. `close` ends a stream read early. */
export async function entryChunks(file: string, zf: yauzl.ZipFile, e: yauzl.Entry): Promise<{ chunks: Iterable<Buffer> | AsyncIterable<Buffer>; close: () => void }> {
  const whole = wholeEntry(zf, e);
  if (whole) return { chunks: pieces(whole), close: () => undefined };
  const stream = await entryStream(file, zf, e);
  return { chunks: stream as AsyncIterable<Buffer>, close: () => (stream as unknown as { destroy?: () => void }).destroy?.() };
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

/** An XML parser fed text chunks: saxes, or the scanner of ./scan.ts. Either throws what it cannot read. */
export interface XmlParser {
  write(text: string): void;
  close(): void;
}

/** saxes as an XmlParser: its first error thrown after the write that met it. */
function saxesParser(setup: (p: SaxesParser) => void): XmlParser {
  const parser = new SaxesParser({ position: false });
  let failure: Error | undefined;
  parser.on('error', (err) => {
    failure ??= err;
  });
  setup(parser);
  const run = (step: () => void) => {
    try {
      step();
    } catch (err) {
      failure ??= err as Error;
    }
    if (failure) throw failure;
  };
  return { write: (text) => run(() => parser.write(text)), close: () => run(() => parser.close()) };
}

/**
 * Streams one zip entry through an XML parser, decoding UTF-8 across chunk
 * boundaries. `each` runs after every chunk (to hand out rows); returning
 * false stops reading. What the parser cannot read is damage, reported as
 * such; `Unsure` from the scanner passes through (the caller reads again
 * with saxes).
 */
export async function* xmlEntry(file: string, zf: yauzl.ZipFile, e: yauzl.Entry, cap: number, what: string, parser: XmlParser): AsyncGenerator<void> {
  checkEntrySize(file, e, cap, what);
  const entry = await entryChunks(file, zf, e);
  const damage = (err: unknown) => (err instanceof InputError || err instanceof Unsure ? err : corrupt(file, `${what}: ${(err as Error).message.split('\n')[0]}`));
  const dec = new TextDecoder('utf-8');
  let total = 0;
  let sinceTag = 0;
  try {
    for await (const chunk of entry.chunks) {
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
        throw damage(err);
      }
      yield;
    }
    try {
      parser.write(dec.decode());
      parser.close();
    } catch (err) {
      throw damage(err);
    }
    yield;
  } catch (err) {
    if (err instanceof InputError || err instanceof Unsure) throw err;
    throw corrupt(file, `${what}: ${(err as Error).message}`);
  } finally {
    entry.close();
  }
}

/** Streams one zip entry through saxes (see xmlEntry); `setup` attaches the handlers. */
export function saxEntry(file: string, zf: yauzl.ZipFile, e: yauzl.Entry, cap: number, what: string, setup: (p: SaxesParser) => void): AsyncGenerator<void> {
  return xmlEntry(file, zf, e, cap, what, saxesParser(setup));
}

/** Reads a whole entry through saxEntry (parts read for their handlers' side effects). */
export async function drain(g: AsyncGenerator<void>): Promise<void> {
  for await (const _ of g) void _;
}
