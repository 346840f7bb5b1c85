/**
 * Personal data in output: IDs, phones and e-mail are masked unless the user
 * asks for them (--include-pii). One place, one rule, so every output masks
 * the same way: anything with an @, and any run of 9 or more digits (after
 * folding full-width digits and look-alike letters), whatever the column.
 */
import type { Finding, Report } from '../rules/types.js';

/** 079123456345 → 079******345; 0912345678 → 091****678. Short values are fully masked. */
export function maskDigits(s: string | null | undefined): string {
  if (!s) return '';
  const t = String(s);
  if (t.length <= 6) return '*'.repeat(t.length);
  return t.slice(0, 3) + '*'.repeat(t.length - 6) + t.slice(-3);
}

/** The value as shown: masked unless the user asked for personal data. */
export function pii(s: string | null | undefined, includePii: boolean): string {
  if (!s) return '';
  if (includePii) return String(s);
  const t = String(s);
  // A stored ID or phone is masked whole; anything else in the field by the one rule.
  return /^\d+$/.test(t) ? maskDigits(t) : maskText(t, false);
}

/** nguyen.a@example.vn → n***@example.vn */
export function maskEmail(e: string | null | undefined, includePii: boolean): string {
  if (!e) return '';
  if (includePii) return e;
  return /[@＠]/.test(e) ? maskText(e, false) : maskDigits(e);
}

/** Look-alike letters read as digits inside a digit run (Unicode confusables: O→0, l/I→1). */
const LOOKALIKE: Readonly<Record<string, string>> = { O: '0', o: '0', I: '1', l: '1' };
/** Characters a clerk puts between digit groups ("0903 123 456", "0903.123.456", "0903-123-456"). */
const SEPARATORS = new Set([' ', '.', '-', '\u00A0', '\u202F', '\u2009', '\u2010', '\u2011', '\u2012', '\u2013', '\u2212', '\u3000']);
/** Zeros of the decimal digit blocks other than ASCII that NFKC does not fold. */
const DIGIT_ZEROS = [0x0660, 0x06f0, 0x07c0, 0x0966, 0x09e6, 0x0a66, 0x0ae6, 0x0b66, 0x0be6, 0x0c66, 0x0ce6, 0x0d66, 0x0e50, 0x0ed0, 0x0f20, 0x1040, 0x17e0, 0x1810];

/** digitOf of the characters beyond ASCII met so far (bounded). */
const WIDE_DIGITS = new Map<string, string | undefined>();

/** The ASCII digit a character stands for (ASCII, full-width, Arabic-Indic, mathematical…), if it is a decimal digit. */
export function digitOf(ch: string): string | undefined {
  if (ch >= '0' && ch <= '9') return ch;
  const cp = ch.codePointAt(0) as number;
  if (cp < 0x80) return undefined;
  // Every letter of a Vietnamese text is beyond ASCII: each one is normalised once.
  const known = WIDE_DIGITS.get(ch);
  if (known !== undefined || WIDE_DIGITS.has(ch)) return known;
  const d = wideDigitOf(ch, cp);
  if (WIDE_DIGITS.size < 4096) WIDE_DIGITS.set(ch, d);
  return d;
}

function wideDigitOf(ch: string, cp: number): string | undefined {
  const k = ch.normalize('NFKC');
  if (k.length === 1 && k >= '0' && k <= '9') return k;
  for (const z of DIGIT_ZEROS) if (cp >= z && cp <= z + 9) return String(cp - z);
  return undefined;
}

