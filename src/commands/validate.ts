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
import type { Report } from '../rules/types.js';
import { msg } from '../text/i18n.js';
import { label } from '../text/labels.js';
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
    .description(app.d(msg('kiểm tra danh sách theo mọi quy tắc, kể cả sắp xếp đơn vị hành chính', 'check the rosters against every rule, including the ward reorganisation')))
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
    throw new UsageError(
      msg('--format xlsx cần tệp kết quả.', '--format xlsx needs an output file.'),
      msg('Thêm -o TEN-TEP.xlsx.', 'Add -o NAME.xlsx.'),
    );
  }
  // Every output path is checked before anything is read or written.
  const { checkOutput } = await import('../safety/paths.js');
  const out = opts.out === undefined ? undefined : checkOutput(opts.out, { cwd: ctx.cwd, flag: '-o', db: opts.db, inputs: opts.rules ? [opts.rules] : [] });
  const { loadRulesConfig } = await import('../rules/config.js');
  const config = opts.rules ? loadRulesConfig(opts.rules) : undefined;
  const { openStore } = await import('../store/db.js');
  const { validatePeriod } = await import('../rules/engine.js');
  const { requirePeriod } = await import('../store/periods.js');
  const { db } = openStore(opts.db, { readonly: opts.format !== 'xlsx', busyTimeoutMs: ctx.settings.busyTimeoutMs });
  try {
    // Nor over a roster file this database imported (by path or by content).
    if (out !== undefined) (await import('../reports/output.js')).assertNotInput(db, out, { cwd: ctx.cwd, dbFile: opts.db });
    const { parsePeriod } = await import('../text/period.js');
    const period = requirePeriod(db, opts.period !== undefined ? parsePeriod(opts.period) : undefined);
    const { maskReport } = await import('../privacy/mask.js');
    // Findings quote the values they are about; IDs, phones and e-mail are masked unless asked for.
    const { progressLine } = await import('../cli/progress.js');
    const line = progressLine(ctx);
    const label = ctx.t(msg(`Đang kiểm tra kỳ ${period}`, `Checking ${period}`));
    let report: Report;
    try {
      const onProgress = line ? (done: number, total: number) => line.update({ label, done, total, unit: 'rows' }) : undefined;
      report = maskReport(validatePeriod(db, { period, lang: ctx.opts.lang, config, onProgress }), Boolean(opts.includePii));
    } finally {
      line?.stop();
    }
    const rows = (db.prepare('SELECT count(*) AS n FROM source_rows WHERE period = ? AND superseded_by IS NULL').get(period) as { n: number }).n;
    if (rows === 0) ctx.warn(msg(`Kỳ ${period} chưa có dòng nào được nhập.`, `Period ${period} has no imported rows.`));
    switch (opts.format) {
      case 'json':
        await write(ctx, out, jsonChunks(report));
        break;
      case 'csv':
        await write(ctx, out, await csvChunks(report, ctx, Boolean(out)));
        break;
      case 'xlsx': {
        const { writeAnnotatedWorkbook } = await import('../reports/annotated.js');
        await writeAnnotatedWorkbook({ db, report, out: out as string, lang: ctx.opts.lang, cwd: ctx.cwd, now: ctx.now, includePii: Boolean(opts.includePii), fault: ctx.settings.fault });
        ctx.say(msg(`Đã ghi sổ tay lỗi: ${opts.out}`, `Annotated workbook written: ${opts.out}`));
        break;
      }
      default:
        await write(ctx, out, await tableChunks(report, ctx, rows, Boolean(out)));
    }
    if (opts.format !== 'json' && opts.out) summary(ctx, report);
    return report.ok ? 0 : 1;
  } finally {
    db.close();
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

/** Groups of n items joined into one chunk. */
function* batched<T>(items: readonly T[], n: number, each: (x: T) => string): Generator<string> {
  for (let i = 0; i < items.length; i += n) {
    let chunk = '';
    for (let j = i; j < Math.min(items.length, i + n); j++) chunk += each(items[j]);
    yield chunk;
  }
}

/** SPEC § Findings, one finding per line. */
export function* jsonChunks(r: Report): Generator<string> {
  yield `{ "ok": ${r.ok}, "period": ${JSON.stringify(r.period)},\n  "counts": ${JSON.stringify(r.counts)},\n  "findings": [`;
  let first = true;
  yield* batched(r.findings, 1000, (f) => {
    const line = (first ? '\n    ' : ',\n    ') + JSON.stringify(f);
    first = false;
    return line;
  });
  yield r.findings.length ? '\n  ] }\n' : '] }\n';
}

function summary(ctx: Context, r: Report): void {
  const c = r.counts;
  ctx.say(
    msg(
      `Kỳ ${r.period}: ${c.error} lỗi, ${c.warning} cảnh báo, ${c.info} thông tin.`,
      `Period ${r.period}: ${c.error} errors, ${c.warning} warnings, ${c.info} notes.`,
    ),
  );
}

async function csvChunks(report: Report, ctx: Context, bom: boolean): Promise<Iterable<string>> {
  const { stringify } = await import('csv-stringify/sync');
  const { csvField } = await import('../reports/safe-cell.js');
  const vi = ctx.opts.lang === 'vi';
  const header = vi
    ? ['Tệp', 'Trang tính', 'Dòng', 'Cột', 'Ô', 'Mức độ', 'Quy tắc', 'Nội dung', 'Giá trị', 'Gợi ý']
    : ['File', 'Sheet', 'Row', 'Column', 'Cell', 'Severity', 'Rule', 'Message', 'Value', 'Suggestion'];
  const row = (f: Report['findings'][number]) => [
    f.source?.file ?? '',
    f.source?.sheet ?? '',
    f.source?.row ?? '',
    f.source?.column ?? '',
    f.source?.cell ?? '',
    label('severity', f.severity, ctx.opts.lang) ?? f.severity,
    f.rule,
    f.message,
    f.value ?? '',
    suggestionText(f.suggestion),
  ];
  const lines = (rows: (string | number)[][]) => stringify(rows.map((cells) => cells.map((v) => csvField(v))), { record_delimiter: 'windows' });
  return (function* () {
    yield (bom ? '\ufeff' : '') + lines([header]);
    for (let i = 0; i < report.findings.length; i += 1000) yield lines(report.findings.slice(i, i + 1000).map(row));
  })();
}

function suggestionText(s: Report['findings'][number]['suggestion']): string {
  if (!s) return '';
  const parts: string[] = [];
  if (s.value) parts.push(s.value);
  for (const c of s.candidates ?? []) parts.push(`${c.name} (${c.code}${c.parent ? `, ${c.parent}` : ''})${c.legalBasis ? ` – ${c.legalBasis}` : ''}`);
  return parts.join('; ');
}

/** The severity words of the table: the group headings and the summary line use the same ones. */
export const SEVERITY_LABEL = {
  vi: { error: 'Lỗi', warning: 'Cảnh báo', info: 'Thông tin' },
  en: { error: 'Errors', warning: 'Warnings', info: 'Notes' },
} as const;

const SEVERITIES = ['error', 'warning', 'info'] as const;

/** Findings grouped by severity (errors first), then file, then rule; rows with the same message listed together. */
async function tableChunks(report: Report, ctx: Context, rows: number, toFile: boolean): Promise<Iterable<string>> {
  const { Chalk } = await import('chalk');
  const chalk = new Chalk({ level: ctx.opts.color && !toFile ? 1 : 0 });
  const vi = ctx.opts.lang === 'vi';
  const words = SEVERITY_LABEL[ctx.opts.lang];
  const paint = { error: chalk.red, warning: chalk.yellow, info: chalk.cyan };
  const lines: string[] = [];
  type Findings = Report['findings'];
  const groups = new Map<string, Map<string, Map<string, Findings>>>(SEVERITIES.map((s) => [s, new Map()]));
  for (const f of report.findings) {
    const byFile = groups.get(f.severity) as Map<string, Map<string, Findings>>;
    const file = f.source?.file ?? (vi ? '(không gắn tệp)' : '(no file)');
    const rules = byFile.get(file) ?? byFile.set(file, new Map()).get(file)!;
    const list = rules.get(f.rule) ?? rules.set(f.rule, []).get(f.rule)!;
    list.push(f);
  }
  for (const sev of SEVERITIES) {
    const byFile = groups.get(sev) as Map<string, Map<string, Findings>>;
    if (byFile.size === 0) continue;
    lines.push(paint[sev](chalk.bold(`${words[sev]} (${report.counts[sev]})`)));
    for (const [file, rules] of byFile) {
      lines.push(`  ${chalk.bold(file)}`);
      for (const [rule, list] of rules) {
        lines.push(`    ${paint[sev](rule)} (${list.length})`);
        // Rows with the same message and suggestion are listed together.
        const same = new Map<string, { cells: string[]; f: Findings[number] }>();
        for (const f of list) {
          const k = `${f.message}\u0001${suggestionText(f.suggestion)}`;
          const at = f.source?.cell ?? (f.source?.row !== undefined ? `${vi ? 'dòng' : 'row'} ${f.source.row}` : '');
          const g = same.get(k);
          if (g) g.cells.push(at);
          else same.set(k, { cells: [at], f });
        }
        for (const { cells, f } of same.values()) {
          const s = suggestionText(f.suggestion);
          const at = cells.length > 6 ? `${cells.slice(0, 5).join(', ')}, … ${cells[cells.length - 1]} (${cells.length})` : cells.join(', ');
          if (at) lines.push(`      ${chalk.dim(at)}`);
          lines.push(`        ${f.message}${s ? chalk.dim(` → ${s}`) : ''}`);
        }
      }
    }
    lines.push('');
  }
  const c = report.counts;
  lines.push(
    vi
      ? `Kỳ ${report.period}: ${rows} dòng; ${paint.error(`${c.error} lỗi`)}, ${paint.warning(`${c.warning} cảnh báo`)}, ${paint.info(`${c.info} thông tin`)}.`
      : `Period ${report.period}: ${rows} rows; ${paint.error(`${c.error} errors`)}, ${paint.warning(`${c.warning} warnings`)}, ${paint.info(`${c.info} notes`)}.`,
  );
  if (c.error > 0) {
    lines.push(
      vi
        ? 'Sửa các lỗi trong tệp gốc rồi nhập lại; các đơn vị đã sáp nhập: "roster remap". Sổ tay lỗi: roster validate --format xlsx -o loi.xlsx'
        : 'Fix the errors in the source files and import them again; for merged units run "roster remap". Annotated workbook: roster validate --format xlsx -o errors.xlsx',
    );
  } else if (report.findings.length === 0) lines.push(vi ? 'Không có vấn đề nào.' : 'No problems found.');
  return batched(lines, 1000, (l) => l + '\n');
}
