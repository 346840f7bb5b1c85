/**
 * `roster remap`: moves teams from retired wards to the units in force today
 * (or --as-of DATE), whatever month their rosters were filed for, through
 * every reorganisation in between. Whole merges move with --auto (always when
 * nobody can be asked); divided or vanished wards are decided per team
 * interactively or from --decisions FILE; --dry-run shows the plan and writes
 * nothing. Undecided teams stay where they are and are listed with what to do.
 * --period restricts the plan to the teams of that month's rosters.
 */
import type { Command } from 'commander';
import type { App } from '../cli/app.js';
import type { Context } from '../cli/context.js';
import type { Prompter } from '../cli/prompter.js';
import { UsageError } from '../errors.js';
import type { Collision, Move, RemapPlan, RemapTeam } from '../remap/remap.js';
import { msg } from '../text/i18n.js';
import { chainJson, realSteps } from '../units/chain.js';

function isIsoDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

/** " qua Phường 12 (01/01/2025)": the units on the way, for a move through several reorganisations. */
function via(to: { steps?: { unit: { name: string }; same?: boolean }[] } & Parameters<typeof realSteps>[0]): string {
  const steps = realSteps(to);
  return steps.length > 1
    ? ` (${steps
        .slice(0, -1)
        .map((s) => s.unit.name)
        .join(' → ')} →)`
    : '';
}

export interface RemapOptions {
  db: string;
  period?: string;
  /** ISO date of the units to move to (default: today). */
  asOf?: string;
  auto: boolean;
  decisions?: string;
  dryRun: boolean;
}

export function register(program: Command, app: App): void {
  program
    .command('remap')
    .option(
      '--as-of <date>',
      app.d(msg('chuyển sang các đơn vị có hiệu lực vào ngày này (YYYY-MM-DD; mặc định hôm nay)', 'move to the units in force on this date (YYYY-MM-DD; default today)')),
    )
    .option('--period <YYYY-MM>', app.d(msg('chỉ các tổ có danh sách của tháng này (mặc định: mọi tổ)', 'only the teams with a roster of this month (default: every team)')))
    .option('--auto', app.d(msg('tự chuyển các tổ của phường/xã sáp nhập toàn bộ', 'move teams of wards merged whole without asking')))
    .option(
      '--decisions <file>',
      app.d(msg('tệp CSV quyết định: team_id,new_unit_code (hoặc ward,neighbourhood,new_unit_code)', 'decisions CSV: team_id,new_unit_code (or ward,neighbourhood,new_unit_code)')),
    )
    .option('--dry-run', app.d(msg('chỉ hiện kế hoạch, không ghi gì', 'show the plan, write nothing')))
    .action(
      app.action((ctx, o: { period?: string; asOf?: string; auto?: boolean; decisions?: string; dryRun?: boolean }) =>
        run(ctx, { db: ctx.opts.db, period: o.period, asOf: o.asOf?.trim(), auto: Boolean(o.auto), decisions: o.decisions, dryRun: Boolean(o.dryRun) }),
      ),
    );
}

const label = (t: RemapTeam) => (t.neighbourhood ? `${t.neighbourhood}, ${t.unit.name}` : t.unit.name);

/** Whole merges: the law decides; ask only when someone is there and --auto was not given. */
async function shouldMoveWholeMerges(ctx: Context, opts: RemapOptions, plan: RemapPlan): Promise<boolean> {
  if (opts.auto || !ctx.interactive || plan.full.length === 0) return opts.auto || !ctx.interactive;
  const p = await ctx.prompter();
  return p.confirm({
    message: ctx.t(
      msg(`Chuyển ${plan.full.length} tổ của các phường/xã đã sáp nhập toàn bộ sang đơn vị kế thừa?`, `Move ${plan.full.length} teams of wards merged whole to their successor?`),
    ),
    default: true,
  });
}

