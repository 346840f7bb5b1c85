/**
 * A hand-written scanner for the XML of worksheet parts: the plain XML that
 * spreadsheet programs write (tags, attributes in quotes, text with the five
 * named entities and numeric character references), handed out as the same
 * events saxes gives (open tag with its attributes, text, close tag), several
 * times faster. It takes text in chunks (a tag or an entity may be cut
 * anywhere).
 *
 * It never guesses: whatever it does not take for certain (a comment, CDATA,
 * a processing instruction, a DOCTYPE, an unknown entity, a name
 * outside ASCII, a character XML forbids, a mismatched tag, text outside the
 * root, ...) throws `Unsure` before any event of it is given, and the part is
 * read again with saxes, which reads it as it always has, damage and all.
 */

/** What the scanner hands out: the events saxes gives for the same XML (without namespace processing). */
export interface XmlEvents {
  open(name: string, attributes: Record<string, string>): void;
  text(text: string): void;
  close(name: string): void;
}

/** The scanner met XML it does not take for certain: read the part with saxes instead. */
export class Unsure extends Error {}

/** Whether worksheets and workbook parts are read by XmlScanner (tests turn it off to compare with saxes). */
export const SCAN = { on: true };

const unsure = (what: string): Unsure => new Unsure(what);

/** The XML declaration as spreadsheet programs write it. */
const DECLARATION = /^<\?xml version=(["'])1\.0\1(?: encoding=(["'])(?:UTF|utf)-8\2)?(?: standalone=(["'])(?:yes|no)\3)? ?\?>/;
/** Characters XML forbids (its Char production), and the `]]>` text may not hold. */
const FORBIDDEN = /[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]|]]>/;
/** What text may hold that is not read as it stands: a forbidden character, a carriage return, a reference. */
const SPECIAL = /[\x00-\x08\x0b-\x1f&\ufffe\uffff]|]]>/;
const WHITE = /^[ \t\r\n]*$/;
const NAMED = new Map([
  ['amp', '&'],
  ['lt', '<'],
  ['gt', '>'],
  ['quot', '"'],
  ['apos', "'"],
]);

/** Whether a code point is a character XML 1.0 allows. */
function isXmlChar(c: number): boolean {
  return c === 0x9 || c === 0xa || c === 0xd || (c >= 0x20 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd) || (c >= 0x10000 && c <= 0x10ffff);
}

/** The value of a hexadecimal digit, or -1. */
function hexDigit(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  return -1;
}

/** The character reference after `&#` at `at` in `t`: the character, and where the reference ends (after its `;`). */
function characterReference(t: string, at: number): { char: string; end: number } {
  let i = at;
  let code = 0;
  let digits = 0;
  if (t.charCodeAt(i) === 0x78) {
    i++;
    for (let d = hexDigit(t.charCodeAt(i)); d >= 0 && digits <= 6; d = hexDigit(t.charCodeAt(++i)), digits++) code = code * 16 + d;
  } else {
    for (let c = t.charCodeAt(i); c >= 0x30 && c <= 0x39 && digits <= 7; c = t.charCodeAt(++i), digits++) code = code * 10 + (c - 0x30);
  }
  if (digits === 0 || digits > 7 || t.charCodeAt(i) !== 0x3b || !isXmlChar(code)) throw unsure('a character reference it does not read');
  return { char: String.fromCodePoint(code), end: i + 1 };
}

/** Text between two tags as XML reads it: line ends as LF, references replaced. */
function textOf(raw: string): string {
  if (!SPECIAL.test(raw)) return raw;
  if (FORBIDDEN.test(raw)) throw unsure('a character XML forbids');
  return references(raw.includes('\r') ? raw.replace(/\r\n?/g, '\n') : raw);
}

/** Text with its entity and character references replaced. */
function references(t: string): string {
  let amp = t.indexOf('&');
  if (amp === -1) return t;
  let out = '';
  let at = 0;
  while (amp !== -1) {
    out += t.slice(at, amp);
    if (t.charCodeAt(amp + 1) === 0x23) {
      const ref = characterReference(t, amp + 2);
      out += ref.char;
      at = ref.end;
    } else {
      const semi = t.indexOf(';', amp);
      const named = semi === -1 ? undefined : NAMED.get(t.slice(amp + 1, semi));
      if (named === undefined) throw unsure('an entity it does not know');
      out += named;
      at = semi + 1;
    }
    amp = t.indexOf('&', at);
  }
  return out + t.slice(at);
}

