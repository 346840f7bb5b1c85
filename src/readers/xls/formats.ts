/**
 * Which cells are dates. A number is a date when its cell's XF record points
 * at a date number format: one of Excel's built-in date formats (14–22 and
 * the East Asian ones) or a FORMAT record whose code shows days, months or
 * years — the same test as for .xlsx styles (`isDateFormat` in ../xlsx.ts).
 */
import { BUILTIN_DATE_FORMATS, isDateFormat } from '../date-formats.js';

/** Per XF index: does that cell style show a date? */
export function dateStyles(formats: Map<number, string>, xfFormats: number[]): boolean[] {
  return xfFormats.map((id) => {
    const code = formats.get(id);
    return code !== undefined ? isDateFormat(code) : BUILTIN_DATE_FORMATS.has(id);
  });
}