/** The clerk's choice of ward for one team of a divided (or vanished) ward: a successor's code, or null to decide later. */
function askSuccessor(ctx: Context, p: Prompter, t: RemapTeam): Promise<string | null> {
  return p.select<string | null>({
    message: ctx.t(
      t.unknownSuccessor
        ? msg(
            `${label(t)} (${t.members} thành viên): ${t.unit.name} (danh mục ${t.unit.vintage}) không còn và chưa rõ đơn vị kế thừa. Khu phố/ấp này nay thuộc phường/xã nào?`,
            `${label(t)} (${t.members} members): ${t.unit.name} (list of ${t.unit.vintage}) vanished with no known successor. Which ward is this neighbourhood in now?`,
          )
        : msg(
            `${label(t)} (${t.members} thành viên): ${t.unit.name} đã bị chia. Khu phố/ấp này nay thuộc phường/xã nào?`,
            `${label(t)} (${t.members} members): ${t.unit.name} was divided. Which new ward is this neighbourhood in now?`,
          ),
    ),
    choices: [
      ...t.successors.map((s) => ({
        name: `${s.unit.name} (${s.unit.code})`,
        value: s.unit.code as string | null,
        description: s.legalBasis ? ctx.t(msg(`Căn cứ: ${s.legalBasis}, hiệu lực ${s.effective}`, `Legal basis: ${s.legalBasis}, in force ${s.effective}`)) : undefined,
      })),
      { name: ctx.t(msg('Để sau', 'Decide later')), value: null },
    ],
    // Enter never assigns a team to a ward: the safe answer is to decide later.
    default: null,
  });
}

/** Asks the clerk about each pending team in turn: the chosen moves are added, the teams left for later returned. */
async function askSuccessors(ctx: Context, pending: RemapTeam[], moves: Move[]): Promise<RemapTeam[]> {
  const p = await ctx.prompter();
  const open: RemapTeam[] = [];
  for (const t of pending) {
    const choice = await askSuccessor(ctx, p, t);
    const to = t.successors.find((s) => s.unit.code === choice);
    if (to) moves.push({ team: t, to, decidedBy: 'interactive' });
    else open.push(t);
  }
  return open;
}

export async function run(ctx: Context, opts: RemapOptions): Promise<number> {
  if (opts.asOf !== undefined && !isIsoDate(opts.asOf))
    throw new UsageError(msg(`--as-of "${opts.asOf}" phải là ngày có thật dạng YYYY-MM-DD.`, `--as-of "${opts.asOf}" must be a real date YYYY-MM-DD.`));
  const { openStore } = await import('../store/db.js');
  const { parsePeriod } = await import('../text/period.js');
  const { requirePeriod } = await import('../store/periods.js');
  const { isoDate } = await import('../units/search.js');
  const { planRemap, applyRemap, collisions, wholeSuccessor } = await import('../remap/remap.js');
  const { db } = openStore(opts.db, { readonly: opts.dryRun, now: ctx.now, busyTimeoutMs: ctx.settings.busyTimeoutMs });
  try {
    const only = opts.period !== undefined ? parsePeriod(opts.period) : null;
    // The month the moves are recorded under: the one asked about, else the latest with rosters.
    const period = requirePeriod(db, only);
    const asOf = opts.asOf ?? isoDate(ctx.now());
    const plan = planRemap(db, { asOf, period: only });
    const moves: Move[] = [];
    const moveFull = await shouldMoveWholeMerges(ctx, opts, plan);
    if (moveFull) for (const t of plan.full) moves.push({ team: t, to: wholeSuccessor(t), decidedBy: 'auto' });

    // Divided wards: the decisions file first, then the clerk.
    const decided = new Set<number>();
    if (opts.decisions) {
      const { readDecisions } = await import('../remap/decisions.js');
      for (const m of await readDecisions(opts.decisions, plan.partial)) {
        moves.push(m);
        decided.add(m.team.teamId);
      }
    }
    const pending = plan.partial.filter((t) => !decided.has(t.teamId));
    const open = pending.length > 0 && ctx.interactive && !opts.dryRun ? await askSuccessors(ctx, pending, moves) : pending;

    const clashes: Collision[] = !opts.dryRun && moves.length > 0 ? applyRemap(db, moves, { now: ctx.now(), period }) : collisions(db, moves);

    if (ctx.opts.json) {
      ctx.out(JSON.stringify({ ...toJson(plan, period, moves, open, clashes, opts.dryRun), asOf }, null, 2));
    } else {
      printText(ctx, plan, moves, open, clashes, opts.dryRun, moveFull);
    }
    return 0;
  } finally {
    db.close();
  }
}

const unitJson = (u: { code: string; name: string; vintage: string }) => ({ code: u.code, name: u.name, vintage: u.vintage });

