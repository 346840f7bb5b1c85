/** `roster diff --from YYYY-MM --to YYYY-MM`: who joined, left or moved between two periods' rosters. */
import type { Command } from 'commander';
import type { App } from '../cli/app.js';
import { withMaskedOut, type Context } from '../cli/context.js';
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
    .addOption(periodOption(app.lang, '--from', msg('kỳ trước', 'earlier period'), 'required'))
    .addOption(periodOption(app.lang, '--to', msg('kỳ sau', 'later period'), 'required'))
    .option('--include-pii', app.d(msg('hiện đầy đủ số CCCD', 'show personal IDs in full')))
    .action(app.action((ctx, o: { from: string; to: string; includePii?: boolean }) => run(ctx, { db: ctx.opts.db, from: o.from, to: o.to, includePii: Boolean(o.includePii) })));
}

export async function run(ctx: Context, opts: DiffOptions): Promise<number> {
  const { parsePeriod } = await import('../text/period.js');
  opts = { ...opts, from: parsePeriod(opts.from, '--from'), to: parsePeriod(opts.to, '--to') };
  ctx = withMaskedOut(ctx, Boolean(opts.includePii));
  const { openStore } = await import('../store/db.js');
  const { maskDigits } = await import('../privacy/mask.js');
  const { diffPeriods } = await import('../history/history.js');
  const { db } = openStore(opts.db, { readonly: true, busyTimeoutMs: ctx.settings.busyTimeoutMs });
  try {
    const d = diffPeriods(db, opts.from, opts.to);
    const safe = (l: DiffMember[]) => l.map((m) => ({ ...m, personId: m.personId && !opts.includePii ? maskDigits(m.personId) : m.personId }));
    const out = { ...d, joined: safe(d.joined), left: safe(d.left), moved: safe(d.moved), pending: safe(d.pending) };
    if (ctx.opts.json) {
      ctx.out(JSON.stringify(out, null, 2));
      return 0;
    }
    const row = ctx.t(msg('dòng', 'row'));
    const where = (m: DiffMember) => {
      const s = m.source ? `${m.source.file}${m.source.sheet ? ` [${m.source.sheet}]` : ''} ${row} ${m.source.row}` : '';
      return m.cause ? ctx.t(msg(`${m.cause.file} không còn tên; dòng cuối có tên: ${s}`, `not in ${m.cause.file}; last listed: ${s}`)) : s;
    };
    const line = (m: DiffMember) =>
      `  ${m.fullName}${m.personId ? ` ${m.personId}` : ''}  ${m.fromTeam !== undefined ? `${m.fromTeam ?? '?'} → ` : ''}${m.team ?? ''}  (${where(m)})`;
    ctx.out(ctx.t(msg(`Từ ${d.from} đến ${d.to}:`, `From ${d.from} to ${d.to}:`)));
    ctx.out(ctx.t(msg(`Vào tổ (${d.counts.joined}):`, `Joined (${d.counts.joined}):`)));
    for (const m of out.joined) ctx.out(line(m));
    ctx.out(ctx.t(msg(`Rời tổ (${d.counts.left}):`, `Left (${d.counts.left}):`)));
    for (const m of out.left) ctx.out(line(m));
    ctx.out(ctx.t(msg(`Chuyển tổ (${d.counts.moved}):`, `Moved (${d.counts.moved}):`)));
    for (const m of out.moved) ctx.out(line(m));
    if (d.counts.pending > 0) {
      ctx.out(ctx.t(msg(`Tổ chưa nộp danh sách kỳ ${d.to} (${d.missingTeams.length}):`, `Teams without a roster for ${d.to} (${d.missingTeams.length}):`)));
      for (const t of d.missingTeams) ctx.out(`  ${t.team}  [${ctx.t(msg('mã tổ', 'team id'))} ${t.teamId}]`);
      ctx.out(
        ctx.t(
          msg(`Chưa rõ (tổ chưa nộp danh sách, không tính là rời tổ): ${d.counts.pending}.`, `Not yet known (team roster not received, not counted as left): ${d.counts.pending}.`),
        ),
      );
    }
    ctx.out(ctx.t(msg(`Không đổi: ${d.counts.unchanged}.`, `Unchanged: ${d.counts.unchanged}.`)));
    return 0;
  } finally {
    db.close();
  }
}
