/**
 * Unit-name normalisation: the keys every unit matcher compares.
 *
 * `unitNameKey` is the index key: folded (no diacritics, no case), type
 * prefixes stripped ("Phường", "P.", "P", "Xã", "X.", "Thị trấn", "TT", "Quận",
 * "Q.", "Huyện", "H.", "Thành phố", "TP", "Tỉnh", "Thị xã", "TX", "Đặc khu"),
 * numbers without leading zeros ("Phường 01" = "Phường 1"). It strips prefixes
 * until none is left, so it is idempotent: unitNameKey(unitNameKey(x)) ===
 * unitNameKey(x). The price: a few real names that begin with a prefix word
 * ("Xã Quan Sơn", "Phường Phương Liên") share their key with a shorter name;
 * matchers break such ties with `unitNameResidual`, which strips exactly one
 * prefix and only when it is really one (the accented word "Phường", or the
 * word written without any diacritics, or an abbreviation), and with the type.
 */
import { cleanText, fold } from '../text/fold.js';

export type UnitType = 'Phường' | 'Xã' | 'Thị trấn' | 'Quận' | 'Huyện' | 'Thành phố' | 'Tỉnh' | 'Thị xã' | 'Đặc khu';

interface Prefix {
  /** Folded words. */
  folded: string;
  /** The word as written with its diacritics, lower case; null for abbreviations. */
  accented: string | null;
  type: UnitType;
  /** How the prefix may end: words need a space; abbreviations a dot, a space, or (some) a digit. */
  abbrev?: 'dot' | 'dot-space-digit';
}

// Longest first, so "thi tran" wins over "thi xa" checks and "tp" over "p".
const PREFIXES: Prefix[] = [
  { folded: 'thanh pho', accented: 'thành phố', type: 'Thành phố' },
  { folded: 'thi tran', accented: 'thị trấn', type: 'Thị trấn' },
  { folded: 'thi xa', accented: 'thị xã', type: 'Thị xã' },
  { folded: 'dac khu', accented: 'đặc khu', type: 'Đặc khu' },
  { folded: 'phuong', accented: 'phường', type: 'Phường' },
  { folded: 'huyen', accented: 'huyện', type: 'Huyện' },
  { folded: 'quan', accented: 'quận', type: 'Quận' },
  { folded: 'tinh', accented: 'tỉnh', type: 'Tỉnh' },
  { folded: 'xa', accented: 'xã', type: 'Xã' },
  { folded: 'tp', accented: null, type: 'Thành phố', abbrev: 'dot-space-digit' },
  { folded: 'tt', accented: null, type: 'Thị trấn', abbrev: 'dot-space-digit' },
  { folded: 'tx', accented: null, type: 'Thị xã', abbrev: 'dot-space-digit' },
  { folded: 'p', accented: null, type: 'Phường', abbrev: 'dot-space-digit' },
  { folded: 'q', accented: null, type: 'Quận', abbrev: 'dot-space-digit' },
  { folded: 'x', accented: null, type: 'Xã', abbrev: 'dot' },
  { folded: 'h', accented: null, type: 'Huyện', abbrev: 'dot' },
];

/** Spacing and punctuation that carry no meaning in a unit name. */
function tidy(s: string): string {
  return cleanText(s)
    .replace(/[\u2010-\u2015]/g, '-')
    .replace(/\s*-\s*/g, ' - ')
    .replace(/^[\s"'“”‘’,;:()]+|[\s"'“”‘’,;:()]+$/g, '')
    .replace(/\s+/g, ' ');
}

/** "01" -> "1" for every all-digit word. */
function numbers(s: string): string {
  return s.replace(/\b0+(\d)/g, '$1');
}

/**
 * Length of the prefix at the start of `folded` (a folded string), including
 * its separator, or 0. When `original` is given (same words, not folded) a full
 * word counts only when written exactly as the prefix or without diacritics.
 */
function prefixAt(folded: string, original?: string): { len: number; p: Prefix } | null {
  for (const p of PREFIXES) {
    if (!folded.startsWith(p.folded)) continue;
    const rest = folded.slice(p.folded.length);
    let sep: number;
    if (p.abbrev) {
      const m = /^(\.\s*|\s+)/.exec(rest);
      if (m) sep = m[0].length;
      else if (p.abbrev === 'dot-space-digit' && /^\d/.test(rest)) sep = 0;
      else continue;
      if (p.abbrev === 'dot' && !rest.startsWith('.')) continue;
    } else {
      const m = /^(\s+|\.\s*)/.exec(rest);
      if (!m) continue;
      sep = m[0].length;
    }
    if (rest.length === sep) continue; // nothing after the prefix: it is the name itself
    if (original !== undefined && p.accented !== null) {
      const word = original.slice(0, p.folded.length).toLowerCase();
      if (word !== p.accented && fold(word) !== word) continue; // "Phương", "Quán": a name, not a prefix
    }
    return { len: p.folded.length + sep, p };
  }
  return null;
}

/** The folded matching key without type prefixes; idempotent. "P. Đa Kao" -> "da kao", "Phường 01" -> "1". */
export function unitNameKey(name: string): string {
  // Repeat until nothing changes: stripping a prefix can expose punctuation or
  // another prefix, and the key must be a fixed point.
  let s = name;
  for (;;) {
    let k = numbers(fold(tidy(s)));
    for (let hit = prefixAt(k); hit; hit = prefixAt(k)) k = k.slice(hit.len);
    if (k === s) return k;
    s = k;
  }
}

/**
 * The folded name after one genuine type prefix: "Phường Phương Liên" ->
 * "phuong lien", "Phuong Da Kao" -> "da kao", "Quán Thánh" -> "quan thanh".
 */
export function unitNameResidual(name: string): string {
  const t = tidy(name);
  const f = fold(t);
  // fold keeps the length of NFC Vietnamese text except for combining marks, so
  // compare on the NFC text directly word by word.
  const hit = prefixAt(f, t.normalize('NFC'));
  return numbers(hit ? f.slice(hit.len) : f);
}

/** The unit type a name starts with ("P. Đa Kao" -> "Phường"), or null. */
export function unitTypeOf(name: string): UnitType | null {
  const t = tidy(name);
  const hit = prefixAt(fold(t), t.normalize('NFC'));
  return hit ? hit.p.type : null;
}

/** Canonical spelling of a type as data files write it ("phuong" -> "Phường"); null when unknown. */
export function canonicalType(type: string | null | undefined): UnitType | null {
  if (!type) return null;
  const f = fold(type);
  if (f === 'thanh pho trung uong') return 'Thành phố';
  for (const p of PREFIXES) if (!p.abbrev && p.folded === f) return p.type;
  return null;
}
