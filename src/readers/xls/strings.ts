/**
 * BIFF strings. In BIFF8 (Excel 97–2003) a string is a character count, a
 * flag byte (bit 0: two bytes per character, UTF-16LE; else one byte per
 * character, Latin-1 "compressed"), optional rich-text runs and phonetic
 * data, then the characters. A long SST or STRING record is cut into
 * CONTINUE records; when the cut falls inside a string's characters, the
 * continued part starts with a new flag byte, and the width may change
 * there (a string can start compressed and go on in UTF-16). Runs and
 * phonetic data are skipped across cuts without a flag byte.
 *
 * BIFF5/7 (Excel 95) strings are bytes in the workbook's code page (CODEPAGE
 * record, e.g. 1258), decoded with iconv-lite.
 */
import iconv from 'iconv-lite';
import { present } from '../../errors.js';
import { damaged } from './errors.js';

/** A cursor over a record's data and its CONTINUE fragments. */
export class Fragments {
  private i = 0;
  /** The fragment being read: parts[i]. */
  private part: Buffer;
  private at = 0;
  /** Bytes in the fragments after fragment i. */
  private after: number;
  /** How many strings had their characters cut by a CONTINUE record. */
  splitStrings = 0;

  constructor(
    private readonly file: string,
    private readonly parts: Buffer[],
    private readonly what: string,
  ) {
    this.part = present(parts[0], `${what}: the record's own data`);
    this.after = parts.reduce((n, p) => n + p.length, 0) - this.part.length;
  }

  remaining(): number {
    return this.part.length - this.at + this.after;
  }

  private next(): void {
    const part = this.parts[this.i + 1];
    if (part === undefined) throw damaged(this.file, `${this.what} ends in the middle of a string`);
    this.i++;
    this.part = part;
    this.at = 0;
    this.after -= part.length;
  }

  u8(): number {
    while (this.at >= this.part.length) this.next();
    return this.part[this.at++]!;
  }

  u16(): number {
    return this.u8() | (this.u8() << 8);
  }

  u32(): number {
    return (this.u16() | (this.u16() << 16)) >>> 0;
  }

  skip(n: number): void {
    let left = n;
    while (left > 0) {
      const part = this.part;
      if (this.at >= part.length) {
        this.next();
        continue;
      }
      const take = Math.min(left, part.length - this.at);
      this.at += take;
      left -= take;
    }
  }

  /** `count` characters, the first piece `wide` or not; every continued piece starts with its own flag byte. */
  chars(count: number, wide: boolean): string {
    const pieces: string[] = [];
    let left = count;
    let w = wide;
    let first = true;
    while (left > 0) {
      const part = this.part;
      if (this.at >= part.length) {
        this.next();
        w = (this.u8() & 1) === 1;
        if (first) this.splitStrings++;
        first = false;
        continue;
      }
      const width = w ? 2 : 1;
      const avail = Math.floor((part.length - this.at) / width);
      if (avail === 0) throw damaged(this.file, `${this.what}: a character is cut in half`);
      const take = Math.min(left, avail);
      const bytes = part.subarray(this.at, this.at + take * width);
      pieces.push(bytes.toString(w ? 'utf16le' : 'latin1'));
      this.at += take * width;
      left -= take;
    }
    return pieces.join('');
  }

  /** `n` raw bytes (BIFF5 strings). */
  bytes(n: number): Buffer {
    const out = Buffer.alloc(n);
    for (let k = 0; k < n; k++) out[k] = this.u8();
    return out;
  }
}

/** How strings of this workbook are stored: BIFF8 Unicode, or BIFF5 bytes in a code page. */
export interface StringCodec {
  biff: 5 | 8;
  /** iconv-lite encoding for BIFF5 byte strings. */
  encoding: string;
}

/** iconv-lite's name for a CODEPAGE record value (1258 Vietnamese, 1252 Western, 1200 UTF-16…). */
export function codepageEncoding(cp: number): string {
  if (cp === 1200) return 'utf16le';
  if (cp === 367) return 'ascii';
  if (cp === 0x8000 || cp === 10000) return 'macintosh';
  if (cp === 0x8001 || cp === 32769) return 'windows-1252';
  const name = cp >= 1250 && cp <= 1258 ? `windows-${cp}` : `cp${cp}`;
  return iconv.encodingExists(name) ? name : 'windows-1252';
}

function decodeBytes(b: Buffer, codec: StringCodec): string {
  return iconv.decode(b, codec.encoding);
}

/**
 * A string with a 1-byte (sheet names) or 2-byte (cells, formats) character
 * count. BIFF8: flag byte and optional runs/phonetic blocks (skipped).
 */
export function readString(f: Fragments, countBytes: 1 | 2, codec: StringCodec): string {
  const count = countBytes === 1 ? f.u8() : f.u16();
  if (codec.biff === 5) return decodeBytes(f.bytes(count), codec).normalize('NFC');
  return readBiff8Body(f, count).normalize('NFC');
}

function readBiff8Body(f: Fragments, count: number): string {
  const flags = f.u8();
  const runs = flags & 0x08 ? f.u16() : 0;
  const ext = flags & 0x04 ? f.u32() : 0;
  const s = f.chars(count, (flags & 1) === 1);
  f.skip(runs * 4);
  f.skip(ext);
  return s;
}

/** Strings of one record, without CONTINUE (sheet names, formats, LABEL). */
export function readStringAt(file: string, data: Buffer, offset: number, countBytes: 1 | 2, codec: StringCodec, what: string): string {
  if (offset > data.length) throw damaged(file, `${what}: string outside its record`);
  return readString(new Fragments(file, [data.subarray(offset)], what), countBytes, codec);
}

/**
 * The shared-string table (SST and its CONTINUE records). A count that
 * cannot fit in the bytes present (each string takes at least 3) is damage,
 * refused before anything is allocated.
 */
export function readSst(file: string, parts: Buffer[]): { strings: string[]; splitStrings: number } {
  const f = new Fragments(file, parts, 'shared-string table');
  if (f.remaining() < 8) throw damaged(file, 'shared-string table too short');
  f.u32();
  const count = f.u32();
  const room = f.remaining();
  if (count > room / 3) throw damaged(file, `the shared-string table announces ${count} strings but has room for at most ${Math.floor(room / 3)}`);
  const strings: string[] = [];
  for (let k = 0; k < count && f.remaining() > 0; k++) strings.push(readBiff8Body(f, f.u16()).normalize('NFC'));
  return { strings, splitStrings: f.splitStrings };
}
