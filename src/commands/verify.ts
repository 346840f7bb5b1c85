/** `roster verify FILE.xlsx`: is a monthly workbook's every figure as roster wrote it? */
import type { Command } from 'commander';
import type { App } from '../cli/app.js';
import type { Context } from '../cli/context.js';
import { InputError } from '../errors.js';
import { msg } from '../text/i18n.js';

export interface VerifyOptions {
  file: string;
}

export function register(program: Command, app: App): void {
  program
    .command('verify')
    .argument('<file.xlsx>', app.d(msg('tệp báo cáo tháng', 'monthly workbook')))
    .action(app.action((ctx, file: string) => run(ctx, { file })));
}

export async function run(ctx: Context, opts: VerifyOptions): Promise<number> {
  const path = await import('node:path');
  const { verifyWorkbook, differenceLines } = await import('../reports/verify-workbook.js');
  const name = path.basename(opts.file);
  const res = await verifyWorkbook(path.resolve(ctx.cwd, opts.file));
  if (res.status === 'unverifiable') {
    throw new InputError(
      msg(
        `${name}: không kiểm tra được — báo cáo không có mã kiểm tra (lập bằng phiên bản roster cũ hơn).`,
        `${name}: cannot be verified — the workbook carries no digest (written by an older roster).`,
      ),
      msg('Lập lại báo cáo bằng "roster report monthly".', 'Write the workbook again with "roster report monthly".'),
      opts.file,
    );
  }
  const d = res.data;
  const lines = differenceLines(res, ctx.opts.lang);
  if (ctx.opts.json) {
    ctx.out(
      JSON.stringify({
        ok: res.status === 'untouched',
        file: opts.file,
        status: res.status,
        office: d.office,
        period: d.period,
        generated: d.generated,
        tool: d.tool,
        differences: res.differences,
      }),
    );
  } else if (res.status === 'untouched') {
    ctx.say(
      msg(
        `${name}: nguyên vẹn — số liệu đúng như roster đã lập (${d.office}, kỳ ${d.period}, lập lúc ${d.generated} bằng ${d.tool}).`,
        `${name}: untouched — the figures are as roster wrote them (${d.office}, period ${d.period}, written ${d.generated} by ${d.tool}).`,
      ),
    );
  } else {
    ctx.warn(
      msg(
        `${name}: số liệu đã bị sửa sau khi roster lập báo cáo (${d.office}, kỳ ${d.period}). Các ô khác với bản gốc:`,
        `${name}: figures were edited after roster wrote the workbook (${d.office}, period ${d.period}). Cells that differ:`,
      ),
    );
    for (const l of lines) ctx.warn(`  - ${l}`);
  }
  return res.status === 'untouched' ? 0 : 1;
}
