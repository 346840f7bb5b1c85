/** `roster purge --member ID | --left-before DATE`: erase a person's personal data on request. */
import type { Command } from 'commander';
import type { App } from '../cli/app.js';
import type { Context } from '../cli/context.js';
import { UsageError } from '../errors.js';
import { msg } from '../text/i18n.js';

export interface PurgeOptions {
  member?: string;
  leftBefore?: string;
  dryRun: boolean;
}

export function register(program: Command, app: App): void {
  const d = app.d.bind(app);
  program
    .command('purge')
    .option('--member <id>', d(msg('số CCCD hoặc mã thành viên', 'personal ID or member id')))
    .option('--left-before <YYYY-MM-DD>', d(msg('mọi người đã rời tổ trước ngày này', 'everyone who left before this date')))
    .option('--dry-run', d(msg('chỉ cho biết sẽ xóa gì', 'show what would be erased')))
    .action(
      app.action((ctx, o: { member?: string; leftBefore?: string; dryRun?: boolean }) => run(ctx, { member: o.member, leftBefore: o.leftBefore, dryRun: Boolean(o.dryRun) })),
    );
}

export async function run(ctx: Context, opts: PurgeOptions): Promise<number> {
  if ((opts.member === undefined) === (opts.leftBefore === undefined)) {
    throw new UsageError(msg('Cần đúng một trong hai: --member hoặc --left-before.', 'Give exactly one of --member or --left-before.'));
  }
  if (opts.leftBefore !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(opts.leftBefore)) {
    throw new UsageError(msg('--left-before cần ngày dạng NĂM-THÁNG-NGÀY, ví dụ 2025-12-31.', '--left-before needs a date as YEAR-MONTH-DAY, e.g. 2025-12-31.'));
  }
  const { openStore } = await import('../store/db.js');
  const { planPurge, applyPurge, identifyingValues, backupsHolding } = await import('../privacy/purge.js');
  const { db } = openStore(ctx.opts.db, { fault: ctx.settings.fault, busyTimeoutMs: ctx.settings.busyTimeoutMs });
  try {
    const plan = planPurge(db, opts);
    if (plan.memberIds.length === 0) {
      ctx.say(msg('Không có ai phù hợp; không có gì bị xóa.', 'Nobody matches; nothing was erased.'));
      if (ctx.opts.json) ctx.out(JSON.stringify({ dryRun: opts.dryRun, members: 0, sourceRows: 0 }));
      return 0;
    }
    let go = !opts.dryRun;
    if (go && ctx.interactive) {
      const p = await ctx.prompter();
      go = await p.confirm({
        message: ctx.t(
          msg(
            `Xóa dữ liệu cá nhân của ${plan.memberIds.length} người (${plan.sourceRows} dòng danh sách)? Không thể hoàn tác.`,
            `Erase the personal data of ${plan.memberIds.length} people (${plan.sourceRows} roster rows)? This cannot be undone.`,
          ),
        ),
        default: false,
      });
    }
    const values = go ? identifyingValues(db, plan) : [];
    if (go) applyPurge(db, plan, ctx.now().toISOString());
    const backups = go ? backupsHolding(ctx.opts.db, values) : [];
    for (const b of backups) {
      ctx.warn(
        msg(
          `Cảnh báo: bản sao lưu ${b} vẫn còn dữ liệu của người vừa xóa. Xóa hoặc hủy bản sao lưu này nếu không còn cần.`,
          `Warning: the backup ${b} still holds the erased person's data. Delete or destroy it if it is no longer needed.`,
        ),
      );
    }
    if (ctx.opts.json)
      ctx.out(JSON.stringify({ dryRun: !go, members: plan.memberIds.length, sourceRows: plan.sourceRows, ...(backups.length ? { backupsHolding: backups } : {}) }));
    ctx.say(
      go
        ? msg(
            `Đã xóa dữ liệu cá nhân của ${plan.memberIds.length} người; giới tính và năm sinh được giữ cho số liệu thống kê. Việc xóa đã được ghi vào lịch sử.`,
            `Erased the personal data of ${plan.memberIds.length} people; gender and birth year are kept for the counts. The purge is recorded in history.`,
          )
        : msg(
            `Sẽ xóa dữ liệu cá nhân của ${plan.memberIds.length} người (${plan.sourceRows} dòng). Chưa xóa gì.`,
            `Would erase the personal data of ${plan.memberIds.length} people (${plan.sourceRows} rows). Nothing erased.`,
          ),
    );
    return 0;
  } finally {
    db.close();
  }
}
