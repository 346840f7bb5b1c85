/**
 * person.name.format: a name that cannot be a person's: only digits (an "STT"
 * column mapped to the name), an ordinal ("1.", "II", "b)"), or a single word
 * of one letter. Usually a column mapped wrongly, so every row of the file has it.
 */
import { msg } from '../../text/i18n.js';
import { blank, sqlText, type Rule } from '../rule.js';

const ROMAN = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X', 'XI', 'XII', 'XIII', 'XIV', 'XV', 'XVI', 'XVII', 'XVIII', 'XIX', 'XX'];
const LETTERS = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZĂÂĐÊÔƠƯ'];

/**
 * Names that start with a letter and are still no name: single letters and
 * Roman numerals, upper or lower case, bare or with "." or ")". A finite set, so
 * the SQL prefilter finds them by equality.
 */
const LETTER_ORDINALS: ReadonlySet<string> = new Set([...LETTERS, ...ROMAN].flatMap((w) => [w, w.toLowerCase()]).flatMap((w) => [w, `${w}.`, `${w})`]));

/** Digits, spaces and the punctuation of numbering only: "5", "12.", "1)", "(3)", "2.1", "-". */
const NUMBERING = /^[\d\s.,:;)(\-–/#]+$/u;

/** Why a name cannot be a person's, or null. */
export function nameProblem(name: string): 'digits' | 'ordinal' | null {
  if (name.trim() === '') return null;
  // As stored (the importer trims): the prefilter compares the stored text, so this does too.
  if (name.charCodeAt(0) < 65 && NUMBERING.test(name)) return 'digits';
  if (LETTER_ORDINALS.has(name)) return 'ordinal';
  return null;
}

export const rule: Rule = {
  id: 'person.name.format',
  severity: 'error',
  scope: 'row',
  title: msg('Họ tên không phải tên người (chỉ số, số thứ tự hoặc một chữ cái)', 'Not a name (only digits, an ordinal or one letter)'),
  // Every name the rule reports starts below 'A' (digits, punctuation, space) or is one of a finite set.
  prefilter: () => `(full_name < 'A' OR full_name IN (${[...LETTER_ORDINALS].map(sqlText).join(', ')}))`,
  create(ctx) {
    return {
      row(r) {
        if (blank(r.full_name)) return;
        const name = r.full_name as string;
        const why = nameProblem(name);
        if (!why) return;
        ctx.emit(r, {
          field: 'full_name',
          value: name,
          message:
            why === 'digits'
              ? msg(
                  `Họ tên "${name}" chỉ có chữ số: có lẽ cột Họ và tên đã được ghép nhầm với cột STT. Kiểm tra ánh xạ cột (--map) rồi nhập lại.`,
                  `The name "${name}" is only digits: the name column was probably mapped to the row-number (STT) column. Check the column mapping (--map) and import again.`,
                )
              : msg(
                  `Họ tên "${name}" là số thứ tự hoặc một chữ cái, không phải tên người: kiểm tra cột Họ và tên và ánh xạ cột.`,
                  `The name "${name}" is an ordinal or a single letter, not a person's name: check the name column and the column mapping.`,
                ),
        });
      },
    };
  },
};
