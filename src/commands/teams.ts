/** `roster teams`: teams with their ids (what `history --team`, `--accept-missing` and `teams close` take), wards, khu phố and members. */
import type { Command } from 'commander';
import type { App } from '../cli/app.js';
import type { Context } from '../cli/context.js';
import { msg } from '../text/i18n.js';

export interface TeamsOptions {
  db: string;
}

/** Registers `teams` and returns it, so `teams close` can hang under it. */
export function register(program: Command, app: App): Command {
  return program.command('teams').action(app.action((ctx) => run(ctx, { db: ctx.opts.db })));
}

export async function run(ctx: Context, opts: TeamsOptions): Promise<number> {
  const { openStore } = await import('../store/db.js');
  const { listTeams } = await import('../month/teams.js');
  const { maskText } = await import('../privacy/mask.js');
  const { db } = openStore(opts.db, { readonly: true, busyTimeoutMs: ctx.settings.busyTimeoutMs });
  try {
    // Names as typed in rosters: an ID or an e-mail typed into the ward or khu phố column is masked like everywhere else.
    const teams = listTeams(db).map((t) => ({ ...t, ward: maskText(t.ward, false), neighbourhood: maskText(t.neighbourhood, false) }));
    if (ctx.opts.json) {
      ctx.out(JSON.stringify({ teams }, null, 2));
      return 0;
    }
    if (teams.length === 0) {
      ctx.out(ctx.t(msg('Chưa có tổ nào.', 'No teams yet.')));
      return 0;
    }
    ctx.out(ctx.t(msg('Mã tổ  Phường/Xã · Khu phố/Ấp  —  thành viên (kỳ)', 'Team id  Ward · Khu phố  —  members (period)')));
    for (const t of teams) {
      const where = [t.wardCode ? `${t.ward} (${t.wardCode})` : t.ward, t.neighbourhood || ctx.t(msg('tổ cấp xã', 'ward-level team'))].join(' · ');
      const closed = t.closedFrom ? ctx.t(msg(`  [giải thể từ ${t.closedFrom}]`, `  [closed from ${t.closedFrom}]`)) : '';
      ctx.out(`${String(t.id).padStart(6)}  ${where}  —  ${t.members} (${t.period ?? '-'})${closed}`);
    }
    return 0;
  } finally {
    db.close();
  }
}
