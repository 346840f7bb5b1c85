/** `roster imports`: the imports the database holds (id, period, files, rows, when). */
import type { Command } from 'commander';
import type { App } from '../cli/app.js';
import type { Context } from '../cli/context.js';
import { msg } from '../text/i18n.js';

export interface ImportsOptions {
  db: string;
  period?: string;
}

/** Registers `imports` and returns it, so `imports remove` can hang under it. */
export function register(program: Command, app: App): Command {
  return program
    .command('imports')
    .option('--period <YYYY-MM>', app.d(msg('chỉ các lần nhập của kỳ này (mặc định: mọi kỳ)', 'only this period’s imports (default: every period)')))
    .action(app.action((ctx, o: { period?: string }) => run(ctx, { db: ctx.opts.db, period: o.period })));
}

export async function run(ctx: Context, opts: ImportsOptions): Promise<number> {
  const { parsePeriod } = await import('../text/period.js');
  const period = opts.period ? parsePeriod(opts.period) : undefined;
  const { openStore } = await import('../store/db.js');
  const { listImports } = await import('../month/imports.js');
  const { db } = openStore(opts.db, { readonly: true, busyTimeoutMs: ctx.settings.busyTimeoutMs });
  try {
    const list = listImports(db, period);
    if (ctx.opts.json) {
      ctx.out(JSON.stringify({ imports: list }, null, 2));
      return 0;
    }
    if (list.length === 0) {
      ctx.out(ctx.t(msg('Chưa có lần nhập nào.', 'No imports yet.')));
      return 0;
    }
    ctx.out(ctx.t(msg('Mã   Kỳ       Số dòng  Thời điểm nhập       Tệp', 'Id   Period   Rows     Imported at          File')));
    for (const i of list) {
      const note = i.supersededBy.length
        ? ctx.t(msg(` (${i.superseded} dòng đã được lần nhập ${i.supersededBy.join(', ')} thay thế)`, ` (${i.superseded} rows replaced by import ${i.supersededBy.join(', ')})`))
        : '';
      ctx.out(
        `${String(i.id).padEnd(4)} ${i.period}  ${String(i.rows).padStart(7)}  ${i.importedAt.slice(0, 19).replace('T', ' ')}  ${i.file}${i.sheet ? ` [${i.sheet}]` : ''}${note}`,
      );
    }
    return 0;
  } finally {
    db.close();
  }
}
