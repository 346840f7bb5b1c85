/** `roster template -o FILE.xlsx`: the roster form to send to khu phố heads. */
import type { TemplateData } from '../reports/template/data.js';
import type { TemplateResult } from '../reports/template/write.js';
import type { Command } from 'commander';
import type { App } from '../cli/app.js';
import type { Context } from '../cli/context.js';
import { InputError, UsageError } from '../errors.js';
import { msg } from '../text/i18n.js';

export interface TemplateCommandOptions {
  db: string;
  out: string;
  wards: string[];
  sheets: 'per-kp' | 'single';
  prefill?: string;
  includePii: boolean;
  period?: string;
}

export function register(program: Command, app: App): void {
  const d = app.d.bind(app);
  program
    .command('template')
    .requiredOption('-o, --out <file.xlsx>', d(msg('tệp biểu mẫu', 'template file')))
    .option('--ward <code...>', d(msg('chỉ các phường/xã này (mã ĐVHC)', 'only these wards (unit codes)')))
    .option('--sheets <mode>', d(msg('per-kp: mỗi khu phố một trang (mặc định); single: một trang chung', 'per-kp: one sheet per khu phố (default); single: one sheet')), 'per-kp')
    .option('--prefill <YYYY-MM>', d(msg('điền sẵn thành viên hiện có của kỳ này', "fill in the teams' members of this period")))
    .option(
      '--include-pii',
      d(
        msg(
          'điền sẵn đầy đủ số CCCD, điện thoại, email (mặc định che bớt: tệp gửi ra ngoài)',
          'prefill IDs, phones and e-mail in full (masked by default: the file leaves the office)',
        ),
      ),
    )
    .option('--period <YYYY-MM>', d(msg('tháng ghi trên tiêu đề; mặc định tháng hiện tại', 'the month in the title; default this month')))
    .action(
      app.action((ctx, o: { out: string; ward?: string[]; sheets: string; prefill?: string; includePii?: boolean; period?: string }) =>
        run(ctx, {
          db: ctx.opts.db,
          out: o.out,
          wards: (o.ward ?? [])
            .flatMap((w) => w.split(','))
            .map((w) => w.trim())
            .filter(Boolean),
          sheets: parseSheets(o.sheets),
          prefill: o.prefill,
          includePii: Boolean(o.includePii),
          period: o.period,
        }),
      ),
    );
}

function parseSheets(s: string): 'per-kp' | 'single' {
  const t = s.trim();
  if (t !== 'per-kp' && t !== 'single') {
    throw new UsageError(msg(`--sheets phải là per-kp hoặc single, không phải "${s}".`, `--sheets must be per-kp or single, not "${s}".`));
  }
  return t;
}

export async function run(ctx: Context, opts: TemplateCommandOptions): Promise<number> {
  const { parsePeriod, periodEnd, periodOf } = await import('../text/period.js');
  const period = opts.period ? parsePeriod(opts.period) : periodOf(ctx.now());
  const prefill = opts.prefill ? parsePeriod(opts.prefill) : undefined;
  const { openStore } = await import('../store/db.js');
  const { assertNotInput, writeAtomically } = await import('../reports/output.js');
  // Checked before anything is read or written.
  const { checkOutput } = await import('../safety/paths.js');
  const out = checkOutput(opts.out, { cwd: ctx.cwd, flag: '-o', db: opts.db });
  const { db } = openStore(opts.db, { readonly: true, busyTimeoutMs: ctx.settings.busyTimeoutMs });
  try {
    assertNotInput(db, out, { cwd: ctx.cwd, dbFile: opts.db });
    const { templateData, prefillRows, hasRosters } = await import('../reports/template/data.js');
    const data = templateData(db, periodEnd(period), opts.wards);
    refuseUnknownRequests(opts, data, prefill !== undefined && !hasRosters(db, prefill) ? prefill : undefined);
    if (opts.includePii) (await import('../privacy/warn.js')).warnPii(ctx);
    const { writeTemplate } = await import('../reports/template/write.js');
    const res = await writeAtomically(
      out,
      (tmp) =>
        writeTemplate(tmp, {
          lang: ctx.opts.lang,
          period,
          data,
          sheets: opts.sheets,
          prefill: prefill ? prefillRows(db, prefill) : undefined,
          includePii: opts.includePii,
          now: ctx.now(),
        }),
      { fault: ctx.settings.fault },
    );
    tellResult(ctx, opts, { period, prefill, data, res });
    return 0;
  } finally {
    db.close();
  }
}

