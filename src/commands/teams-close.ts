/**
 * `roster teams close TEAM --from YYYY-MM`: a dissolved team. From that period
 * it is no longer expected (no "Chưa nộp danh sách"), its members count as
 * having left, and history keeps them.
 */
import type { Command } from 'commander';
import type { App } from '../cli/app.js';
import type { Context } from '../cli/context.js';
import { UsageError } from '../errors.js';
import { msg } from '../text/i18n.js';

export interface TeamsCloseOptions {
  db: string;
  team: string;
  from: string;
  dryRun: boolean;
}

export function register(parent: Command, app: App): void {
  parent
    .command('close')
    .argument('<team>', app.d(msg('mã tổ (xem "roster teams")', 'team id (see "roster teams")')))
    .requiredOption('--from <YYYY-MM>', app.d(msg('kỳ đầu tiên tổ không còn', 'first period the team no longer exists')))
    .option('--dry-run', app.d(msg('chỉ cho biết sẽ thay đổi gì, không ghi', 'show what would change; write nothing')))
    .action(app.action((ctx, team: string, o: { from: string; dryRun?: boolean }) => run(ctx, { db: ctx.opts.db, team, from: o.from, dryRun: Boolean(o.dryRun) })));
}

export async function run(ctx: Context, opts: TeamsCloseOptions): Promise<number> {
  const id = Number(opts.team.trim());
  if (!Number.isInteger(id) || id < 1) {
    throw new UsageError(msg(`"${opts.team}" không phải mã tổ.`, `"${opts.team}" is not a team id.`), msg('Xem mã tổ bằng "roster teams".', 'See team ids with "roster teams".'));
  }
  const { parsePeriod } = await import('../text/period.js');
  const from = parsePeriod(opts.from);
  const { openStore } = await import('../store/db.js');
  const { closeTeam } = await import('../month/teams.js');
  const { teamLabeller } = await import('../month/describe.js');
  const { db } = openStore(opts.db, { busyTimeoutMs: ctx.settings.busyTimeoutMs });
  try {
    const r = closeTeam(db, id, from, { now: () => ctx.now(), dryRun: opts.dryRun });
    if (ctx.opts.json) {
      ctx.out(JSON.stringify(r, null, 2));
      return 0;
    }
    const label = teamLabeller(db)(id).label;
    ctx.say(
      msg(
        `${r.dryRun ? 'Chạy thử (không ghi gì): sẽ giải thể' : 'Đã giải thể'} tổ ${id} (${label}) từ kỳ ${from}; ${r.membersLeft} thành viên được ghi là đã rời.`,
        `${r.dryRun ? 'Dry run (nothing written): would close' : 'Closed'} team ${id} (${label}) from ${from}; ${r.membersLeft} members marked as left.`,
      ),
    );
    return 0;
  } finally {
    db.close();
  }
}
