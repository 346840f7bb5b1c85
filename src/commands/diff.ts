/** `roster diff --from YYYY-MM --to YYYY-MM`: who joined, left or moved between two periods' rosters. */
import type { Command } from 'commander';
import type { App } from '../cli/app.js';
import type { Context } from '../cli/context.js';
import type { DiffMember } from '../history/history.js';
import { msg } from '../text/i18n.js';
import { periodOption } from '../cli/options.js';

export interface DiffOptions {
  db: string;
  from: string;
  to: string;
  includePii: boolean;
}

export function register(program: Command, app: App): void {
  program
    .command('diff')
    .description(app.d(msg('so sánh danh sách hai kỳ: vào tổ, rời tổ, chuyển tổ', 'compare two periods: joined, left, moved')))
    .addOption(periodOption(app.lang, '--from', msg('kỳ trước', 'earlier period'), 'required'))
    .addOption(periodOption(app.lang, '--to', msg('kỳ sau', 'later period'), 'required'))
    .option('--include-pii', app.d(msg('hiện đầy đủ số CCCD', 'show personal IDs in full')))
    .action(
      app.action((ctx, o: { from: string; to: string; includePii?: boolean }) =>
        run(ctx, { db: ctx.opts.db, from: o.from, to: o.to, includePii: Boolean(o.includePii) }),
      ),
    );
}

export async function run(ctx: Context, opts: DiffOptions): Promise<number> {
  const { parsePeriod } = await import('../text/period.js');
  opts = { ...opts, from: parsePeriod(opts.from, '--from'), to: parsePeriod(opts.to, '--to') };
  const { openStore } = await import('../store/db.js');
  const { maskDigits } = await import('../privacy/mask.js');
  const { diffPeriods } = await import('../history/history.js');
  const { db } = openStore(opts.db, { readonly: true });
  try {
    const d = diffPeriods(db, opts.from, opts.to);
    const safe = (l: DiffMember[]) => l.map((m) => ({ ...m, personId: m.personId && !opts.includePii ? maskDigits(m.personId) : m.personId }));
    const out = { ...d, joined: safe(d.joined), left: safe(d.left), moved: safe(d.moved) };
    if (ctx.opts.json) {
      ctx.out(JSON.stringify(out, null, 2));
      return 0;
    }
    const line = (m: DiffMember) => `  ${m.fullName}${m.personId ? ` ${m.personId}` : ''}  ${m.fromTeam !== undefined ? `${m.fromTeam ?? '?'} → ` : ''}${m.team ?? ''}  (${m.source.file} ${ctx.t(msg('dòng', 'row'))} ${m.source.row})`;
    ctx.out(ctx.t(msg(`Từ ${d.from} đến ${d.to}:`, `From ${d.from} to ${d.to}:`)));
    ctx.out(ctx.t(msg(`Vào tổ (${d.counts.joined}):`, `Joined (${d.counts.joined}):`)));
    out.joined.forEach((m) => ctx.out(line(m)));
    ctx.out(ctx.t(msg(`Rời tổ (${d.counts.left}):`, `Left (${d.counts.left}):`)));
    out.left.forEach((m) => ctx.out(line(m)));
    ctx.out(ctx.t(msg(`Chuyển tổ (${d.counts.moved}):`, `Moved (${d.counts.moved}):`)));
    out.moved.forEach((m) => ctx.out(line(m)));
    ctx.out(ctx.t(msg(`Không đổi: ${d.counts.unchanged}.`, `Unchanged: ${d.counts.unchanged}.`)));
    return 0;
  } finally {
    db.close();
  }
}