function toJson(plan: RemapPlan, period: string, moves: Move[], open: RemapTeam[], clashes: Collision[], dryRun: boolean) {
  return {
    ok: true,
    period,
    dryRun,
    moved: moves.map((m) => ({
      teamId: m.team.teamId,
      neighbourhood: m.team.neighbourhood,
      from: unitJson(m.team.unit),
      to: unitJson(m.to.unit),
      kind: m.to.kind,
      legalBasis: m.to.legalBasis,
      decidedBy: m.decidedBy,
      chain: chainJson(m.to),
    })),
    open: open.map((t) => ({
      teamId: t.teamId,
      neighbourhood: t.neighbourhood,
      members: t.members,
      from: unitJson(t.unit),
      candidates: t.successors.map((s) => ({ ...unitJson(s.unit), kind: s.kind, legalBasis: s.legalBasis, chain: chainJson(s) })),
      ...(t.unknownSuccessor ? { rule: 'unit.retired.unknown-successor' } : {}),
    })),
    notMoved: plan.full.filter((t) => !moves.some((m) => m.team.teamId === t.teamId)).map((t) => t.teamId),
    collisions: clashes.map((c) => ({ rule: 'team.duplicate-neighbourhood', unit: unitJson(c.unit), neighbourhood: c.neighbourhood, teamIds: c.teamIds })),
  };
}

function printText(ctx: Context, plan: RemapPlan, moves: Move[], open: RemapTeam[], clashes: Collision[], dryRun: boolean, movedFull: boolean): void {
  if (plan.full.length === 0 && plan.partial.length === 0) {
    ctx.out(ctx.t(msg('Không có tổ nào thuộc phường/xã đã sắp xếp lại: không cần chuyển.', 'No team is filed under a retired ward: nothing to move.')));
    return;
  }
  const head = dryRun ? msg('Kế hoạch (chưa ghi gì):', 'Plan (nothing written):') : msg('Đã chuyển:', 'Moved:');
  if (moves.length > 0) {
    ctx.out(ctx.t(head));
    for (const m of moves) {
      const how = ctx.t(
        m.decidedBy === 'auto'
          ? msg('sáp nhập toàn bộ', 'merged whole')
          : m.decidedBy === 'interactive'
            ? msg('chọn trực tiếp', 'chosen interactively')
            : msg('theo tệp quyết định', 'from the decisions file'),
      );
      ctx.out(`  [${m.team.teamId}] ${label(m.team)} →${via(m.to)} ${m.to.unit.name} (${m.to.unit.code})  ${m.to.legalBasis ?? ''}  (${how})`);
    }
  }
  if (!movedFull && plan.full.length > 0) {
    ctx.out(
      ctx.t(
        msg(
          `${plan.full.length} tổ của phường/xã sáp nhập toàn bộ chưa chuyển: chạy "roster remap --auto".`,
          `${plan.full.length} teams of wards merged whole were not moved: run "roster remap --auto".`,
        ),
      ),
    );
  }
  if (open.length > 0) {
    ctx.out(
      ctx.t(
        msg(
          open.some((t) => t.unknownSuccessor)
            ? `${open.length} tổ thuộc phường/xã đã bị chia hoặc không rõ đơn vị kế thừa, cần quyết định (chưa chuyển):`
            : `${open.length} tổ thuộc phường/xã đã bị chia, cần quyết định (chưa chuyển):`,
          open.some((t) => t.unknownSuccessor)
            ? `${open.length} teams of divided wards, or of wards with no known successor, need a decision (left where they are):`
            : `${open.length} teams of divided wards need a decision (left where they are):`,
        ),
      ),
    );
    for (const t of open) {
      ctx.out(
        `  [${t.teamId}] ${label(t)} → ${t.successors.map((s) => `${s.unit.code} ${s.unit.name}`).join(' | ')}  ${[...new Set(t.successors.map((s) => s.legalBasis).filter(Boolean))].join(', ')}`,
      );
    }
    ctx.out(
      ctx.t(
        msg(
          'Chạy "roster remap" trên màn hình tương tác để chọn, hoặc "roster remap --decisions QUYETDINH.csv" với các cột team_id,new_unit_code.',
          'Run "roster remap" at an interactive terminal to choose, or "roster remap --decisions DECISIONS.csv" with columns team_id,new_unit_code.',
        ),
      ),
    );
  }
  for (const c of clashes) {
    ctx.out(
      ctx.t(
        msg(
          `Chú ý [team.duplicate-neighbourhood]: ${c.teamIds.length} tổ cùng "${c.neighbourhood || 'cấp phường'}" của ${c.unit.name} (tổ ${c.teamIds.join(', ')}); không tự gộp: đặt tên phân biệt hoặc hợp nhất bằng quyết định của phường.`,
          `Note [team.duplicate-neighbourhood]: ${c.teamIds.length} teams claim "${c.neighbourhood || 'ward level'}" of ${c.unit.name} (teams ${c.teamIds.join(', ')}); not merged: rename them or consolidate them by a ward decision.`,
        ),
      ),
    );
  }
}