const isWhite = (c: number) => c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d;
const isNameStart = (c: number) => (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f;
const isNameChar = (c: number) => isNameStart(c) || (c >= 0x30 && c <= 0x39) || c === 0x2e || c === 0x2d;

/** Where the name starting at `at` ends (ASCII, one optional prefix), or -1 when none starts there. */
function nameEnd(s: string, at: number): number {
  if (!isNameStart(s.charCodeAt(at))) return -1;
  let i = at + 1;
  while (isNameChar(s.charCodeAt(i))) i++;
  if (s.charCodeAt(i) !== 0x3a) return i;
  if (!isNameStart(s.charCodeAt(i + 1))) return -1;
  i += 2;
  while (isNameChar(s.charCodeAt(i))) i++;
  return i;
}

/** The name between `from` and `to` in `s`: a worksheet's busiest names shared rather than cut from the text again for every tag. */
function nameAt(s: string, from: number, to: number): string {
  const length = to - from;
  if (length === 1) {
    const c = s.charCodeAt(from);
    if (c === 0x63) return 'c';
    if (c === 0x76) return 'v';
    if (c === 0x74) return 't';
  } else if (length === 3 && s.startsWith('row', from)) return 'row';
  return s.slice(from, to);
}

/** The attribute name between `from` and `to` in `s`: a cell's r, s and t shared rather than cut from the text again. */
function attributeNameAt(s: string, from: number, to: number): string {
  if (to - from === 1) {
    const c = s.charCodeAt(from);
    if (c === 0x72) return 'r';
    if (c === 0x73) return 's';
    if (c === 0x74) return 't';
  }
  return s.slice(from, to);
}

/** An element without attributes: its attributes, never changed by a listener. */
const NO_ATTRIBUTES: Record<string, string> = Object.freeze({}) as Record<string, string>;

/**
 * Reads the attributes of a start tag from `at` to `gt` (the `>`) in `s`
 * into `into`; true when the tag ends in `/>` (an empty element).
 */
function readAttributes(s: string, at: number, gt: number, into: Record<string, string>): boolean {
  let i = at;
  for (;;) {
    let j = i;
    while (isWhite(s.charCodeAt(j))) j++;
    if (j === gt) return false;
    if (s.charCodeAt(j) === 0x2f && j === gt - 1) return true;
    const end = j > i ? nameEnd(s, j) : -1;
    if (end === -1 || end > gt) throw unsure('a tag it does not read');
    const name = attributeNameAt(s, j, end);
    let k = end;
    while (isWhite(s.charCodeAt(k))) k++;
    if (s.charCodeAt(k) !== 0x3d) throw unsure('a tag it does not read');
    k++;
    while (isWhite(s.charCodeAt(k))) k++;
    const quote = s.charCodeAt(k);
    if (quote !== 0x22 && quote !== 0x27) throw unsure('a tag it does not read');
    let close = k + 1;
    let amp = false;
    for (let c = s.charCodeAt(close); c !== quote; c = s.charCodeAt(++close)) {
      // `<`, control characters (XML would turn a tab or line end into a space), U+FFFE/U+FFFF, or past the tag.
      if (close >= gt || c < 0x20 || c === 0x3c || c >= 0xfffe) throw unsure('an attribute it does not read');
      if (c === 0x26) amp = true;
    }
    const value = s.slice(k + 1, close);
    // A name already there (or one an object has of its own, such as __proto__): saxes' to judge.
    if (into[name] !== undefined) throw unsure(`attribute ${name}`);
    into[name] = amp ? references(value) : value;
    i = close + 1;
  }
}

export class XmlScanner {
  /** The text not scanned yet: an unfinished tag, or the text after the last tag. */
  private rest = '';
  private readonly open: string[] = [];
  private started = false;
  private rootClosed = false;

  constructor(private readonly to: XmlEvents) {}

  /** Scans the next chunk of text; what it ends in the middle of waits for the next one. */
  write(chunk: string): void {
    const s = this.rest + chunk;
    let i = 0;
    if (!this.started) {
      // The declaration, if any, is read whole.
      if (!s.includes('>') && s.length < 256) {
        this.rest = s;
        return;
      }
      this.started = true;
      if (s.startsWith('<?')) {
        const decl = DECLARATION.exec(s);
        if (!decl) throw unsure('an XML declaration it does not read');
        i = decl[0].length;
      }
    }
    for (let lt = s.indexOf('<', i); lt !== -1; lt = s.indexOf('<', i)) {
      const gt = s.indexOf('>', lt + 1);
      if (gt === -1) break;
      if (lt > i) this.text(s.slice(i, lt));
      if (s.charCodeAt(lt + 1) === 0x2f) this.closeTag(s, lt + 2, gt);
      else this.openTag(s, lt + 1, gt);
      i = gt + 1;
    }
    this.rest = s.slice(i);
  }

  /** The end of the part: everything scanned, the root closed. */
  close(): void {
    if (!this.started) this.write('');
    if (this.rest.includes('<') || this.open.length > 0 || !this.rootClosed) throw unsure('an unfinished document');
    this.text(this.rest);
    this.rest = '';
  }

  private text(raw: string): void {
    if (this.open.length === 0 && !WHITE.test(raw)) throw unsure('text outside the root element');
    this.to.text(textOf(raw));
  }

  /** The start tag from `at` (after `<`) to `gt` (its `>`). */
  private openTag(s: string, at: number, gt: number): void {
    const end = nameEnd(s, at);
    if (end === -1 || end > gt) throw unsure('a comment, CDATA, DOCTYPE, processing instruction or a tag it does not read');
    if (this.open.length === 0 && this.rootClosed) throw unsure('a second root element');
    const name = nameAt(s, at, end);
    let attributes = NO_ATTRIBUTES;
    let empty = false;
    if (end < gt) {
      attributes = {};
      empty = readAttributes(s, end, gt, attributes);
    }
    this.open.push(name);
    this.to.open(name, attributes);
    if (empty) this.closeElement(name);
  }

  /** The close tag from `at` (after `</`) to `gt` (its `>`): the name of the element open, perhaps with white space after it. */
  private closeTag(s: string, at: number, gt: number): void {
    const name = this.open[this.open.length - 1];
    if (name === undefined || !s.startsWith(name, at)) throw unsure('a close tag that does not match');
    for (let i = at + name.length; i < gt; i++) if (!isWhite(s.charCodeAt(i))) throw unsure('a close tag that does not match');
    this.closeElement(name);
  }

  private closeElement(name: string): void {
    this.open.pop();
    if (this.open.length === 0) this.rootClosed = true;
    this.to.close(name);
  }
}
