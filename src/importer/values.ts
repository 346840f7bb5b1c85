/**
 * Cell values to field values. Each parser takes what a reader yields (text,
 * number, boolean, Date or null), never throws, and keeps the raw text so a
 * finding can show what the file said. Repairs (an ID that Excel stored as a
 * number) are flagged so the rules can report them.
 */
import type { CellValue } from '../readers/types.js';
import { excelSerialToDate } from '../readers/excel-date.js';
import { cleanText, fold } from '../text/fold.js';

export { excelSerialToDate };

export interface Parsed<T> {
  value: T | null;
  raw: string;
  repair?: 'repaired' | 'unrecoverable' | 'unparsed';
}

const pad2 = (n: number) => String(n).padStart(2, '0');
const pad4 = (n: number) => String(n).padStart(4, '0');

/** ISO date text of a Date, read in UTC (readers give Excel dates at UTC midnight). */
function isoOfDate(d: Date): string | null {
  if (Number.isNaN(d.getTime())) return null;
  return `${pad4(d.getUTCFullYear())}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
}

/** Text of a cell: NFC, trimmed, single-spaced. Numbers without exponent when exact; dates as yyyy-mm-dd. */
export function cellText(v: CellValue | undefined): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return cleanText(v);
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return String(v);
    if (Number.isInteger(v) && Math.abs(v) <= Number.MAX_SAFE_INTEGER) return BigInt(v).toString();
    return String(v);
  }
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (v instanceof Date) return isoOfDate(v) ?? '';
  return cleanText(String(v));
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function validYmd(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1 || y < 1800 || y > 2200) return false;
  const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  return d <= (m === 2 && leap ? 29 : (DAYS_IN_MONTH[m - 1] ?? 0));
}

function ymd(y: number, m: number, d: number): string {
  return `${pad4(y)}-${pad2(m)}-${pad2(d)}`;
}

/** A day written as year, month and day: the date if it exists, else unparsed. */
function dateOfParts(y: number, m: number, d: number, raw: string): Parsed<string> {
  return validYmd(y, m, d) ? { value: ymd(y, m, d), raw } : { value: null, raw, repair: 'unparsed' };
}

/** A date of a cell (or an Excel serial) as YYYY-MM-DD when it lies within 1800–2200, else unparsed. */
function dateWithin(d: Date | null, raw: string): Parsed<string> {
  const iso = d && isoOfDate(d);
  const y = d ? d.getUTCFullYear() : NaN;
  return iso && y >= 1800 && y <= 2200 ? { value: iso, raw } : { value: null, raw, repair: 'unparsed' };
}

/** Two-digit years: 00–29 → 2000s, 30–99 → 1900s (members are adults born in the last century or this one). */
function expandYear(y: string): number {
  const n = Number(y);
  if (y.length === 4) return n;
  return n < 30 ? 2000 + n : 1900 + n;
}

const DMY = /^(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4}|\d{2})$/;
const YMD = /^(\d{4})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;
const YEAR = /^(1[89]\d{2}|2[01]\d{2})$/;
const MY = /^(\d{1,2})\s*[/.-]\s*(\d{4})$/;

/** Whether character `i` of `s` is an ASCII digit. */
function digitAt(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  return c >= 48 && c <= 57;
}

/** 'dd/mm/yyyy' exactly: the form most rosters write every date in. */
function isPlainDmy(s: string): boolean {
  return (
    s.length === 10 &&
    s.charCodeAt(2) === 47 &&
    s.charCodeAt(5) === 47 &&
    digitAt(s, 0) &&
    digitAt(s, 1) &&
    digitAt(s, 3) &&
    digitAt(s, 4) &&
    digitAt(s, 6) &&
    digitAt(s, 7) &&
    digitAt(s, 8) &&
    digitAt(s, 9)
  );
}

/** A text of ASCII digits only (cellText keeps it as it is). */
function isDigits(s: string): boolean {
  const n = s.length;
  if (n === 0) return false;
  for (let i = 0; i < n; i++) if (!digitAt(s, i)) return false;
  return true;
}

/**
 * A date as 'yyyy-mm-dd', or a bare year 'yyyy'. Text is read day first
 * ('03/04/1990' is 3 April 1990), never month first.
 */
export function parseDate(v: CellValue): Parsed<string> {
  // 'dd/mm/yyyy': what the general path gives, without its regular expressions
  // (its two-digit day and month and four-digit year are already the ISO parts).
  if (typeof v === 'string' && isPlainDmy(v)) {
    const y = Number(v.slice(6, 10));
    const m = Number(v.slice(3, 5));
    const d = Number(v.slice(0, 2));
    return validYmd(y, m, d) ? { value: `${v.slice(6, 10)}-${v.slice(3, 5)}-${v.slice(0, 2)}`, raw: v } : { value: null, raw: v, repair: 'unparsed' };
  }
  return parseDateGeneral(v);
}

/** parseDate of any cell: the reference its fast path is tested against. */
export function parseDateGeneral(v: CellValue): Parsed<string> {
  const raw = cellText(v);
  if (v === null || v === undefined || raw === '') return { value: null, raw };
  if (v instanceof Date) return dateWithin(v, raw);
  if (typeof v === 'number') {
    if (Number.isInteger(v) && v >= 1800 && v <= 2200) return { value: String(v), raw };
    // The same years as the Date and text paths: a serial past 2200 (or a
    // 1904-system slip) is not printed as a date that then fails to read back.
    if (v > 0 && v < 2_958_466) return dateWithin(excelSerialToDate(v), raw);
    return { value: null, raw, repair: 'unparsed' };
  }
  if (typeof v === 'boolean') return { value: null, raw, repair: 'unparsed' };
  const s = raw.replace(/^(ngày|ngay)\s+/i, '');
  let m = DMY.exec(s);
  if (m) return dateOfParts(expandYear(m[3] ?? ''), Number(m[2]), Number(m[1]), raw); // every group of DMY takes part
  m = YMD.exec(s);
  if (m) return dateOfParts(Number(m[1]), Number(m[2]), Number(m[3]), raw);
  m = YEAR.exec(s);
  if (m) return { value: m[1] ?? null, raw };
  m = MY.exec(s);
  if (m) {
    const mo = Number(m[1]);
    const y = Number(m[2]);
    // Month and year only: keep the year, the finding shows the raw text.
    if (mo >= 1 && mo <= 12) return { value: String(y), raw };
  }
  // "ngày 05 tháng 3 năm 1990"
  m = /^(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})$/i.exec(s);
  if (m) {
    const d = Number(m[1]);
    const mo = Number(m[2]);
    const y = Number(m[3]);
    if (validYmd(y, mo, d)) return { value: ymd(y, mo, d), raw };
  }
  return { value: null, raw, repair: 'unparsed' };
}

const SCIENTIFIC = /^[+-]?\d+(?:[.,]\d+)?[eE][+-]?\d+$/;

/** Digits of a number that is exactly an integer, or null when it is not exact. */
function exactDigits(n: number): string | null {
  if (!Number.isFinite(n) || n < 0 || !Number.isInteger(n) || n > Number.MAX_SAFE_INTEGER) return null;
  return BigInt(n).toString();
}

/**
 * Personal ID (CCCD): digits only. A number cell of 10 or 11 digits is an ID
 * whose leading zeros Excel dropped (two for provinces 001–009, one for the
 * others): padded back to 12 and marked repaired. Scientific notation lost
 * digits for good and is unrecoverable. Text keeps what the clerk typed, but
 * an 11-digit text without its leading zero gets it back (repaired). Other
 * lengths are returned as digits for validation to report.
 */
export function parsePersonId(v: CellValue): Parsed<string> {
  // Digits only: the general path keeps them, an 11-digit text without its leading zero gets it back.
  if (typeof v === 'string' && isDigits(v)) {
    return v.length === 11 && v.charCodeAt(0) !== 48 ? { value: `0${v}`, raw: v, repair: 'repaired' } : { value: v, raw: v };
  }
  return parsePersonIdGeneral(v);
}

/** parsePersonId of any cell: the reference its fast path is tested against. */
export function parsePersonIdGeneral(v: CellValue): Parsed<string> {
  const raw = cellText(v);
  if (v === null || v === undefined || raw === '') return { value: null, raw };
  if (typeof v === 'number') {
    const digits = exactDigits(v);
    if (digits === null) return { value: null, raw, repair: 'unrecoverable' };
    if (digits.length === 10 || digits.length === 11) {
      // 79203100000: what "7.92031E+10" becomes when a program turns it back
      // into a number (six significant digits, the rest zeros); 1079010000
      // is "1.07901E+09".
      if (digits.endsWith('0'.repeat(digits.length - 6))) return { value: null, raw, repair: 'unrecoverable' };
      // Ten digits pad to 001…–009…, always a province code; eleven digits
      // keep their earlier repair whatever the code (validation reports a bad one).
      return { value: digits.padStart(12, '0'), raw, repair: 'repaired' };
    }
    return { value: digits, raw };
  }
  if (typeof v !== 'string') return { value: null, raw, repair: 'unparsed' };
  const s = raw.replace(/^'/, '').replace(/\s+/g, '');
  if (SCIENTIFIC.test(s)) return { value: null, raw, repair: 'unrecoverable' };
  const float = /^(\d+)[.,]0+$/.exec(s); // "79123456789.0": a number written out by a program
  const body = float?.[1] ?? s;
  if (/[a-z]/.test(fold(body).replace(/^(so|cccd|cmnd|id)[:.]*/, ''))) return { value: null, raw, repair: 'unparsed' };
  const digits = body.replace(/\D+/g, '');
  if (!digits) return { value: null, raw, repair: 'unparsed' };
  if (digits.length === 11 && !digits.startsWith('0')) return { value: `0${digits}`, raw, repair: 'repaired' };
  return { value: digits, raw };
}

/**
 * Phone: spaces, dots, dashes and brackets removed; +84/84 becomes 0; a
 * 9-digit number (or 10-digit legacy mobile) that Excel stored as a number gets
 * its leading zero back (repaired). Scientific notation is unrecoverable.
 */
export function parsePhone(v: CellValue): Parsed<string> {
  // Digits only with the leading zero: the general path keeps them as they are.
  if (typeof v === 'string' && v.charCodeAt(0) === 48 && isDigits(v)) return { value: v, raw: v };
  return parsePhoneGeneral(v);
}

/** parsePhone of any cell: the reference its fast path is tested against. */
export function parsePhoneGeneral(v: CellValue): Parsed<string> {
  const raw = cellText(v);
  if (v === null || v === undefined || raw === '') return { value: null, raw };
  let digits: string;
  let fromNumber = false;
  if (typeof v === 'number') {
    const d = exactDigits(v);
    if (d === null) return { value: null, raw, repair: 'unrecoverable' };
    digits = d;
    fromNumber = true;
  } else if (typeof v === 'string') {
    const s = raw.replace(/^'/, '');
    if (SCIENTIFIC.test(s.replace(/\s/g, ''))) return { value: null, raw, repair: 'unrecoverable' };
    if (/[a-z]/i.test(fold(s).replace(/^(dt|sdt|tel|phone)[:.\s]*/g, ''))) return { value: null, raw, repair: 'unparsed' };
    const plus = /^\s*\+/.test(s);
    digits = s.replace(/\D+/g, '');
    if (!digits) return { value: null, raw, repair: 'unparsed' };
    if (plus && digits.startsWith('84')) return { value: `0${digits.slice(2)}`, raw };
    if (plus) return { value: `+${digits}`, raw };
    if (digits.startsWith('0')) return { value: digits, raw };
    if (digits.startsWith('84') && (digits.length === 11 || digits.length === 12)) return { value: `0${digits.slice(2)}`, raw };
  } else {
    return { value: null, raw, repair: 'unparsed' };
  }
  if (fromNumber && digits.startsWith('84') && (digits.length === 11 || digits.length === 12)) {
    return { value: `0${digits.slice(2)}`, raw };
  }
  // 9 digits: a 10-digit number without its 0; 10 digits starting 1: a pre-2018 11-digit mobile without its 0.
  if (digits.length === 9 || (digits.length === 10 && digits.startsWith('1'))) return { value: `0${digits}`, raw, repair: 'repaired' };
  return { value: digits, raw };
}

function key(v: CellValue): string {
  return fold(cellText(v)).replace(/[^a-z0-9✓✔☑]+/g, '');
}

const ROLES: Record<string, 'leader' | 'deputy' | 'member'> = {
  totruong: 'leader',
  truong: 'leader',
  tt: 'leader',
  leader: 'leader',
  teamleader: 'leader',
  totruongtocnscd: 'leader',
  tophotruong: 'leader',
  topho: 'deputy',
  pho: 'deputy',
  tp: 'deputy',
  deputy: 'deputy',
  deputyleader: 'deputy',
  thanhvien: 'member',
  tv: 'member',
  member: 'member',
  tovien: 'member',
};

/** Role by its synonyms (Tổ trưởng/TT/Leader, Tổ phó/TP/Deputy, Thành viên/TV/Member). */
export function parseRole(v: CellValue): 'leader' | 'deputy' | 'member' | null {
  const k = key(v);
  if (!k) return null;
  const r = ROLES[k];
  if (r) return r;
  if (k.startsWith('totruong')) return 'leader';
  if (k.startsWith('topho')) return 'deputy';
  if (k.startsWith('thanhvien')) return 'member';
  return null;
}

/** Gender: Nam/Nữ, M/F, Male/Female (also "x" meaning yes when the column itself is "Nữ" is the caller's business). */
export function parseGender(v: CellValue): 'male' | 'female' | null {
  const k = key(v);
  switch (k) {
    case 'nam':
    case 'm':
    case 'male':
    case 'trai':
    case 'gioitinhnam':
      return 'male';
    case 'nu':
    case 'f':
    case 'female':
    case 'gai':
    case 'gioitinhnu':
      return 'female';
    default:
      return null;
  }
}

const YES = new Set(['co', 'x', '✓', '✔', '☑', '1', 'yes', 'y', 'true', 'da', 'dahoc', 'dahoanthanh', 'hoanthanh', 'roi', 'dat', 'v']);
const NO = new Set(['khong', '0', 'no', 'n', 'false', 'chua', 'chuahoc', 'chuahoanthanh', 'k', 'ko']);

/** Yes/no columns: Có/Không, x, ✓, 1/0, Yes/No, Đã/Chưa, TRUE/FALSE. Blank is null. */
export function parseYesNo(v: CellValue): boolean | null {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v === 1 ? true : v === 0 ? false : null;
  const k = key(v);
  if (!k) return null;
  if (YES.has(k)) return true;
  if (NO.has(k)) return false;
  return null;
}

/** Between two phone numbers in one cell: "/", ",", ";", a dash with spaces around it, a line break, "hoặc", "và". */
const PHONE_SEPARATOR = /\s*(?:[/,;|\n]|\s[-–—]\s|\s(?:hoặc|hoac|và|va)\s)\s*/i;

function phoneDigits(s: string): string {
  const d = s.replace(/\D+/g, '');
  return /^\s*\+?84/.test(s) && d.startsWith('84') && d.length >= 11 ? `0${d.slice(2)}` : d;
}

const MOBILE = /^(0[35789]\d{8}|01\d{9})$/;

const ONE_NUMBER = /^[\d +.()]*$/;

/** Digit runs of one piece longer than one number ("0903 123 456 0913 999 888", "0903123456-0913999888"), cut where a number is complete. */
function cutRuns(piece: string): string[] {
  if (phoneDigits(piece).length <= 11) return [piece];
  const out: string[] = [];
  let cur: string[] = [];
  let n = 0;
  for (const tok of piece.split(/(?<=\d)[\s.\-–]+(?=[\d(+])|\s+/)) {
    const d = tok.replace(/\D+/g, '').length;
    if (n >= 9 && n + d > 11) {
      out.push(cur.join(' '));
      cur = [];
      n = 0;
    }
    cur.push(tok);
    n += d;
  }
  if (cur.length) out.push(cur.join(' '));
  return out;
}

/**
 * Several phone numbers in one cell ("0903 123 456 - 0913 999 888",
 * "0903123456 / (028) 3829 1234"): the first mobile number is the phone, the
 * others are returned as written (they go to the notes). One number, or a
 * cell that is not text, is returned as it is.
 */
export function splitPhones(v: CellValue): { phone: CellValue; others: string[] } {
  if (typeof v !== 'string') return { phone: v, others: [] };
  // Digits, spaces, "+", ".", brackets and no more digits than one number: nothing to split.
  if (ONE_NUMBER.test(v) && v.replace(/\D+/g, '').length <= 11) return { phone: v, others: [] };
  const pieces = cleanText(v)
    .split(PHONE_SEPARATOR)
    .flatMap(cutRuns)
    .map((p) => p.trim())
    .filter((p) => /\d/.test(p));
  if (pieces.length <= 1) return { phone: v, others: [] };
  const mobile = pieces.findIndex((p) => MOBILE.test(phoneDigits(p)));
  const at = Math.max(mobile, 0);
  return { phone: pieces[at] ?? v, others: pieces.filter((_, i) => i !== at) }; // at indexes pieces
}
