/**
 * `roster validate`: runs every rule over a period's roster and prints the
 * findings as a table (grouped by severity, then file and rule), JSON (SPEC § Findings), CSV,
 * or the annotated workbook. Exit 1 while errors remain.
 */
import type { Command } from 'commander';
import { Option } from 'commander';
import type { App } from '../cli/app.js';
import type { Context } from '../cli/context.js';
import { UsageError } from '../errors.js';
import type { FindingsStream } from '../findings/stream.js';
import type { RulesConfig } from '../rules/config.js';
import type { FindingSink } from '../rules/types.js';
import type { DB } from '../store/db.js';
import { msg } from '../text/i18n.js';
import { LATEST_IMPORTED, periodOption } from '../cli/options.js';

export type ValidateFormat = 'table' | 'json' | 'csv' | 'xlsx';

export interface ValidateOptions {
  db: string;
  period?: string;
  rules?: string;
  format: ValidateFormat;
  out?: string;
  /** Show personal IDs, phones and e-mail in full in messages and values. */
  includePii?: boolean;
}

export function register(program: Command, app: App): void {
  program
    .command('validate')
    .addOption(periodOption(app.lang, '--period', msg('kỳ báo cáo', 'period'), LATEST_IMPORTED))
    .option('--rules <RULES.json>', app.d(msg('tệp quy tắc: đổi mức độ, ngưỡng, tắt quy tắc', 'rules file: severities, thresholds, rules switched off')))
    .addOption(new Option('--format <format>', app.d(msg('định dạng kết quả', 'output format'))).choices(['table', 'json', 'csv', 'xlsx']))
    .option('-o, --out <file>', app.d(msg('ghi kết quả ra tệp (bắt buộc với xlsx)', 'write the result to a file (required for xlsx)')))
    .option('--include-pii', app.d(msg('hiện đầy đủ số CCCD, số điện thoại, email trong thông báo', 'show IDs, phones and e-mail in full in the messages')))
    .action(
      app.action((ctx, o: { period?: string; rules?: string; format?: ValidateFormat; out?: string; includePii?: boolean }) =>
        run(ctx, {
          db: ctx.opts.db,
          period: o.period,
          rules: o.rules,
          format: o.format ?? (ctx.opts.json ? 'json' : o.out && /\.xlsx$/i.test(o.out) ? 'xlsx' : o.out && /\.csv$/i.test(o.out) ? 'csv' : 'table'),
          out: o.out,
          includePii: Boolean(o.includePii),
        }),
      ),
    );
}

export async function run(ctx: Context, opts: ValidateOptions): Promise<number> {
  if (opts.format === 'xlsx' && !opts.out) {
    throw new UsageError(msg('--format xlsx cần tệp kết quả.', '--format xlsx needs an output file.'), msg('Thêm -o TEN-TEP.xlsx.', 'Add -o NAME.xlsx.'));
  }
  // Every output path is checked before anything is read or written.
  const { checkOutput } = await import('../safety/paths.js');
  const out = opts.out === undefined ? undefined : checkOutput(opts.out, { cwd: ctx.cwd, flag: '-o', db: opts.db, inputs: opts.rules ? [opts.rules] : [] });
  const { loadRulesConfig } = await import('../rules/config.js');
  const config = opts.rules ? loadRulesConfig(opts.rules) : undefined;
  const { openStore } = await import('../store/db.js');
  const { requirePeriod } = await import('../store/periods.js');
  const { db } = openStore(opts.db, { readonly: opts.format !== 'xlsx', busyTimeoutMs: ctx.settings.busyTimeoutMs });
  try {
    // Nor over a roster file this database imported (by path or by content).
    if (out !== undefined) (await import('../reports/output.js')).assertNotInput(db, out, { cwd: ctx.cwd, dbFile: opts.db });
    const { parsePeriod } = await import('../text/period.js');
    const period = requirePeriod(db, opts.period !== undefined ? parsePeriod(opts.period) : undefined);
    // Findings quote the values they are about; IDs, phones and e-mail are masked unless asked for.
    const { findingMasker } = await import('../privacy/mask.js');
    const { FindingsCollector } = await import('../findings/stream.js');
    const collector = new FindingsCollector(findingMasker(Boolean(opts.includePii)));
    try {
      await runRulesWithProgress(ctx, db, period, config, collector);
      const report = collector.stream(period);
      await output(ctx, db, { ...opts, out }, report);
      if (opts.format !== 'json' && opts.out) summary(ctx, report);
      return report.ok ? 0 : 1;
    } finally {
      collector.dispose();
    }
  } finally {
    db.close();
  }
}

