/**
 * Streaming CSV/TSV/TXT reader. A hand-written parser: csv-parse reads about
 * 150k rows/s on a 15-column roster, this one several times that (see
 * bench/csv-reader.mjs). RFC 4180 quoting ("" inside quotes, delimiters and
 * newlines inside quoted fields), CRLF, LF or CR line ends, a trailing blank
 * line. Row numbers are record numbers (a quoted field holding a newline is
 * still one spreadsheet row), blank records are counted but not yielded.
 * A quote still open at the end of the file is an InputError naming the row
 * it opened in (the rows below would otherwise vanish into one cell).
 */
import { InputError } from '../errors.js';
import { msg } from '../text/i18n.js';
import type { SourceRow } from './types.js';

const LF = 10;
const CR = 13;
const QUOTE = 34;

/** A record may not grow beyond this (an unterminated quote would otherwise swallow the file). */
export const MAX_RECORD_CHARS = 4 * 1024 * 1024;

/** Characters read before deciding, without a line feed outside quotes, whether the file ends its lines with CR alone. */
const LINE_END_SAMPLE = 65536;

/** Where a scan stands in a record: as the parser reads it (a quote opens a field only at its start). */
// biome-ignore lint/suspicious/noConstEnum: inlined as numbers in the parser's per-character loop; the build compiles whole (tsc), never file by file
const enum At {
  FieldStart,
  Unquoted,
  Quoted,
  /** A quote inside a quoted field: the closing one, or the first of a doubled pair. */
  QuoteInQuoted,
}

/** One step of the scan over character `c`; line ends are the caller's business (they reset to FieldStart). */
function step(at: At, c: number, delim: number): At {
  switch (at) {
    case At.Quoted:
      return c === QUOTE ? At.QuoteInQuoted : At.Quoted;
    case At.QuoteInQuoted:
      if (c === QUOTE) return At.Quoted;
      return c === delim ? At.FieldStart : At.Unquoted;
    case At.FieldStart:
      if (c === QUOTE) return At.Quoted;
      return c === delim ? At.FieldStart : At.Unquoted;
    default:
      return c === delim ? At.FieldStart : At.Unquoted;
  }
}

/** Whether text that starts at a record start ends inside a quoted field. */
function endsInsideQuote(s: string, delim: number): boolean {
  let at = At.FieldStart;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c === LF || c === CR) && at !== At.Quoted) at = At.FieldStart;
    else at = step(at, c, delim);
  }
  return at === At.Quoted;
}

function tooLong(row: number, inQuote: boolean): InputError {
  const mb = MAX_RECORD_CHARS / 1024 / 1024;
  return inQuote
    ? new InputError(
        msg(
          `Dòng ${row} dài quá ${mb} MB: dấu " mở trong dòng này chưa được đóng, có lẽ thiếu dấu " đóng.`,
          `Row ${row} is longer than ${mb} MB: a quote (") opened in it is not closed; probably a missing closing quote (").`,
        ),
        msg(`Kiểm tra dấu ngoặc kép ở dòng ${row} của tệp.`, `Check the quotes in row ${row} of the file.`),
      )
    : new InputError(
        msg(
          `Dòng ${row} dài quá ${mb} MB mà không xuống dòng: không có dòng danh sách nào dài như vậy.`,
          `Row ${row} is longer than ${mb} MB without a line end: no roster row is that long.`,
        ),
        msg(
          `Kiểm tra đây có phải là tệp danh sách (CSV xuất từ bảng tính, mỗi người một dòng) và xem dòng ${row} của tệp.`,
          `Check that this is a roster file (a CSV exported from a spreadsheet, one person per line) and look at row ${row}.`,
        ),
      );
}

function unclosedQuote(row: number): InputError {
  return new InputError(
    msg(
      `Dấu ngoặc kép (") mở ở dòng ${row} không được đóng đến hết tệp: các dòng bên dưới sẽ bị gộp vào một ô.`,
      `The quote (") opened in row ${row} is never closed before the end of the file: the rows below it would run into one cell.`,
    ),
    msg(
      `Thêm dấu " đóng vào ô đó ở dòng ${row} (hoặc bỏ dấu " mở), lưu tệp rồi nhập lại.`,
      `Add the closing quote (") to that cell in row ${row} (or remove the opening one), save the file and import it again.`,
    ),
  );
}

export class CsvParser {
  private rest = '';
  private fields: (string | null)[] = [];
  /** Records completed so far, blank ones included. */
  records = 0;
  /** Lines end with CR alone (old Mac files); undefined until decided from the text outside quotes. */
  private crOnly: boolean | undefined;
  /** The line-end scan, resumed where the last chunk stopped while undecided. */
  private scanned = 0;
  private scanAt = At.FieldStart;
  private scanSawCr = false;

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

