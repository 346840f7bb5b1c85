/**
 * `roster demo [--out DIR]`: the whole monthly job on the bundled sample, in a
 * directory of its own: init, import, validate, remap of whole merges, the
 * decisions that remain, the monthly workbook (a draft while errors remain)
 * and the annotated error workbook. Ends by printing where they are.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import type { App } from '../cli/app.js';
import type { Context } from '../cli/context.js';
import { msg } from '../text/i18n.js';
import { periodEnd } from '../text/period.js';
import { realSteps } from '../units/chain.js';

export interface DemoOptions {
  out: string;
}

export const DEMO_PERIOD = '2026-11';
const SAMPLE_FILES = ['q1-ben-nghe-da-kao-2026-11.xlsx', 'q3-phuong-1-4-5-2026-11.csv', 'tan-dinh-2026-11.csv'];
/** A roster of November 2024, naming wards merged on 1 January 2025 and again on 1 July 2025. */
export const OLD_PERIOD = '2024-11';
const OLD_SAMPLE = 'q3-phuong-13-10-2024-11.csv';

export function register(program: Command, app: App): void {
  program
    .command('demo')
    .description(app.d(msg('chạy toàn bộ quy trình tháng trên dữ liệu mẫu đi kèm', 'run the whole monthly job on the bundled sample')))
    .option('--out <dir>', app.d(msg('thư mục kết quả', 'output directory')), 'roster-demo')
    .action(app.action((ctx, o: { out: string }) => run(ctx, { out: o.out })));
}

/** The bundled sample rosters, found relative to the installed package. */
export function sampleDir(): string {
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/sample');
}

export interface DemoResult {
  db: string;
  period: string;
  imported: number;
  findings: { error: number; warning: number; info: number };
  findingsAfterRemap: { error: number; warning: number; info: number };
  moved: number;
  openDecisions: { team: number; ward: string; neighbourhood: string; candidates: string[] }[];
  workbook: string;
  draft: boolean;
  annotated: string;
}

/**
 * The demo's steps as command lines through the command tree, on the demo's
 * database, never asking: sub-commands talk to people on stderr, and the
 * demo's own result goes to stdout.
 */
function subCommands(ctx: Context, db: string): (...args: string[]) => Promise<number> {
  const globals = ['--db', db, '--yes', ...(ctx.opts.quiet ? ['--quiet'] : []), ...(ctx.opts.color ? [] : ['--no-color'])];
  const io = { ...ctx.io, stdout: ctx.io.stderr };
  return (...args) => ctx.runCommand([...globals, ...args], io);
}

