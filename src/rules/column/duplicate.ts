/**
 * column.duplicate: two columns of a file map to the same field (two "Số
 * CCCD"). The import reads the first and records the others in the import's
 * column list (columns_json, kind "duplicate"); this rule reports each, at
 * the header row, for every import still in force in the period. Split-name
 * parts and the Nam/Nữ pair are a layout, not duplicates (DECISIONS.md).
 */
import { FIELD_LABELS, type Field } from '../../roster/fields.js';
import { msg } from '../../text/i18n.js';
import type { Rule } from '../rule.js';

interface StoredColumn {
  field?: string;
  header?: string;
  column?: string;
  kind?: string;
}

function parse(json: string): StoredColumn[] {
  try {
    const v = JSON.parse(json) as unknown;
    return Array.isArray(v) ? (v as StoredColumn[]).filter((c) => c && typeof c === 'object') : [];
  } catch {
    return [];
  }
}

export const rule: Rule = {
  id: 'column.duplicate',
  severity: 'warning',
  scope: 'roster',
  title: msg('Hai cột của tệp cùng chỉ một trường', 'Two columns of a file map to the same field'),
  create(ctx) {
    return {
      end() {
        const imports = ctx.db
          .prepare(
            `SELECT id, coalesce(header_row, 1) AS header_row, columns_json FROM imports i
             WHERE period = ? AND instr(columns_json, '"duplicate"') > 0
             AND EXISTS (SELECT 1 FROM source_rows s WHERE s.import_id = i.id AND s.superseded_by IS NULL) ORDER BY id`,
          )
          .all(ctx.period) as { id: number; header_row: number; columns_json: string }[];
        for (const imp of imports) {
          const cols = parse(imp.columns_json);
          for (const d of cols.filter((c) => c.kind === 'duplicate' && typeof c.field === 'string')) {
            const first = cols.find((c) => c.field === d.field && c.kind === undefined);
            const label = FIELD_LABELS[d.field as Field] ?? { vi: d.field, en: d.field };
            ctx.emit(
              { import_id: imp.id, row_number: imp.header_row },
              {
                field: d.field as Field,
                column: { header: d.header ?? String(d.field), letter: d.column ?? '' },
                value: d.header ?? null,
                message: msg(
                  `Cột ${d.column} "${d.header}" và cột ${first?.column} "${first?.header}" cùng là "${label.vi}"; chỉ cột ${first?.column} được đọc. Xóa hoặc đổi tên cột thừa rồi nhập lại.`,
                  `Column ${d.column} "${d.header}" and column ${first?.column} "${first?.header}" both map to "${label.en}"; only column ${first?.column} was read. Remove or rename the extra column and import again.`,
                ),
              },
            );
          }
        }
      },
    };
  },
};
