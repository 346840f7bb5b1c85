/**
 * `roster units show CODE [--as-of DATE]`: every meaning of a code, list by
 * list (codes were reused), with predecessors and successors and, for a unit
 * no longer in force, the way from it to today's unit with every legal basis.
 */
import path from 'node:path';
import type { Command } from 'commander';
import type { App } from '../cli/app.js';
import type { Context } from '../cli/context.js';
import { InputError, UsageError } from '../errors.js';
import { msg } from '../text/i18n.js';
import type { HistoryLink, UnitHistory } from '../units/search.js';
import { becameText, place } from '../units/describe.js';

export interface UnitsShowOptions {
  db: string;
  code: string;
  asOf?: string;
}

export function register(parent: Command, app: App): void {
  parent
    .command('show')
    .argument(app.d(msg('<mã>', '<code>')), app.d(msg('mã đơn vị, ví dụ 26737', 'unit code, e.g. 26737')))
    .option('--as-of <date>', app.d(msg('chỉ đơn vị có hiệu lực vào ngày này (YYYY-MM-DD)', 'only the unit in force on this date (YYYY-MM-DD)')))
    .action(app.action((ctx, code: string, o: { asOf?: string }) => run(ctx, { db: ctx.opts.db, code, asOf: o.asOf })));
}

export async function run(ctx: Context, opts: UnitsShowOptions): Promise<number> {
  if (opts.asOf !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(opts.asOf))
    throw new UsageError(msg(`--as-of "${opts.asOf}" phải là ngày dạng YYYY-MM-DD.`, `--as-of "${opts.asOf}" must be a date YYYY-MM-DD.`));
  const { openStore } = await import('../store/db.js');
  const { unitHistory, vintagesOfCode, isoDate } = await import('../units/search.js');
  const { db } = openStore(path.resolve(ctx.cwd, opts.db), { readonly: true, busyTimeoutMs: ctx.settings.busyTimeoutMs });
  try {
    const units = unitHistory(db, opts.code, { asOf: opts.asOf, today: isoDate(ctx.now()) });
    if (units.length === 0) {
      const seen = vintagesOfCode(db, opts.code);
      if (opts.asOf && seen.length > 0)
        throw new InputError(
          msg(
            `Mã ${opts.code} không có hiệu lực vào ngày ${opts.asOf} (có trong danh mục ${seen.join(', ')}).`,
            `Code ${opts.code} is not in force on ${opts.asOf} (it is in the lists of ${seen.join(', ')}).`,
          ),
          msg('Bỏ --as-of để xem mọi danh mục.', 'Drop --as-of to see every list.'),
        );
      throw new InputError(
        msg(`Không có đơn vị nào mang mã ${opts.code}.`, `No unit has the code ${opts.code}.`),
        msg('Tìm mã theo tên bằng "roster units search TÊN".', 'Find the code by name with "roster units search NAME".'),
      );
    }
    if (ctx.opts.json) ctx.out(JSON.stringify({ ok: true, code: opts.code, asOf: opts.asOf ?? null, units }, null, 2));
    else ctx.out(units.map((u) => format(ctx, u)).join('\n'));
    return 0;
  } finally {
    db.close();
  }
}

const NO_LEVEL = msg('', '');
const LEVEL = [NO_LEVEL, msg('tỉnh/thành phố', 'province'), msg('quận/huyện', 'district'), msg('cấp xã', 'commune level')];

function linkLine(ctx: Context, l: HistoryLink): string {
  const kind = l.same
    ? ctx.t(msg('cùng đơn vị, sang danh mục mới', 'the same unit, carried over to the next list'))
    : l.kind === 'full'
      ? ctx.t(msg('toàn bộ', 'full (whole)'))
      : ctx.t(msg('một phần', 'partial (part)'));
  const where = place(l.unit);
  return `    ${l.unit.code.padEnd(6)} ${l.unit.name}${where ? ` — ${where}` : ''} [${l.unit.vintage}] — ${kind}, ${ctx.t(msg('hiệu lực', 'effective'))} ${l.effective}${l.legalBasis ? `, ${ctx.t(msg('căn cứ', 'legal basis'))} ${l.legalBasis}` : ''}`;
}

function format(ctx: Context, u: UnitHistory): string {
  const lines: string[] = [];
  const span = `${u.validFrom ?? '…'} – ${u.validTo ?? '…'}`;
  lines.push(
    `${u.code} ${u.name} (${ctx.t(LEVEL[u.level] ?? NO_LEVEL)}) — ${ctx.t(msg('danh mục', 'list'))} ${u.vintage} [${span}]${u.retired ? ` ${ctx.t(msg('(hết hiệu lực)', '(retired)'))}` : ''}`,
  );
  if (u.parent) lines.push(`  ${ctx.t(msg('Thuộc', 'Part of'))}: ${u.parent.code} ${u.parent.name}${u.province && u.parent.level !== 1 ? `, ${u.province}` : ''}`);
  if (u.predecessors.length > 0) {
    lines.push(`  ${ctx.t(msg('Hình thành từ', 'Formed from'))}:`);
    for (const l of u.predecessors) lines.push(linkLine(ctx, l));
  }
  if (u.successors.length > 0) {
    lines.push(`  ${ctx.t(msg('Sáp nhập vào', 'Went to'))}:`);
    for (const l of u.successors) lines.push(linkLine(ctx, l));
  }
  if (u.retired) {
    if (u.became.length === 0)
      lines.push(`  ${ctx.t(msg('Nay: không rõ đơn vị kế thừa (unit.retired.unknown-successor)', 'Now: no known successor (unit.retired.unknown-successor)'))}`);
    for (const b of u.became)
      lines.push(
        `  ${ctx.t(msg('Nay thuộc', 'Now part of'))}: ${u.name} → ${becameText(b, ctx.opts.lang)}${b.legalBasis ? ` — ${ctx.t(msg('căn cứ', 'legal basis'))} ${b.legalBasis}` : ''}`,
      );
  }
  return lines.join('\n');
}
