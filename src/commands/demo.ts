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
import type { DB } from '../store/db.js';
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

/** The demo's output folder and files, the files of an earlier run removed so a rerun starts fresh. */
async function demoFiles(ctx: Context, opts: DemoOptions): Promise<{ dir: string; db: string; workbook: string; annotated: string }> {
  const { checkOutputDir } = await import('../safety/paths.js');
  const dir = checkOutputDir(opts.out, { cwd: ctx.cwd, flag: '--out' });
  fs.mkdirSync(dir, { recursive: true });
  const db = path.join(dir, 'roster.db');
  const workbook = path.join(dir, `bao-cao-thang-${DEMO_PERIOD}.xlsx`);
  const annotated = path.join(dir, `so-tay-loi-${DEMO_PERIOD}.xlsx`);
  // The demo's own files only: a rerun starts fresh.
  for (const f of [db, `${db}-wal`, `${db}-shm`, workbook, annotated]) fs.rmSync(f, { force: true });
  return { dir, db, workbook, annotated };
}

/** Step 4: every team of a ward merged whole moved to its ward of today, each told; the teams of divided wards listed. */
async function moveWholeMerges(ctx: Context, db: string): Promise<{ moved: number; openDecisions: DemoResult['openDecisions'] }> {
  const [{ openStore }, { planRemap, applyRemap, wholeSuccessor }] = await Promise.all([import('../store/db.js'), import('../remap/remap.js')]);
  const { db: h } = openStore(db, { busyTimeoutMs: ctx.settings.busyTimeoutMs });
  try {
    // Every team, whatever month its roster was filed for, to the units in force at the end of the demo month.
    const plan = planRemap(h, { asOf: periodEnd(DEMO_PERIOD) });
    applyRemap(
      h,
      plan.full.map((team) => ({ team, to: wholeSuccessor(team), decidedBy: 'auto' as const })),
      { now: ctx.now(), period: DEMO_PERIOD },
    );
    for (const t of plan.full) {
      const to = wholeSuccessor(t);
      const way = realSteps(to)
        .map((s) => s.unit.name)
        .join(' → ');
      ctx.say(
        msg(
          `  ${t.unit.name} ${t.neighbourhood || '(tổ cấp phường)'} → ${way} (căn cứ ${to.legalBasis ?? '—'})`,
          `  ${t.unit.name} ${t.neighbourhood || '(ward-level team)'} → ${way} (legal basis ${to.legalBasis ?? '—'})`,
        ),
      );
    }
    const openDecisions = plan.partial.map((t) => ({ team: t.teamId, ward: t.unit.name, neighbourhood: t.neighbourhood, candidates: t.successors.map((s) => s.unit.name) }));
    if (openDecisions.length) {
      ctx.say(
        msg(
          '  Còn cần quyết định (phường cũ bị chia cho nhiều phường mới): chạy "roster remap" để chọn, hoặc "roster remap --decisions QUYET-DINH.csv".',
          '  Decisions still needed (wards divided among several new wards): run "roster remap" to choose, or "roster remap --decisions DECISIONS.csv".',
        ),
      );
      for (const d of openDecisions) ctx.say(`  - #${d.team} ${d.ward} ${d.neighbourhood || ''}: ${d.candidates.join(' / ')}`);
    }
    return { moved: plan.full.length, openDecisions };
  } finally {
    h.close();
  }
}

/** Reads the demo's database once, read-only, and closes it. */
async function readDemoStore<T>(ctx: Context, db: string, read: (h: DB) => T): Promise<T> {
  const { openStore } = await import('../store/db.js');
  const { db: h } = openStore(db, { readonly: true, busyTimeoutMs: ctx.settings.busyTimeoutMs });
  try {
    return read(h);
  } finally {
    h.close();
  }
}

/** Where the demo's files are, as JSON or for a person. */
function printDemoResult(ctx: Context, result: DemoResult): void {
  if (ctx.opts.json) {
    ctx.out(JSON.stringify(result, null, 2));
    return;
  }
  const { imported, moved, openDecisions, draft, workbook, annotated, db } = result;
  ctx.out(
    ctx.t(
      msg(
        `\nXong. ${imported} dòng danh sách kỳ ${DEMO_PERIOD}; ${moved} tổ đã chuyển sang phường mới, ${openDecisions.length} tổ chờ quyết định.\n` +
          `Báo cáo tháng${draft ? ' (DỰ THẢO: còn lỗi cần sửa)' : ''}: ${workbook}\nSổ tay lỗi: ${annotated}\nCơ sở dữ liệu: ${db}`,
        `\nDone. ${imported} roster rows for ${DEMO_PERIOD}; ${moved} teams moved to their new wards, ${openDecisions.length} awaiting a decision.\n` +
          `Monthly workbook${draft ? ' (DRAFT: errors remain)' : ''}: ${workbook}\nAnnotated error workbook: ${annotated}\nDatabase: ${db}`,
      ),
    ),
  );
}

export async function run(ctx: Context, opts: DemoOptions): Promise<number> {
  const { db, workbook, annotated } = await demoFiles(ctx, opts);
  const roster = subCommands(ctx, db);
  const step = (vi: string, en: string) => ctx.say(msg(`\n== ${vi}`, `\n== ${en}`));
  const { validatePeriod } = await import('../rules/engine.js');

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

  const count = () => readDemoStore(ctx, db, (h) => validatePeriod(h, { period: DEMO_PERIOD, lang: ctx.opts.lang }));
  step('3. Kiểm tra', '3. Validate');
  await roster('validate', '--period', DEMO_PERIOD, '--format', 'table');
  const before = await count();

  step(
    '4. Chuyển các tổ của phường đã sáp nhập nguyên trạng sang phường hiện nay (qua mọi lần sắp xếp)',
    '4. Move the teams of wards merged whole to their wards of today (through every reorganisation)',
  );
  const { moved, openDecisions } = await moveWholeMerges(ctx, db);
  const after = await count();

  step('5. Báo cáo tháng và sổ tay lỗi', '5. Monthly workbook and annotated error workbook');
  const draft = !after.ok;
  await roster('report', 'monthly', '--period', DEMO_PERIOD, '-o', workbook, ...(draft ? ['--draft'] : []), '--signer', 'Trần Văn Nam');
  await roster('validate', '--period', DEMO_PERIOD, '--format', 'xlsx', '-o', annotated);

  const imported = await readDemoStore(
    ctx,
    db,
    (r) => (r.prepare('SELECT count(*) AS n FROM source_rows WHERE period = ? AND superseded_by IS NULL').get(DEMO_PERIOD) as { n: number }).n,
  );
  printDemoResult(ctx, { db, period: DEMO_PERIOD, imported, findings: before.counts, findingsAfterRemap: after.counts, moved, openDecisions, workbook, draft, annotated });
  return 0;
}
