/**
 * Facts about Vietnamese identifiers (DOMAIN.md § Identifiers), hand-written:
 * province prefixes of the 12-digit personal ID, mobile prefixes, and the 2018
 * conversion of 11-digit mobiles to 10 digits (Decision 798/QĐ-BTTTT).
 */

/**
 * The 63 provinces' 2-digit statistics codes (the list in force before the
 * 2025 merger, which is what IDs issued so far carry). The personal ID starts
 * with "0" + one of these.
 */
export const PROVINCE_CODES: ReadonlySet<string> = new Set(
  (
    '01 02 04 06 08 10 11 12 14 15 17 19 20 22 24 25 26 27 30 31 33 34 35 36 37 38 40 42 44 45 46 48 49 51 52 ' +
    '54 56 58 60 62 64 66 67 68 70 72 74 75 77 79 80 82 83 84 86 87 89 91 92 93 94 95 96'
  ).split(' '),
);

export interface IdDigits {
  /** First year of the century the 4th digit encodes, e.g. 1900. */
  century: number;
  gender: 'male' | 'female';
  /** Last two digits of the birth year. */
  yy: number;
}

const PROVINCE_BY_NUMBER = new Uint8Array(100);
for (const c of PROVINCE_CODES) PROVINCE_BY_NUMBER[Number(c)] = 1;

/** Whether s[from, to) are ASCII digits. */
export function digitsAt(s: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** A well-formed personal ID: 12 digits, "0" and a province code first. */
export function isPersonId(s: string): boolean {
  return s.length === 12 && s.charCodeAt(0) === 48 && digitsAt(s, 1, 12) && PROVINCE_BY_NUMBER[(s.charCodeAt(1) - 48) * 10 + s.charCodeAt(2) - 48] === 1;
}

/** The year of a date of birth as stored ("YYYY" or "YYYY-MM-DD"), else -1 (what /^(\d{4})(-\d{2}-\d{2})?$/ reads). */
export function dobYear(s: string): number {
  if (s.length === 10) {
    if (s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || !digitsAt(s, 5, 7) || !digitsAt(s, 8, 10)) return -1;
  } else if (s.length !== 4) return -1;
  if (!digitsAt(s, 0, 4)) return -1;
  return (s.charCodeAt(0) - 48) * 1000 + (s.charCodeAt(1) - 48) * 100 + (s.charCodeAt(2) - 48) * 10 + (s.charCodeAt(3) - 48);
}

/** Century/gender digit (digit 4) and birth-year digits (5–6) of a 12-digit ID. */
export function decodeId(id: string): IdDigits {
  const d = id.charCodeAt(3) - 48;
  return { century: 1900 + Math.floor(d / 2) * 100, gender: d % 2 === 0 ? 'male' : 'female', yy: Number(id.slice(4, 6)) };
}

/** 10-digit mobile prefixes (3 digits incl. the leading 0). */
export const MOBILE_PREFIXES: ReadonlySet<string> = new Set([
  // Viettel
  '032',
  '033',
  '034',
  '035',
  '036',
  '037',
  '038',
  '039',
  '086',
  '096',
  '097',
  '098',
  // VinaPhone
  '081',
  '082',
  '083',
  '084',
  '085',
  '088',
  '091',
  '094',
  // MobiFone
  '070',
  '076',
  '077',
  '078',
  '079',
  '089',
  '090',
  '093',
  // Vietnamobile
  '052',
  '056',
  '058',
  '092',
  // Gmobile
  '059',
  '099',
  // Itel
  '087',
]);

const MOBILE_BY_NUMBER = new Uint8Array(100);
for (const p of MOBILE_PREFIXES) MOBILE_BY_NUMBER[Number(p.slice(1))] = 1;

/** A 10-digit mobile number with an operator prefix (what checkPhone calls "mobile" without conversion). */
export function isMobile(s: string): boolean {
  return s.length === 10 && s.charCodeAt(0) === 48 && digitsAt(s, 1, 10) && MOBILE_BY_NUMBER[(s.charCodeAt(1) - 48) * 10 + s.charCodeAt(2) - 48] === 1;
}

/** 2018 conversion: old 4-digit mobile prefix -> new 3-digit prefix (the last 7 digits are kept). */
export const LEGACY_MOBILE: ReadonlyMap<string, string> = new Map([
  ['0162', '032'],
  ['0163', '033'],
  ['0164', '034'],
  ['0165', '035'],
  ['0166', '036'],
  ['0167', '037'],
  ['0168', '038'],
  ['0169', '039'],
  ['0120', '070'],
  ['0121', '079'],
  ['0122', '077'],
  ['0126', '076'],
  ['0128', '078'],
  ['0123', '083'],
  ['0124', '084'],
  ['0125', '085'],
  ['0127', '081'],
  ['0129', '082'],
  ['0186', '056'],
  ['0188', '058'],
  ['0199', '059'],
]);

export type PhoneCheck = { kind: 'mobile' | 'fixed'; national: string } | { kind: 'legacy'; national: string; converted: string } | { kind: 'invalid'; national: string };

/**
 * Classifies a phone number given as digits (the importer keeps digits only;
 * "+84 912 345 678" arrives as "84912345678").
 */
export function checkPhone(digits: string): PhoneCheck {
  let n = digits;
  if (n.startsWith('84') && (n.length === 11 || (n.length === 12 && n[2] === '1'))) n = `0${n.slice(2)}`;
  if (!/^\d+$/.test(n)) return { kind: 'invalid', national: n };
  if (n.length === 10 && MOBILE_PREFIXES.has(n.slice(0, 3))) return { kind: 'mobile', national: n };
  // Fixed lines: 0 + area code (2x, 2xx) + subscriber number = 11 digits (HCMC: 028 + 8 digits).
  if (n.length === 11 && n.startsWith('02')) return { kind: 'fixed', national: n };
  if (n.length === 11) {
    const to = LEGACY_MOBILE.get(n.slice(0, 4));
    if (to) return { kind: 'legacy', national: n, converted: to + n.slice(4) };
  }
  return { kind: 'invalid', national: n };
}

/**
 * A usable e-mail address: one "@" with something before it, a domain with a
 * dot after its first character, no spaces, commas, brackets or "..", and at
 * least two characters after the last dot. EMAIL_SQL is the same test in SQL,
 * for queries that need it (validation runs the JavaScript one: SQLite spends
 * more on this test than on reading the row); the two must change together.
 */
export function isEmail(s: string): boolean {
  const at = s.indexOf('@');
  if (at < 1 || s.indexOf('@', at + 1) !== -1) return false;
  if (/[ \t,;<>()":[\]]/.test(s) || s.includes('..')) return false;
  if (s[at + 1] === '.' || s.indexOf('.', at + 2) === -1) return false;
  return !s.endsWith('.') && s[s.length - 2] !== '.';
}

export const EMAIL_SQL =
  "instr(email, '@') > 1 AND instr(substr(email, instr(email, '@') + 1), '@') = 0" +
  " AND NOT email GLOB '*[], \t;<>()\":[]*' AND instr(email, '..') = 0" +
  " AND substr(email, instr(email, '@') + 1, 1) <> '.' AND instr(substr(email, instr(email, '@') + 2), '.') > 0" +
  " AND substr(email, -1) <> '.' AND substr(email, -2, 1) <> '.'";