  /**
   * CR-only line ends: a CR outside quotes and no LF outside quotes in the
   * first LINE_END_SAMPLE characters (or the whole file). CRs and LFs inside
   * quoted fields are cell content and decide nothing. Undefined: not yet
   * known (the text so far is kept, unparsed).
   */
  private detectCrOnly(s: string, final: boolean): boolean | undefined {
    const D = this.delim;
    const n = s.length;
    let at = this.scanAt;
    let sawCr = this.scanSawCr;
    let i = this.scanned;
    for (; i < n; i++) {
      const c = s.charCodeAt(i);
      if (at !== At.Quoted && (c === LF || c === CR)) {
        if (c === LF) return false;
        sawCr = true;
        at = At.FieldStart;
      } else at = step(at, c, D);
    }
    // A CR last in the text may be the first half of a CRLF: wait for the next character.
    const crLast = n > 0 && at !== At.Quoted && s.charCodeAt(n - 1) === CR;
    if (final || (n > LINE_END_SAMPLE && !crLast)) return sawCr;
    this.scanned = n;
    this.scanAt = at;
    this.scanSawCr = sawCr;
    return undefined;
  }

  /** Whether the line ends are known (else the text is kept, unparsed, until they are). */
  private lineEndsDecided(s: string, final: boolean): boolean {
    if (this.crOnly !== undefined) return true;
    const d = this.detectCrOnly(s, final);
    if (d === undefined) {
      this.rest = s;
      return false;
    }
    this.crOnly = d;
    return true;
  }

  private parse(s: string, final: boolean, out: SourceRow[]): void {
    if (!this.lineEndsDecided(s, final)) return;
    if (this.crOnly) s = s.replace(/\r/g, '\n');
    // flatten a concatenated string once, so that charCodeAt stays on the fast path
    (s as unknown as number) | 0;
    const n = s.length;
    const recStart = this.parseRecords(s, final, out);
    this.fields = [];
    if (recStart >= n) {
      this.rest = '';
      return;
    }
    this.rest = s.slice(recStart);
    this.any = false;
    if (this.rest.length > MAX_RECORD_CHARS) throw tooLong(this.records + 1, endsInsideQuote(this.rest, this.delim));
  }

  /** The field read last by quotedField or unquotedField. */
  private value = '';

  /**
   * Parses the complete records of `s`, pushing the non-blank ones as rows;
   * returns where the first incomplete record starts (s.length: none).
   */
  private parseRecords(s: string, final: boolean, out: SourceRow[]): number {
    const D = this.delim;
    const n = s.length;
    let p = 0; // start of the current field
    let recStart = 0;
    this.fields = [];
    this.any = false;
    while (p < n) {
      const end = s.charCodeAt(p) === QUOTE ? this.quotedField(s, p, final) : this.unquotedField(s, p, final);
      if (end === -1) break;
      p = end;
      const val = this.value;
      if (val === '') this.fields.push(null);
      else {
        this.fields.push(val);
        this.any = true;
      }
      if (p >= n) {
        // end of input (final): the last record
        this.emit(out);
        return n;
      }
      const c = s.charCodeAt(p);
      if (c === D) {
        p++;
        if (p >= n) {
          if (!final) break;
          this.fields.push(null);
          this.emit(out);
          return n;
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
    return recStart;
  }

  /**
   * The quoted field at `p` ("" inside it is one quote; text after the
   * closing quote up to the delimiter is kept, as spreadsheets do) into
   * `value`; returns where it ends, or -1 when the text ends first (not final).
   */
  private quotedField(s: string, p: number, final: boolean): number {
    const D = this.delim;
    const n = s.length;
    let q = p + 1;
    let val = '';
    for (;;) {
      const e = s.indexOf('"', q);
      if (e === -1) {
        if (!final) return -1;
        // Unterminated quote at end of file: every row below it went into this cell.
        throw unclosedQuote(this.records + 1);
      }
      if (e + 1 < n && s.charCodeAt(e + 1) === QUOTE) {
        val += s.slice(q, e + 1);
        q = e + 2;
        continue;
      }
      if (e + 1 >= n && !final) return -1;
      val += s.slice(q, e);
      p = e + 1;
      break;
    }
    let j = p;
    while (j < n) {
      const c = s.charCodeAt(j);
      if (c === D || c === LF || c === CR) break;
      j++;
    }
    if (j >= n && !final) return -1;
    if (j > p) val += s.slice(p, j);
    this.value = val;
    return j;
  }

  /** The unquoted field at `p` (a CR before its LF dropped) into `value`; returns where it ends, or -1 when the text ends first (not final). */
  private unquotedField(s: string, p: number, final: boolean): number {
    const D = this.delim;
    const n = s.length;
    let j = p;
    while (j < n) {
      const c = s.charCodeAt(j);
      if (c === D || c === LF) break;
      j++;
    }
    if (j >= n && !final) return -1;
    let e = j;
    if (e > p && s.charCodeAt(e - 1) === CR && (j >= n || s.charCodeAt(j) === LF)) e--;
    this.value = s.slice(p, e);
    return j;
  }
}
