/** `roster report monthly`: the submission workbook of one period. */
import type { Command } from 'commander';
import type { App } from '../cli/app.js';
import type { Context } from '../cli/context.js';
import { DataErrorsExit } from '../errors.js';
import type { Acceptance } from '../month/completeness.js';
import type { writeMonthlyReport } from '../reports/monthly.js';
import type { Finding, Report } from '../rules/types.js';
import type { DB } from '../store/db.js';
import { msg, type Lang } from '../text/i18n.js';
import { periodOption } from '../cli/options.js';

export interface MonthlyOptions {
  db: string;
  period: string;
  out: string;
  draft: boolean;
  /** Team ids (or 'all') whose missing roster the clerk accepts for this period. */
  acceptMissing?: string[];
  signer?: string;
  includePii: boolean;
}

export function register(parent: Command, app: App): void {
  parent
    .command('monthly')
    .addOption(periodOption(app.lang, '--period', msg('kỳ báo cáo, ví dụ 2026-11', 'reporting period, e.g. 2026-11'), 'required'))
    .requiredOption('-o, --out <file.xlsx>', app.d(msg('tệp kết quả', 'output file')))
    .option('--draft', app.d(msg('vẫn lập khi dữ liệu còn lỗi, đánh dấu DỰ THẢO', 'write it even while errors remain, marked DRAFT')))
    .option(
      '--accept-missing <teams...>',
      app.d(
        msg(
          'chấp nhận lập báo cáo khi các tổ này chưa nộp danh sách (mã tổ, hoặc "all" cho mọi tổ); ghi nhận trên trang Kiểm tra',
          'write the report although these teams (team ids, or all) sent no roster; recorded on the Checks sheet',
        ),
      ),
    )
    .option('--signer <name>', app.d(msg('họ tên người ký', 'name of the signatory')))
    .option('--include-pii', app.d(msg('hiện đầy đủ số CCCD và số điện thoại', 'show personal IDs and phone numbers in full')))
    .action(
      app.action((ctx, o: { period: string; out: string; draft?: boolean; acceptMissing?: string[]; signer?: string; includePii?: boolean }) =>
        run(ctx, { db: ctx.opts.db, period: o.period, out: o.out, draft: Boolean(o.draft), acceptMissing: o.acceptMissing, signer: o.signer, includePii: Boolean(o.includePii) }),
      ),
    );
}

/** Runs every rule over the period (src/rules/engine.ts), as `roster validate` does. */
export async function validateForReport(db: DB, period: string, lang: Lang, onProgress?: (done: number, total: number) => void): Promise<Report> {
  const { validatePeriod } = await import('../rules/engine.js');
  return validatePeriod(db, { period, lang, onProgress });
}

/** Why no report is written while teams sent no roster, each team named, and the ways forward. */
async function warnMissingRosters(ctx: Context, missing: Acceptance['missing'], period: string): Promise<void> {
  const lang = ctx.opts.lang;
  ctx.warn(msg(`Chưa lập báo cáo: ${missing.length} tổ chưa nộp danh sách kỳ ${period}:`, `No report written: ${missing.length} teams sent no roster for ${period}:`));
  const { teamLine } = await import('../month/describe.js');
  for (const t of missing) ctx.warn(`  - ${teamLine(t, lang)}`);
  ctx.warn(
    msg(
      'Nhập danh sách còn thiếu, giải thể tổ bằng "roster teams close MÃ_TỔ --from KỲ", chấp nhận bằng --accept-missing MÃ_TỔ… (hoặc --accept-missing all), hoặc lập bản dự thảo với --draft.',
      'Import the missing rosters, close a team with "roster teams close TEAM --from PERIOD", accept with --accept-missing TEAM… (or all), or write a draft with --draft.',
    ),
  );
}

/** Why no report is written while errors remain: the first five, masked, and the ways forward. */
async function warnOpenErrors(ctx: Context, errs: Finding[], period: string, includePii: boolean): Promise<void> {
  ctx.warn(msg(`Chưa lập báo cáo: dữ liệu kỳ ${period} còn ${errs.length} lỗi. Ví dụ:`, `No report written: the data of ${period} still has ${errs.length} errors. For example:`));
  const { maskText } = await import('../privacy/mask.js');
  for (const f of errs.slice(0, 5)) {
    const where = f.source ? ` (${f.source.file}${f.source.row ? `:${f.source.row}` : ''}${f.source.cell ? ` ${f.source.cell}` : ''})` : '';
    ctx.warn(`  - [${f.rule}]${where} ${maskText(f.message, includePii)}`);
  }
  if (errs.length > 5) ctx.warn(ctx.t(msg(`  … và ${errs.length - 5} lỗi khác.`, `  … and ${errs.length - 5} more.`)));
  ctx.warn(
    msg(
      'Sửa dữ liệu (xem "roster validate --format xlsx -o loi.xlsx"), hoặc lập bản dự thảo với --draft.',
      'Fix the data (see "roster validate --format xlsx -o errors.xlsx"), or write a draft with --draft.',
    ),
  );
}

