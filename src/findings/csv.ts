/** Findings as CSV: one line per finding, cells safe from formula injection, CRLF line ends; a BOM when written to a file. */
import { stringify } from 'csv-stringify/sync';
import { csvField } from '../reports/safe-cell.js';
import type { Finding } from '../rules/types.js';
import type { Lang } from '../text/i18n.js';
import { label } from '../text/labels.js';
import { WRITE_CHARS } from './spill.js';
import type { FindingsStream } from './stream.js';
import { suggestionText } from './suggestion.js';

const HEADER = {
  vi: ['Tệp', 'Trang tính', 'Dòng', 'Cột', 'Ô', 'Mức độ', 'Quy tắc', 'Nội dung', 'Giá trị', 'Gợi ý'],
  en: ['File', 'Sheet', 'Row', 'Column', 'Cell', 'Severity', 'Rule', 'Message', 'Value', 'Suggestion'],
};

function cells(f: Finding, lang: Lang): (string | number)[] {
  return [
    f.source?.file ?? '',
    f.source?.sheet ?? '',
    f.source?.row ?? '',
    f.source?.column ?? '',
    f.source?.cell ?? '',
    label('severity', f.severity, lang) ?? f.severity,
    f.rule,
    f.message,
    f.value ?? '',
    suggestionText(f.suggestion),
  ];
}

const lines = (rows: (string | number)[][]) =>
  stringify(
    rows.map((row) => row.map((v) => csvField(v))),
    { record_delimiter: 'windows' },
  );

export function* csvChunks(r: FindingsStream, lang: Lang, bom: boolean): Generator<string> {
  yield (bom ? '\ufeff' : '') + lines([HEADER[lang]]);
  // Rows are stringified in batches of about WRITE_CHARS characters (a finding's line is a few hundred).
  let batch: (string | number)[][] = [];
  let chars = 0;
  for (const f of r.findings()) {
    batch.push(cells(f, lang));
    chars += 100 + f.message.length;
    if (chars >= WRITE_CHARS) {
      yield lines(batch);
      batch = [];
      chars = 0;
    }
  }
  if (batch.length > 0) yield lines(batch);
}
