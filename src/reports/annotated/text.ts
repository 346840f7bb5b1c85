/** The words of the annotated workbook, a finding as a cell note, and where a finding points. */
import type { Finding } from '../../rules/types.js';
import type { Lang } from '../../text/i18n.js';
import { parseA1 } from '../xlsx.js';
import type { ColumnMap } from './columns.js';

export const T = {
  errorsSheet: { vi: 'Lỗi', en: 'Errors' },
  sev: {
    vi: { error: 'Lỗi', warning: 'Cảnh báo', info: 'Thông tin' },
    en: { error: 'Error', warning: 'Warning', info: 'Info' },
  },
  head: {
    vi: ['STT', 'Mức độ', 'Quy tắc', 'Tệp', 'Trang tính', 'Dòng', 'Cột', 'Ô', 'Giá trị', 'Nội dung', 'Gợi ý'],
    en: ['#', 'Severity', 'Rule', 'File', 'Sheet', 'Row', 'Column', 'Cell', 'Value', 'Finding', 'Suggestion'],
  },
};

/** The suggestion as the workbook shows it: the value, then each candidate as "name (code)". */
export function suggestionText(f: Finding): string {
  const s = f.suggestion;
  if (!s) return '';
  const parts: string[] = [];
  if (s.value) parts.push(s.value);
  for (const c of s.candidates ?? []) parts.push(c.code ? `${c.name} (${c.code})` : c.name);
  return parts.join('; ');
}

export function noteText(f: Finding, lang: Lang): string {
  const sev = T.sev[lang][f.severity];
  const sug = suggestionText(f);
  const tail = sug ? (lang === 'vi' ? `\nGợi ý: ${sug}` : `\nSuggestion: ${sug}`) : '';
  return `${sev}: ${f.message}${tail}\n[${f.rule}]`;
}

/** The source row of a finding (from its row, else its cell address). */
export function findingRow(f: Finding): number | undefined {
  return f.source?.row ?? (f.source?.cell ? parseA1(f.source.cell)?.row : undefined);
}

/** 1-based column of a finding in its source sheet, from the cell address or the column header. */
export function findingColumn(f: Finding, cols: ColumnMap[]): number | undefined {
  const a = f.source?.cell ? parseA1(f.source.cell) : undefined;
  if (a) return a.col;
  const h = f.source?.column;
  if (!h) return undefined;
  const c = cols.find((c) => c.header === h) ?? cols.find((c) => c.field === h);
  return c?.col;
}