/** What was written, as JSON or for a person. */
function printWritten(ctx: Context, opts: MonthlyOptions, period: string, report: Report, res: Awaited<ReturnType<typeof writeMonthlyReport>>): void {
  if (ctx.opts.json) {
    ctx.out(
      JSON.stringify({
        ok: report.counts.error === 0,
        period,
        out: opts.out,
        draft: opts.draft,
        counts: report.counts,
        totals: res.totals,
        wards: res.data.wards.length,
        sheets: res.sheets,
      }),
    );
  } else {
    ctx.say(
      msg(
        `Đã ghi báo cáo tháng ${period}${opts.draft ? ' (DỰ THẢO)' : ''}: ${opts.out} — ${res.data.wards.length} dòng phường/xã, ${res.totals.members} thành viên.`,
        `Monthly report for ${period}${opts.draft ? ' (DRAFT)' : ''} written: ${opts.out} — ${res.data.wards.length} ward rows, ${res.totals.members} members.`,
      ),
    );
  }
}

export async function run(ctx: Context, opts: MonthlyOptions): Promise<number> {
  const { parsePeriod } = await import('../text/period.js');
  const period = parsePeriod(opts.period);
  const { openStore } = await import('../store/db.js');
  const { assertNotInput } = await import('../reports/output.js');
  const { checkOutput } = await import('../safety/paths.js');
  // Checked before anything is read or written.
  checkOutput(opts.out, { cwd: ctx.cwd, flag: '-o', db: opts.db });
  const { db } = openStore(opts.db, { readonly: true, busyTimeoutMs: ctx.settings.busyTimeoutMs });
  try {
    assertNotInput(db, opts.out, { cwd: ctx.cwd, dbFile: opts.db });
    if (opts.includePii) (await import('../privacy/warn.js')).warnPii(ctx);
    const lang = ctx.opts.lang;
    const { requireRoster, acceptMissing, MISSING_RULE } = await import('../month/completeness.js');
    requireRoster(db, period);
    const { progressLine } = await import('../cli/progress.js');
    const line = progressLine(ctx);
    let report: Report;
    try {
      const label = ctx.t(msg(`Đang kiểm tra kỳ ${period}`, `Checking ${period}`));
      report = await validateForReport(db, period, lang, line ? (done, total) => line.update({ label, done, total, unit: 'rows' }) : undefined);
    } finally {
      line?.stop();
    }
    const acceptance = acceptMissing(db, report, opts.acceptMissing ?? []);
    report = acceptance.report;
    for (const w of acceptance.warnings) ctx.warn(w);
    if (acceptance.missing.length > 0 && !opts.draft) {
      await warnMissingRosters(ctx, acceptance.missing, period);
    }
    // Other errors than the missing rosters listed above.
    const errs = report.findings.filter((f) => f.severity === 'error' && f.rule !== MISSING_RULE);
    if (errs.length > 0 && !opts.draft) {
      await warnOpenErrors(ctx, errs, period, opts.includePii);
    }
    if (report.counts.error > 0 && !opts.draft) {
      if (ctx.opts.json) ctx.out(JSON.stringify({ ok: false, period, counts: report.counts, missingTeams: acceptance.missing, written: null }));
      throw new DataErrorsExit(msg('', ''));
    }
    const { writeMonthlyReport } = await import('../reports/monthly.js');
    const path = await import('node:path');
    line?.update({ label: ctx.t(msg(`Đang ghi báo cáo tháng ${period}…`, `Writing the monthly report for ${period}…`)) });
    const res = await writeMonthlyReport({
      db,
      period,
      out: path.resolve(ctx.cwd, opts.out),
      lang,
      report,
      draft: opts.draft,
      signer: opts.signer,
      includePii: opts.includePii,
      now: ctx.now(),
      fault: ctx.settings.fault,
      accepted: acceptance.accepted,
    }).finally(() => line?.stop());
    printWritten(ctx, opts, period, report, res);
    return 0;
  } finally {
    db.close();
  }
}
