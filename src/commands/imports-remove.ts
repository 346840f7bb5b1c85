/**
 * `roster imports remove ID [--dry-run]`: undoes one import (a misfiled
 * period, a wrong file): its rows are removed, the rows it had replaced come
 * back, memberships are rebuilt, and the removal stays in history.
 */
import type { Command } from 'commander';
import type { App } from '../cli/app.js';
import type { Context } from '../cli/context.js';
import { UsageError } from '../errors.js';
import { msg } from '../text/i18n.js';

export interface ImportsRemoveOptions {
  db: string;
  id: string;
  dryRun: boolean;
}

export function register(parent: Command, app: App): void {
  parent
    .command('remove')
    .argument('<id>', app.d(msg('mã lần nhập (xem "roster imports")', 'import id (see "roster imports")')))
    .option('--dry-run', app.d(msg('chỉ cho biết sẽ thay đổi gì, không ghi', 'show what would change; write nothing')))
    .action(app.action((ctx, id: string, o: { dryRun?: boolean }) => run(ctx, { db: ctx.opts.db, id, dryRun: Boolean(o.dryRun) })));
}

export async function run(ctx: Context, opts: ImportsRemoveOptions): Promise<number> {
  const id = Number(opts.id.trim());
  if (!Number.isInteger(id) || id < 1) {
    throw new UsageError(
      msg(`"${opts.id}" không phải mã lần nhập.`, `"${opts.id}" is not an import id.`),
      msg('Xem mã bằng "roster imports".', 'See the ids with "roster imports".'),
    );
  }
  const { openStore } = await import('../store/db.js');
  const { removeImport } = await import('../month/imports.js');
  const { db } = openStore(opts.db, { busyTimeoutMs: ctx.settings.busyTimeoutMs });
  try {
    const r = removeImport(db, id, { dryRun: opts.dryRun, now: () => ctx.now() });
    if (ctx.opts.json) {
      ctx.out(JSON.stringify(r, null, 2));
      return 0;
    }
    const head = r.dryRun ? msg('Chạy thử (không ghi gì): ', 'Dry run (nothing written): ') : msg('', '');
    ctx.say(
      ctx.t(head) +
        ctx.t(
          msg(
            `${r.dryRun ? 'sẽ hủy' : 'đã hủy'} lần nhập ${id} (${r.import.file}, kỳ ${r.import.period}): ${r.rowsRemoved} dòng bị xóa, ${r.rowsRestored} dòng trước đó được khôi phục, ${r.membersTouched} thành viên được tính lại.`,
            `${r.dryRun ? 'would remove' : 'removed'} import ${id} (${r.import.file}, ${r.import.period}): ${r.rowsRemoved} rows removed, ${r.rowsRestored} earlier rows restored, ${r.membersTouched} members recomputed.`,
          ),
        ),
    );
    return 0;
  } finally {
    db.close();
  }
}
