/**
 * Mixed scripts: a Cyrillic or Greek letter that looks like a Latin one,
 * typed (or pasted) into Vietnamese text, makes "Khu phố 1" and "Khu phố 1"
 * with a Cyrillic "К" two different names that look identical. The table
 * below is exact: only these pairs (Unicode confusables, intentional pairs of
 * Cyrillic and Greek capitals and small letters with a Latin twin) fold to
 * Latin, and only in text that also has Latin letters. A Cyrillic letter
 * without a Latin twin (ж, л) is never folded.
 */

/** Cyrillic and Greek letters that look like Latin ones → the Latin letter. */
export const LOOKALIKE_LETTERS: Readonly<Record<string, string>> = {
  // Cyrillic capitals
  А: 'A',
  В: 'B',
  Е: 'E',
  К: 'K',
  М: 'M',
  Н: 'H',
  О: 'O',
  Р: 'P',
  С: 'C',
  Т: 'T',
  Х: 'X',
  У: 'Y',
  І: 'I',
  Ј: 'J',
  Ѕ: 'S',
  Һ: 'H',
  Ԛ: 'Q',
  Ԝ: 'W',
  // Cyrillic small letters
  а: 'a',
  е: 'e',
  о: 'o',
  р: 'p',
  с: 'c',
  у: 'y',
  х: 'x',
  і: 'i',
  ј: 'j',
  ѕ: 's',
  һ: 'h',
  ԛ: 'q',
  ԝ: 'w',
  // Greek capitals
  Α: 'A',
  Β: 'B',
  Ε: 'E',
  Ζ: 'Z',
  Η: 'H',
  Ι: 'I',
  Κ: 'K',
  Μ: 'M',
  Ν: 'N',
  Ο: 'O',
  Ρ: 'P',
  Τ: 'T',
  Υ: 'Y',
  Χ: 'X',
  // Greek small letters
  ο: 'o',
  ν: 'v',
  ι: 'i',
};

const LATIN = /\p{Script=Latin}/u;
const OTHER = /[\p{Script=Cyrillic}\p{Script=Greek}]/u;

/** Latin letters together with Cyrillic or Greek ones in one text. */
export function isMixedScript(s: string | null | undefined): boolean {
  return !!s && OTHER.test(s) && LATIN.test(s);
}

/** The Cyrillic/Greek letters of a mixed-script text, as written (for messages). */
export function foreignLetters(s: string): string[] {
  return [...new Set([...s].filter((c) => OTHER.test(c)))];
}

/**
 * Mixed-script text with its look-alike letters replaced by their Latin twins
 * (combining marks kept: "Кhu phố" → "Khu phố"); any other text unchanged.
 */
export function foldLookalikes(s: string): string {
  if (!isMixedScript(s)) return s;
  return [...s.normalize('NFD')]
    .map((c) => LOOKALIKE_LETTERS[c] ?? c)
    .join('')
    .normalize('NFC');
}