/** Wards asked for that the database does not know, and a prefill month with no roster (`missingPrefill`): exit 2 before writing. */
function refuseUnknownRequests(opts: TemplateCommandOptions, data: TemplateData, missingPrefill: string | undefined): void {
  const unknown = opts.wards.filter((w) => !data.wards.some((x) => x.code === w));
  if (unknown.length > 0) {
    throw new UsageError(
      msg(
        `Không có phường/xã mã ${unknown.join(', ')} trong địa bàn hoặc trong các tổ đã biết.`,
        `No ward with code ${unknown.join(', ')} in the jurisdiction or among the known teams.`,
      ),
      msg('Xem mã bằng "roster units search TÊN".', 'Look the code up with "roster units search NAME".'),
    );
  }
  if (missingPrefill !== undefined) {
    throw new InputError(
      msg(`Chưa có danh sách nào được nhập cho kỳ ${missingPrefill}: không có gì để điền sẵn.`, `No roster was imported for ${missingPrefill}: nothing to prefill.`),
      msg('Chọn kỳ đã nhập (xem "roster imports"), hoặc bỏ --prefill.', 'Choose a period that was imported (see "roster imports"), or leave out --prefill.'),
    );
  }
}

/** What was written, as JSON or for people, with the warnings a clerk needs before sending the form out. */
function tellResult(ctx: Context, opts: TemplateCommandOptions, r: { period: string; prefill?: string; data: TemplateData; res: TemplateResult }): void {
  const { period, prefill, data, res } = r;
  if (ctx.opts.json) {
    ctx.out(
      JSON.stringify({
        ok: true,
        out: opts.out,
        period,
        prefill: prefill ?? null,
        sheets: res.sheets,
        teams: res.teams,
        prefilled: res.prefilled,
        retiredTeams: data.retiredTeams,
      }),
    );
    return;
  }
  if (data.teams.length === 0) {
    ctx.warn(
      msg(
        'Cơ sở dữ liệu chưa có tổ nào: biểu mẫu có một trang chung, cột Khu phố/Ấp không có danh sách thả xuống.',
        'The database knows no teams yet: the form has one sheet and no khu phố dropdown.',
      ),
    );
  }
  if (data.retiredTeams > 0) {
    ctx.warn(
      msg(
        `${data.retiredTeams} tổ của phường/xã cũ (chưa chuyển sang đơn vị mới) không có trong biểu mẫu: chạy "roster remap" trước.`,
        `${data.retiredTeams} teams of retired wards (not moved to their successors yet) are left out: run "roster remap" first.`,
      ),
    );
  }
  ctx.say(
    msg(
      `Đã ghi biểu mẫu tháng ${period}: ${opts.out} — ${res.sheets.length} trang danh sách, ${res.teams} tổ${prefill ? `, điền sẵn ${res.prefilled} thành viên của kỳ ${prefill}${opts.includePii ? '' : ' (CCCD, điện thoại che bớt)'}` : ''}.`,
      `Template for ${period} written: ${opts.out} — ${res.sheets.length} roster sheets, ${res.teams} teams${prefill ? `, ${res.prefilled} members of ${prefill} prefilled${opts.includePii ? '' : ' (IDs and phones masked)'}` : ''}.`,
    ),
  );
}
