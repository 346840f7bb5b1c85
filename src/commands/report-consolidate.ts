/** `roster report consolidate`: several offices' monthly workbooks into one city workbook. */
import type { Command } from 'commander';
import type { App } from '../cli/app.js';
import type { Context } from '../cli/context.js';
import { msg } from '../text/i18n.js';

export interface ConsolidateOptions {
  files: string[];
  out: string;
  acceptEdited: boolean;
}

export function register(parent: Command, app: App): void {
  parent
    .command('consolidate')
    .argument(app.d(msg('<tệp...>', '<files...>')), app.d(msg('các tệp báo cáo tháng (.xlsx)', 'monthly workbooks (.xlsx)')))
    .requiredOption('-o, --out <file.xlsx>', app.d(msg('tệp kết quả', 'output file')))
    .option(
      '--accept-edited',
      app.d(
        msg(
          'vẫn tổng hợp báo cáo có số liệu bị sửa tay hoặc không kiểm tra được (dùng số liệu roster đã lập)',
          "consolidate workbooks edited by hand or unverifiable anyway (roster's generated figures are used)",
        ),
      ),
    )
    .action(app.action((ctx, files: string[], o: { out: string; acceptEdited?: boolean }) => run(ctx, { files, out: o.out, acceptEdited: Boolean(o.acceptEdited) })));
}

export async function run(ctx: Context, opts: ConsolidateOptions): Promise<number> {
  const path = await import('node:path');
  const { assertNotInput } = await import('../reports/output.js');
  const files = opts.files.map((f) => path.resolve(ctx.cwd, f));
  const out = path.resolve(ctx.cwd, opts.out);
  // Never onto the database (or its -wal/-shm), one of the workbooks read, or a roster imported into the database.
  const { openIfRoster } = await import('../store/db.js');
  const db = openIfRoster(path.resolve(ctx.cwd, ctx.opts.db));
  try {
    assertNotInput(db, out, { cwd: ctx.cwd, dbFile: ctx.opts.db, inputs: files });
  } finally {
    db?.close();
  }
  const { consolidateWorkbooks } = await import('../reports/consolidate.js');
  const res = await consolidateWorkbooks(files, out, { lang: ctx.opts.lang, now: ctx.now(), acceptEdited: opts.acceptEdited });
  if (ctx.opts.json) {
    ctx.out(
      JSON.stringify({
        ok: res.overlaps.length === 0,
        period: res.period,
        out: opts.out,
        offices: res.offices,
        overlaps: res.overlaps,
        totals: res.totals,
        drafts: res.drafts,
        edited: res.edited,
      }),
    );
  } else {
    for (const o of res.overlaps) {
      ctx.warn(msg(`Trùng địa bàn: ${o.name} (${o.code}) có trong: ${o.offices.join('; ')}.`, `Overlap: ${o.name} (${o.code}) is in: ${o.offices.join('; ')}.`));
    }
    for (const e of res.edited) {
      ctx.warn(
        msg(
          `${path.basename(e.file)}: số liệu bị sửa tay hoặc không kiểm tra được; đã chấp nhận (--accept-edited).`,
          `${path.basename(e.file)}: edited by hand or unverifiable; accepted (--accept-edited).`,
        ),
      );
      for (const c of e.cells) ctx.warn(`  - ${c}`);
    }
    for (const d of res.drafts) ctx.warn(msg(`${d}: báo cáo là bản dự thảo.`, `${d}: the workbook is a draft.`));
    ctx.say(
      msg(
        `Đã tổng hợp ${res.offices.length} báo cáo tháng ${res.period}: ${opts.out} — ${res.totals.members} thành viên.`,
        `Consolidated ${res.offices.length} workbooks for ${res.period}: ${opts.out} — ${res.totals.members} members.`,
      ),
    );
  }
  return 0;
}
