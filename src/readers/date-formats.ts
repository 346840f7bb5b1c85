/** Which number formats show a date: the built-in ones and custom format codes (XLSX and legacy XLS alike). */

export const BUILTIN_DATE_FORMATS = new Set([14, 15, 16, 17, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 50, 51, 52, 53, 54, 55, 56, 57, 58]);

/** Does a number format code show a date? ("dd/mm/yyyy", "[$-42A]d mmmm yyyy", not "0.00" nor "h:mm"). */
export function isDateFormat(code: string): boolean {
  const [bare = ''] = code
    .replace(/"[^"]*"/g, '')
    .replace(/\\./g, '')
    .replace(/\[[^\]]*\]/g, '')
    .split(';');
  if (/[dy]/i.test(bare)) return true;
  return /m/i.test(bare) && !/[hs]/i.test(bare) && !/[0#?]/.test(bare);
}