/** A digest in lower-case hex (64, 40 or 32 digits, or the first 16 as Kiểm tra shows it): never personal data. */
const HEX_TOKEN = /(?<![0-9A-Za-z])(?=[0-9a-f]*[a-f])(?:[0-9a-f]{64}|[0-9a-f]{40}|[0-9a-f]{32}|[0-9a-f]{16})(?![0-9A-Za-z])/g;
/** Anything with an @ in it, up to the usual delimiters. */
const AT_TOKEN = /[^\s,;<>"'()[\]{}]*[@＠][^\s,;<>"'()[\]{}]*/g;
const HAS_AT = /[@＠]/;

function maskAtToken(t: string): string {
  const at = Math.max(t.lastIndexOf('@'), t.lastIndexOf('＠'));
  const first = t.search(/[@＠]/);
  const local = t.slice(0, first);
  const domain = t.slice(at + 1);
  return `${local ? [...local][0] : ''}***@${maskDigitRuns(domain)}`;
}

type Kind = 'digit' | 'look' | 'sep' | 'other';

/** Runs of 9 or more digits (separators between digits, full-width digits, look-alike letters inside the run) masked. */
/** A decimal digit other than 0-9 (full-width, Arabic-Indic, …). */
const OTHER_DIGIT = /(?![0-9])\p{Nd}/u;

/**
 * Whether a UTF-16 code unit may be (part of) a decimal digit other than 0-9:
 * the first such digit is U+0660 (Arabic-Indic zero), and Latin Extended
 * Additional (U+1E00-U+1EFF, most Vietnamese letters) has none, so a
 * Vietnamese name never needs the Unicode test (tests/mask-rule.test.ts).
 */
export function mayBeOtherDigit(c: number): boolean {
  return c >= 0x660 && (c < 0x1e00 || c > 0x1eff);
}

/** Cheap test first (most cells: names, wards): fewer than 9 digit-like characters and no exotic digit. */
function mayHoldRun(s: string): boolean {
  let n = 0;
  let wide = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c >= 48 && c <= 57) || c === 79 || c === 111 || c === 73 || c === 108) n++;
    else if (c > 127 && !wide) wide = mayBeOtherDigit(c);
  }
  return n >= 9 || (wide && OTHER_DIGIT.test(s));
}

/** What a character can be in a run: 2 a digit or a look-alike letter, 1 a separator, 0 neither. */
function kindOf(ch: string): number {
  return digitOf(ch) !== undefined || ch in LOOKALIKE ? 2 : SEPARATORS.has(ch) ? 1 : 0;
}

/** kindOf for every ASCII character, worked out once from the same tables. */
const ASCII_KINDS = Uint8Array.from({ length: 0x80 }, (_, cp) => kindOf(String.fromCharCode(cp)));

/** kindOf of the characters beyond ASCII met so far (bounded). */
const WIDE_KINDS = new Map<number, number>();

function stretchKind(cp: number): number {
  if (cp < 0x80) return ASCII_KINDS[cp] ?? 0;
  let k = WIDE_KINDS.get(cp);
  if (k === undefined) {
    k = kindOf(String.fromCodePoint(cp));
    if (WIDE_KINDS.size < 4096) WIDE_KINDS.set(cp, k);
  }
  return k;
}

/**
 * Whether some stretch of digits and look-alike letters, with single
 * separators between them, has 9 of them: a run to mask lies inside such a
 * stretch, so without one the text has nothing to mask (a message quoting
 * "2025-03-01" and "dòng 280").
 */
function hasLongStretch(s: string): boolean {
  let n = 0;
  let prev = 0;
  for (let i = 0; i < s.length; ) {
    const cp = s.codePointAt(i) as number;
    i += cp > 0xffff ? 2 : 1;
    const k = stretchKind(cp);
    if (k === 2) {
      if (++n >= 9) return true;
    } else if (k === 0 || prev === 1) n = 0;
    prev = k;
  }
  return false;
}

function maskDigitRuns(s: string): string {
  if (s.length < 9 || !mayHoldRun(s) || !hasLongStretch(s)) return s;
  const cs = [...s];
  const kind: Kind[] = cs.map((c) => (digitOf(c) !== undefined ? 'digit' : c in LOOKALIKE ? 'look' : SEPARATORS.has(c) ? 'sep' : 'other'));
  // A look-alike letter counts as a digit only when it touches one: "079O80111111", not "Olo".
  for (let changed = true; changed; ) {
    changed = false;
    for (let i = 0; i < cs.length; i++) {
      if (kind[i] === 'look' && (kind[i - 1] === 'digit' || kind[i + 1] === 'digit')) {
        kind[i] = 'digit';
        changed = true;
      }
    }
  }
  let out = '';
  let i = 0;
  while (i < cs.length) {
    if (kind[i] !== 'digit') {
      out += cs[i++];
      continue;
    }
    let j = i;
    let digits = '';
    for (;;) {
      const ch = cs[j] ?? ''; // kind[j] is 'digit': j < cs.length
      digits += digitOf(ch) ?? LOOKALIKE[ch];
      if (kind[j + 1] === 'digit') j += 1;
      else if (kind[j + 1] === 'sep' && kind[j + 2] === 'digit') j += 2;
      else break;
    }
    if (digits.length >= 9) {
      // "+84 912 345 678": the plus sign goes with the number.
      if (out.endsWith('+')) out = out.slice(0, -1);
      out += maskDigits(digits);
    } else out += cs.slice(i, j + 1).join('');
    i = j + 1;
  }
  return out;
}

