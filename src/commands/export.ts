/** `roster export members|teams`: flat CSV or XLSX with provenance columns. */
import type { Command } from 'commander';
import { Argument, Option } from 'commander';
import type { App } from '../cli/app.js';
import type { Context } from '../cli/context.js';
import { UsageError } from '../errors.js';
import { msg } from '../text/i18n.js';
import { LATEST_IMPORTED, periodOption } from '../cli/options.js';
import { warnPii } from '../privacy/warn.js';

export interface ExportOptions {
  db: string;
  what: 'members' | 'teams';
  format: 'csv' | 'xlsx';
  out?: string;
  includePii: boolean;
  period?: string;
}

export function register(program: Command, app: App): void {
  program
    .command('export')
    .addArgument(new Argument(app.d(msg('<loại>', '<what>')), app.d(msg('"members" (thành viên) hoặc "teams" (tổ)', 'members or teams'))).choices(['members', 'teams']))
    .addOption(new Option('--format <format>', app.d(msg('định dạng', 'format'))).choices(['csv', 'xlsx']))
    .option('-o, --out <file>', app.d(msg('tệp kết quả (CSV: mặc định ra stdout)', 'output file (CSV: stdout when absent)')))
    .addOption(periodOption(app.lang, '--period', msg('kỳ xuất', 'period to export'), LATEST_IMPORTED))
    .option('--include-pii', app.d(msg('hiện đầy đủ số CCCD, số điện thoại, email', 'show IDs, phones and e-mail in full')))
    .action(
      app.action((ctx, what: 'members' | 'teams', o: { format?: 'csv' | 'xlsx'; out?: string; period?: string; includePii?: boolean }) =>
        run(ctx, {
          db: ctx.opts.db,
          what,
          format: o.format ?? (o.out && /\.xlsx$/i.test(o.out) ? 'xlsx' : 'csv'),
          out: o.out,
          includePii: Boolean(o.includePii),
          period: o.period,
        }),
      ),
    );
}

export async function run(ctx: Context, opts: ExportOptions): Promise<number> {
  const path = await import('node:path');
  const fs = await import('node:fs');
  const { openStore } = await import('../store/db.js');
  const { parsePeriod } = await import('../text/period.js');
  const { assertNotInput, writeAtomically } = await import('../reports/output.js');
  const { exportTable, csvChunks, writeXlsx } = await import('../reports/export.js');
  const { requirePeriod } = await import('../store/periods.js');
  if (opts.format === 'xlsx' && !opts.out) {
    throw new UsageError(
      msg('Xuất XLSX cần -o TỆP.xlsx.', 'An XLSX export needs -o FILE.xlsx.'),
      msg('Ví dụ: roster export members --format xlsx -o thanh-vien.xlsx', 'E.g. roster export members --format xlsx -o members.xlsx'),
    );
  }
  const { checkOutput } = await import('../safety/paths.js');
  // Checked before anything is read or written.
  if (opts.out !== undefined) checkOutput(opts.out, { cwd: ctx.cwd, flag: '-o', db: opts.db });
  const { db } = openStore(opts.db, { readonly: true, busyTimeoutMs: ctx.settings.busyTimeoutMs });
  try {
    const period = requirePeriod(db, opts.period !== undefined ? parsePeriod(opts.period) : undefined);
    // An output onto an imported roster is refused before any row is read.
    const out = opts.out === undefined ? undefined : assertNotInput(db, path.resolve(ctx.cwd, opts.out), { cwd: ctx.cwd, dbFile: opts.db });
    if (opts.includePii) warnPii(ctx);
    const table = exportTable(db, opts.what, { period, includePii: opts.includePii, lang: ctx.opts.lang });
    if (out === undefined) {
      for await (const chunk of csvChunks(table)) ctx.io.stdout.write(chunk);
      return 0;
    }
    const sheet = opts.what === 'members' ? ctx.t(msg('Thành viên', 'Members')) : ctx.t(msg('Danh sách tổ', 'Teams'));
    const writeOut = async (tmp: string) => {
      if (opts.format === 'xlsx') return writeXlsx(tmp, table, sheet, ctx.now());
      const fd = fs.openSync(tmp, 'w', 0o600);
      try {
        for await (const chunk of csvChunks(table)) fs.writeSync(fd, chunk);
      } finally {
        fs.closeSync(fd);
      }
    };
    await writeAtomically(out, writeOut, { fault: ctx.settings.fault });
    ctx.say(msg(`Đã xuất ${opts.what} kỳ ${period}: ${opts.out}`, `Exported ${opts.what} for ${period}: ${opts.out}`));
    return 0;
  } finally {
    db.close();
  }
}
