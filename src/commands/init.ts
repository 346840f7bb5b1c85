/**
 * `roster init [--office NAME] [--jurisdiction CODES] [--units FILE]`: creates
 * the database with its office, jurisdiction and unit reference
 * (src/store/init.ts) and says what it holds.
 */
import path from 'node:path';
import type { Command } from 'commander';
import type { App } from '../cli/app.js';
import type { Context } from '../cli/context.js';
import type { InitResult } from '../store/init.js';
import { msg } from '../text/i18n.js';

export interface InitOptions {
  db: string;
  office?: string;
  /** Comma-separated unit codes of any level. */
  jurisdiction?: string;
  /** A unit file or folder; default the bundled sample. */
  units?: string;
}

export function register(program: Command, app: App): void {
  program
    .command('init')
    .option('--office <name>', app.d(msg('tên cơ quan lập báo cáo', 'name of the office keeping the rosters')))
    .option(
      '--jurisdiction <codes>',
      app.d(
        msg(
          'mã đơn vị thuộc địa bàn, cách nhau bằng dấu phẩy (tỉnh, quận/huyện cũ hoặc phường/xã)',
          'comma-separated unit codes the office answers for (province, former district or ward)',
        ),
      ),
    )
    .option('--units <file>', app.d(msg('tệp hoặc thư mục danh mục đơn vị (mặc định: mẫu đi kèm)', 'unit reference file or folder (default: the bundled sample)')))
    .action(app.action((ctx, o: Omit<InitOptions, 'db'>) => run(ctx, { db: ctx.opts.db, ...o })));
}

export async function run(ctx: Context, opts: InitOptions): Promise<number> {
  const { initDatabase } = await import('../store/init.js');
  const result = initDatabase({
    file: path.resolve(ctx.cwd, opts.db),
    name: opts.db,
    office: opts.office,
    jurisdiction: opts.jurisdiction,
    units: opts.units ? path.resolve(ctx.cwd, opts.units) : undefined,
    now: () => ctx.now(),
    busyTimeoutMs: ctx.settings.busyTimeoutMs,
  });
  if (ctx.opts.json) ctx.out(JSON.stringify(result, null, 2));
  else tell(ctx, result, opts);
  return 0;
}

function tell(ctx: Context, result: InitResult, opts: InitOptions): void {
  const { office, jurisdiction: codes } = result;
  ctx.say(msg(`Đã tạo ${opts.db}.`, `Created ${opts.db}.`));
  ctx.say(
    office
      ? msg(`Đơn vị quản lý: ${office}.`, `Office: ${office}.`)
      : msg('Chưa có tên đơn vị quản lý (dùng --office khi khởi tạo).', 'No office name recorded (give --office at init).'),
  );
  ctx.say(
    codes.length ? msg(`Địa bàn: ${codes.join(', ')}.`, `Jurisdiction: ${codes.join(', ')}.`) : msg('Địa bàn: toàn bộ (không giới hạn).', 'Jurisdiction: everywhere (no limit).'),
  );
  ctx.say(
    msg(
      `Danh mục đơn vị: ${result.counts.units} đơn vị, ${result.counts.successions} quan hệ kế thừa${opts.units ? '' : ' (mẫu đi kèm)'}.`,
      `Unit reference: ${result.counts.units} units, ${result.counts.successions} successions${opts.units ? '' : ' (bundled sample)'}.`,
    ),
  );
}