/** Runs the rules with a progress line on a terminal; findings go to the collector as they are found. */
async function runRulesWithProgress(ctx: Context, db: DB, period: string, config: RulesConfig | undefined, sink: FindingSink): Promise<void> {
  const { runRules } = await import('../rules/engine.js');
  const { progressLine } = await import('../cli/progress.js');
  const line = progressLine(ctx);
  const label = ctx.t(msg(`Đang kiểm tra kỳ ${period}`, `Checking ${period}`));
  try {
    const onProgress = line ? (done: number, total: number) => line.update({ label, done, total, unit: 'rows' }) : undefined;
    runRules(db, { period, lang: ctx.opts.lang, config, onProgress }, sink);
  } finally {
    line?.stop();
  }
}

/** The findings in the asked format, to the output file (checked before) or stdout; one formatter module per format (src/findings/). */
async function output(ctx: Context, db: DB, opts: ValidateOptions, report: FindingsStream): Promise<void> {
  const period = report.period as string;
  const rows = (db.prepare('SELECT count(*) AS n FROM source_rows WHERE period = ? AND superseded_by IS NULL').get(period) as { n: number }).n;
  if (rows === 0) ctx.warn(msg(`Kỳ ${period} chưa có dòng nào được nhập.`, `Period ${period} has no imported rows.`));
  const out = opts.out;
  switch (opts.format) {
    case 'json': {
      const { jsonChunks } = await import('../findings/json.js');
      return write(ctx, out, jsonChunks(report));
    }
    case 'csv': {
      const { csvChunks } = await import('../findings/csv.js');
      return write(ctx, out, csvChunks(report, ctx.opts.lang, Boolean(out)));
    }
    case 'xlsx': {
      const { writeAnnotatedWorkbook } = await import('../reports/annotated.js');
      await writeAnnotatedWorkbook({
        db,
        report,
        out: out as string,
        lang: ctx.opts.lang,
        cwd: ctx.cwd,
        now: ctx.now,
        includePii: Boolean(opts.includePii),
        fault: ctx.settings.fault,
      });
      ctx.say(msg(`Đã ghi sổ tay lỗi: ${out}`, `Annotated workbook written: ${out}`));
      return;
    }
    default: {
      const { tableChunks } = await import('../findings/table.js');
      const { Chalk } = await import('chalk');
      const chalk = new Chalk({ level: ctx.opts.color && !out ? 1 : 0 });
      return write(ctx, out, tableChunks(report, { lang: ctx.opts.lang, style: chalk, rows }));
    }
  }
}

/**
 * Writes the output piece by piece: a national roster can have a million
 * findings, more than one string can hold.
 */
async function write(ctx: Context, out: string | undefined, chunks: Iterable<string>): Promise<void> {
  if (!out) {
    for (const c of chunks) ctx.io.stdout.write(c);
    return;
  }
  const { writeTextAtomically } = await import('../safety/atomic.js');
  await writeTextAtomically(out, chunks, { fault: ctx.settings.fault });
}

function summary(ctx: Context, r: FindingsStream): void {
  const c = r.counts;
  ctx.say(msg(`Kỳ ${r.period}: ${c.error} lỗi, ${c.warning} cảnh báo, ${c.info} thông tin.`, `Period ${r.period}: ${c.error} errors, ${c.warning} warnings, ${c.info} notes.`));
}