/**
 * The one masking rule for every output without --include-pii: anything with
 * an @ (e-mail, well formed or not), and any run of 9 or more digits, in any
 * text. Hexadecimal digests are left alone.
 */
export function maskText(s: string, includePii: boolean): string {
  if (includePii || !s) return s;
  // Most text (names, wards, organisations) has no @ and too few digits for a run: nothing to mask in any part of it.
  if (!mayHoldRun(s) && !HAS_AT.test(s)) return s;
  let out = '';
  let last = 0;
  for (const m of s.matchAll(HEX_TOKEN)) {
    out += maskPlain(s.slice(last, m.index)) + m[0];
    last = (m.index as number) + m[0].length;
  }
  return out + maskPlain(s.slice(last));
}

function maskPlain(s: string): string {
  const at = HAS_AT.test(s);
  if (s.length < 9 && !at) return s;
  // Without an @ there is no token to replace (and the token pattern would scan each word once per letter).
  return maskDigitRuns(at ? s.replace(AT_TOKEN, (t) => (t === '@' ? t : maskAtToken(t))) : s);
}

/** A cell value under the masking rule: text masked; a whole number of 9+ digits becomes masked text. */
export function maskValue<T>(v: T, includePii: boolean): T | string {
  if (includePii || v === null || v === undefined) return v;
  if (typeof v === 'string') return maskText(v, false);
  if (typeof v === 'number' && Number.isFinite(v) && Math.abs(v) >= 1e8) {
    const t = Number.isInteger(v) ? BigInt(v).toString() : String(v);
    const m = maskText(t, false);
    return m === t ? v : m;
  }
  return v;
}

/** A finding as shown to people: its message, value and suggested value masked (in place: reports can hold a million findings). */
export function maskFinding(f: Finding, mask: (s: string) => string = (s) => maskText(s, false)): Finding {
  f.message = mask(f.message);
  if (f.value !== undefined && f.value !== null) f.value = mask(String(f.value));
  if (f.suggestion?.value !== undefined) {
    const value = mask(f.suggestion.value);
    // Suggestions can be shared between findings: replace, never edit, a shared one.
    if (value !== f.suggestion.value) f.suggestion = { ...f.suggestion, value };
  }
  return f;
}

/**
 * Masks findings one by one unless includePii (in place). Many findings share
 * one message (every row of a retired ward): each text is masked once.
 */
export function findingMasker(includePii: boolean): (f: Finding) => Finding {
  if (includePii) return (f) => f;
  const seen = new Map<string, string>();
  const mask = (s: string) => {
    let m = seen.get(s);
    if (m === undefined) {
      // A text with no @ and no stretch of 9 digit-like characters (most messages quoting a row number and a date) is left as it is by maskText: its patterns are not run.
      m = HAS_AT.test(s) || (mayHoldRun(s) && hasLongStretch(s)) ? maskText(s, false) : s;
      // Bounded: messages that quote an ID are all different; the shared ones come early and often.
      if (seen.size < 10_000) seen.set(s, m);
    }
    return m;
  };
  return (f) => maskFinding(f, mask);
}

/** The report with personal data masked unless includePii; masks in place. */
export function maskReport(r: Report, includePii: boolean): Report {
  const mask = findingMasker(includePii);
  for (const f of r.findings) mask(f);
  return r;
}

/** A file name or path in a message ("d/roster.db.v1-20261128T090000.bak", "bao-cao-2026-11-28-1.xlsx"): named, not personal data. */
const PATH_TOKEN = /[^\s"'()<>,;]*(?:[\\/][^\s"'()<>,;]*|\.(?:bak|db|sqlite|xlsx|xls|csv|tsv|txt|json|part|pdf|ods)(?![\p{L}\p{N}]))/giu;

/**
 * A message for people under the masking rule; the file names and paths it
 * quotes are left as they are (a backup's date stamp is not a phone number).
 * An @ in a path is still masked.
 */
export function maskMessage(s: string): string {
  if (!s) return s;
  let out = '';
  let last = 0;
  for (const m of s.matchAll(PATH_TOKEN)) {
    if (m[0] === '' || /[@＠]/.test(m[0])) continue;
    out += maskText(s.slice(last, m.index), false) + m[0];
    last = (m.index as number) + m[0].length;
  }
  return out + maskText(s.slice(last), false);
}