export async function run(ctx: Context, opts: DemoOptions): Promise<number> {
  const { checkOutputDir } = await import('../safety/paths.js');
  const dir = checkOutputDir(opts.out, { cwd: ctx.cwd, flag: '--out' });
  fs.mkdirSync(dir, { recursive: true });
  const db = path.join(dir, 'roster.db');
  const workbook = path.join(dir, `bao-cao-thang-${DEMO_PERIOD}.xlsx`);
  const annotated = path.join(dir, `so-tay-loi-${DEMO_PERIOD}.xlsx`);
  // The demo's own files only: a rerun starts fresh.
  for (const f of [db, `${db}-wal`, `${db}-shm`, workbook, annotated]) fs.rmSync(f, { force: true });

  const roster = subCommands(ctx, db);
  const step = (vi: string, en: string) => ctx.say(msg(`\n== ${vi}`, `\n== ${en}`));

  const [{ openStore }, { validatePeriod }, { planRemap, applyRemap }] = await Promise.all([
    import('../store/db.js'),
    import('../rules/engine.js'),
    import('../remap/remap.js'),
  ]);

  step('1. Tạo cơ sở dữ liệu cho UBND phường (địa bàn Quận 1 và Quận 3 cũ)', '1. Create the database for a ward office (former Districts 1 and 3)');
  await roster('init', '--office', 'ỦY BAN NHÂN DÂN PHƯỜNG SÀI GÒN', '--jurisdiction', '760,770');

  step(`2. Nhập ba danh sách mẫu của tháng ${DEMO_PERIOD}`, `2. Import the three sample rosters of ${DEMO_PERIOD}`);
  const files = SAMPLE_FILES.map((f) => path.join(sampleDir(), f));
  await roster('import', '--period', DEMO_PERIOD, '--mode', 'sync', ...files);

  step(
    `2b. Nhập danh sách cũ của tháng ${OLD_PERIOD} (Phường 13 và Phường 10, Quận 3: sáp nhập ngày 01/01/2025 rồi ngày 01/07/2025)`,
    `2b. Import an old roster of ${OLD_PERIOD} (Wards 13 and 10 of District 3: merged on 1 January 2025, then on 1 July 2025)`,
  );
  await roster('import', '--period', OLD_PERIOD, '--mode', 'sync', path.join(sampleDir(), OLD_SAMPLE));

  const count = () => {
    const { db: h } = openStore(db, { readonly: true, busyTimeoutMs: ctx.settings.busyTimeoutMs });
    try {
      return validatePeriod(h, { period: DEMO_PERIOD, lang: ctx.opts.lang });
    } finally {
      h.close();
    }
  };
  step('3. Kiểm tra', '3. Validate');
  await roster('validate', '--period', DEMO_PERIOD, '--format', 'table');
  const before = count();

  step('4. Chuyển các tổ của phường đã sáp nhập nguyên trạng sang phường hiện nay (qua mọi lần sắp xếp)', '4. Move the teams of wards merged whole to their wards of today (through every reorganisation)');
  const { db: h } = openStore(db, { busyTimeoutMs: ctx.settings.busyTimeoutMs });
  let moved = 0;
  let openDecisions: DemoResult['openDecisions'] = [];
  try {
    // Every team, whatever month its roster was filed for, to the units in force at the end of the demo month.
    const plan = planRemap(h, { asOf: periodEnd(DEMO_PERIOD) });
    applyRemap(
      h,
      plan.full.map((team) => ({ team, to: team.successors[0], decidedBy: 'auto' as const })),
      { now: ctx.now(), period: DEMO_PERIOD },
    );
    moved = plan.full.length;
    for (const t of plan.full) {
      const to = t.successors[0];
      const way = realSteps(to).map((s) => s.unit.name).join(' → ');
      ctx.say(msg(`  ${t.unit.name} ${t.neighbourhood || '(tổ cấp phường)'} → ${way} (căn cứ ${to.legalBasis ?? '—'})`, `  ${t.unit.name} ${t.neighbourhood || '(ward-level team)'} → ${way} (legal basis ${to.legalBasis ?? '—'})`));
    }
    openDecisions = plan.partial.map((t) => ({ team: t.teamId, ward: t.unit.name, neighbourhood: t.neighbourhood, candidates: t.successors.map((s) => s.unit.name) }));
    if (openDecisions.length) {
      ctx.say(msg('  Còn cần quyết định (phường cũ bị chia cho nhiều phường mới): chạy "roster remap" để chọn, hoặc "roster remap --decisions QUYET-DINH.csv".', '  Decisions still needed (wards divided among several new wards): run "roster remap" to choose, or "roster remap --decisions DECISIONS.csv".'));
      for (const d of openDecisions) ctx.say(`  - #${d.team} ${d.ward} ${d.neighbourhood || ''}: ${d.candidates.join(' / ')}`);
    }
  } finally {
    h.close();
  }
  const after = count();

  step('5. Báo cáo tháng và sổ tay lỗi', '5. Monthly workbook and annotated error workbook');
  const draft = !after.ok;
  await roster('report', 'monthly', '--period', DEMO_PERIOD, '-o', workbook, ...(draft ? ['--draft'] : []), '--signer', 'Trần Văn Nam');
  await roster('validate', '--period', DEMO_PERIOD, '--format', 'xlsx', '-o', annotated);

  const result: DemoResult = {
    db,
    period: DEMO_PERIOD,
    imported: (() => {
      const { db: r } = openStore(db, { readonly: true, busyTimeoutMs: ctx.settings.busyTimeoutMs });
      try {
        return (r.prepare('SELECT count(*) AS n FROM source_rows WHERE period = ? AND superseded_by IS NULL').get(DEMO_PERIOD) as { n: number }).n;
      } finally {
        r.close();
      }
    })(),
    findings: before.counts,
    findingsAfterRemap: after.counts,
    moved,
    openDecisions,
    workbook,
    draft,
    annotated,
  };
  if (ctx.opts.json) ctx.out(JSON.stringify(result, null, 2));
  else {
    ctx.out(
      ctx.t(
        msg(
          `\nXong. ${result.imported} dòng danh sách kỳ ${DEMO_PERIOD}; ${moved} tổ đã chuyển sang phường mới, ${openDecisions.length} tổ chờ quyết định.\n` +
            `Báo cáo tháng${draft ? ' (DỰ THẢO: còn lỗi cần sửa)' : ''}: ${workbook}\nSổ tay lỗi: ${annotated}\nCơ sở dữ liệu: ${db}`,
          `\nDone. ${result.imported} roster rows for ${DEMO_PERIOD}; ${moved} teams moved to their new wards, ${openDecisions.length} awaiting a decision.\n` +
            `Monthly workbook${draft ? ' (DRAFT: errors remain)' : ''}: ${workbook}\nAnnotated error workbook: ${annotated}\nDatabase: ${db}`,
        ),
      ),
    );
  }
  return 0;
}
