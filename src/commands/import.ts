/** `roster import FILE…`: rosters into the database, one transaction per invocation. */
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import type { App } from '../cli/app.js';
import type { Context } from '../cli/context.js';
import { InputError, UsageError } from '../errors.js';
import type { HeaderResult, SavedMap } from '../importer/header.js';
import type { ImportSummary } from '../importer/import.js';
import type { PeriodSource } from '../importer/period.js';
import { msg, type Msg } from '../text/i18n.js';
import { periodOption } from '../cli/options.js';
import { parsePeriod, periodEnd, periodsInFileName, previousPeriod } from '../text/period.js';

export interface ImportCommandOptions {
  files: string[];
  period?: string;
  sheet?: string;
  headerRow?: number;
  map?: string;
  saveMap?: string;
  encoding?: string;
  mode: 'sync' | 'append';
  dryRun: boolean;
}

export function register(program: Command, app: App): void {
  const d = app.d.bind(app);
  program
    .command('import')
    .description(d(msg('nhập danh sách thành viên từ tệp CSV/TSV/TXT/XLSX', 'import roster files (CSV/TSV/TXT/XLSX)')))
    .argument(d(msg('<tệp...>', '<files...>')), d(msg('các tệp danh sách', 'roster files')))
    .addOption(periodOption(app.lang, '--period', msg('kỳ (tháng) mà danh sách nói về', 'the month the rosters speak of'), msg('theo tên tệp, rồi theo tiêu đề danh sách; không rõ thì hỏi (không có màn hình tương tác: dừng, mã 2)', 'from the file name, else the title of the roster; asked when unclear (exit 2 without a terminal)')))
    .option('--sheet <name>', d(msg('tên trang tính (XLSX)', 'sheet name (XLSX)')))
    .option('--header-row <n>', d(msg('số dòng tiêu đề, nếu không tự tìm được', 'header row number, when detection fails')))
    .option('--map <file>', d(msg('tệp ánh xạ cột MAP.json đã lưu', 'saved column mapping MAP.json')))
    .option('--save-map <file>', d(msg('lưu ánh xạ cột để dùng tháng sau', 'save the column mapping for next month')))
    .option('--encoding <name>', d(msg('bảng mã: utf-8, utf-16le, utf-16be, windows-1258, tcvn3, vni', 'encoding: utf-8, utf-16le, utf-16be, windows-1258, tcvn3, vni')))
    .option('--mode <mode>', d(msg('"sync" (đồng bộ): tệp là danh sách đầy đủ của các tổ có trong tệp (người vắng được ghi là đã rời); "append" (bổ sung): chỉ thêm và cập nhật', 'sync: the file is the complete roster (absent people marked as left); append: add and update only')), 'sync')
    .option('--dry-run', d(msg('chỉ cho biết sẽ thay đổi gì, không ghi', 'show what would change; write nothing')))
    .action(
      app.action((ctx, files: string[], o: Record<string, string | boolean | undefined>) =>
        run(ctx, {
          files,
          period: o.period as string | undefined,
          sheet: o.sheet as string | undefined,
          headerRow: o.headerRow === undefined ? undefined : parseHeaderRow(String(o.headerRow)),
          map: o.map as string | undefined,
          saveMap: o.saveMap as string | undefined,
          encoding: o.encoding as string | undefined,
          mode: parseMode(String(o.mode ?? 'sync')),
          dryRun: Boolean(o.dryRun),
        }),
      ),
    );
}

function parseHeaderRow(s: string): number {
  const n = Number(s);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(msg(`--header-row phải là số dòng (1, 2, …), không phải "${s}".`, `--header-row must be a row number (1, 2, …), not "${s}".`));
  return n;
}

function parseMode(s: string): 'sync' | 'append' {
  if (s !== 'sync' && s !== 'append') throw new UsageError(msg(`--mode phải là "sync" hoặc "append", không phải "${s}".`, `--mode must be sync or append, not "${s}".`));
  return s;
}

function readMap(file: string): SavedMap {
  let j: unknown;
  try {
    j = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new InputError(
      msg(`Không đọc được tệp ánh xạ ${file}: ${(e as Error).message}`, `Cannot read the mapping file ${file}: ${(e as Error).message}`),
      msg('Tệp ánh xạ là JSON do --save-map tạo ra.', 'A mapping file is the JSON that --save-map writes.'),
      file,
    );
  }
  const m = j as SavedMap;
  if (!m || typeof m !== 'object' || m.version !== 1 || typeof m.columns !== 'object' || m.columns === null) {
    throw new InputError(
      msg(`Tệp ánh xạ ${file} không đúng dạng (cần {"version": 1, "columns": {...}}).`, `The mapping file ${file} has the wrong shape (expected {"version": 1, "columns": {...}}).`),
      undefined,
      file,
    );
  }
  return m;
}

function mapOf(header: HeaderResult, sheet?: string): SavedMap {
  const columns: SavedMap['columns'] = {};
  for (const c of header.columns) columns[c.header] = c.field;
  return { version: 1, sheet, headerRow: header.headerRow, columns };
}

export async function run(ctx: Context, opts: ImportCommandOptions): Promise<number> {
  const given = opts.period === undefined ? undefined : parsePeriod(opts.period);
  for (const f of opts.files) {
    if (!fs.existsSync(f) || !fs.statSync(f).isFile()) {
      throw new InputError(msg(`Không tìm thấy tệp ${f}.`, `File not found: ${f}.`), msg('Kiểm tra tên và đường dẫn tệp.', 'Check the file name and path.'), f);
    }
  }
  const map = opts.map ? readMap(opts.map) : undefined;
  const { period, source } = given ? checkGivenPeriod(ctx, given, opts.files) : await inferPeriod(ctx, opts, map);
  const [{ openStore }, { importRosters }, { createResolver, loadOffice }, { FIELD_LABELS }, { guessColumn }] = await Promise.all([
    import('../store/db.js'),
    import('../importer/import.js'),
    import('../units/resolver.js'),
    import('../importer/fields.js'),
    import('../importer/column-guess.js'),
  ]);
  const { db } = openStore(ctx.opts.db);
  try {
    const office = loadOffice(db);
    const resolver = createResolver(db, { asOf: periodEnd(period), jurisdiction: office?.jurisdiction ?? [] });
    if (source.kind !== 'option') sayPeriod(ctx, period, source);
    const bar = await importProgress(ctx);
    let summary: ImportSummary;
    try {
      summary = await importRosters(db, {
        files: opts.files,
        period,
        mode: opts.mode,
        dryRun: opts.dryRun,
        sheet: opts.sheet,
        headerRow: opts.headerRow,
        map,
        encoding: opts.encoding,
        now: () => ctx.now(),
        resolver,
        onProgress: bar ? (n, at) => bar.update(n, at) : undefined,
        askMapping: async (file, header, sample) => {
          if (!ctx.interactive) return null;
          bar?.stop();
          const p = await ctx.prompter();
          const answer = mapOf(header, opts.sheet);
          const taken = new Set(header.columns.map((c) => c.index));
          ctx.say(msg(`${path.basename(file)}: chưa nhận ra một số cột bắt buộc.`, `${path.basename(file)}: some required columns were not recognised.`));
          for (const field of header.missing) {
            const guess = guessColumn(field, header.headers, sample, taken);
            const choice = await p.select<number>({
              message: ctx.t(msg(`Cột nào là "${FIELD_LABELS[field].vi}"?`, `Which column is "${FIELD_LABELS[field].en}"?`)),
              choices: [
                ...header.headers.map((h) => ({ name: `${h.column}: ${h.header || ctx.t(msg('(trống)', '(blank)'))}`, value: h.index })),
                { name: ctx.t(msg('(không có trong tệp này: hủy nhập)', '(not in this file: cancel the import)')), value: -1 },
              ],
              // Enter takes the column that looks like the field, else "not in this file": never simply the first column.
              default: guess ?? -1,
            });
            if (choice < 0) return null;
            const h = header.headers.find((x) => x.index === choice);
            if (h) {
              answer.columns[h.header] = field;
              taken.add(h.index);
            }
          }
          return answer;
        },
      });
    } finally {
      bar?.stop();
    }
    const last = summary.files[summary.files.length - 1];
    if (opts.saveMap && last) {
      const columns: SavedMap['columns'] = {};
      for (const c of last.columns) columns[c.header] = c.field;
      fs.writeFileSync(opts.saveMap, JSON.stringify({ version: 1, sheet: last.sheet ?? opts.sheet, headerRow: last.headerRow, columns }, null, 2) + '\n');
      ctx.say(msg(`Đã lưu ánh xạ cột vào ${opts.saveMap}.`, `Saved the column mapping to ${opts.saveMap}.`));
    }
    printSummary(ctx, { ...summary, periodSource: source });
    return 0;
  } finally {
    db.close();
  }
}

/** How the period was found, for the clerk. */
function sourceText(source: PeriodSource): Msg {
  const file = source.file ? path.basename(source.file) : '';
  switch (source.kind) {
    case 'option':
      return msg('theo --period', 'from --period');
    case 'file-name':
      return msg(`theo tên tệp ${file}`, `from the file name ${file}`);
    case 'title':
      return msg(`theo tiêu đề "${source.text ?? ''}" trong ${file}`, `from the title "${source.text ?? ''}" in ${file}`);
    default:
      return msg('do bạn chọn', 'as you chose');
  }
}

/** The period is never silent when it was not given: this line shows even with -q. */
function sayPeriod(ctx: Context, period: string, source: PeriodSource): void {
  if (ctx.opts.json) return;
  const how = sourceText(source);
  ctx.say(msg(`Kỳ ${period} (${how.vi}); dùng --period để chỉ định kỳ khác.`, `Period ${period} (${how.en}); give --period to choose another.`));
}

/** --period wins; a file name that names another month is worth a warning. */
function checkGivenPeriod(ctx: Context, period: string, files: string[]): { period: string; source: PeriodSource } {
  for (const f of files) {
    const named = periodsInFileName(path.basename(f));
    if (named.length > 0 && !named.includes(period)) {
      ctx.warn(
        msg(
          `Chú ý: tên tệp ${path.basename(f)} ghi kỳ ${named.join(', ')}, nhưng --period là ${period}; nhập theo ${period}.`,
          `Note: the file name ${path.basename(f)} says ${named.join(', ')}, but --period is ${period}; importing as ${period}.`,
        ),
      );
    }
  }
  return { period, source: { kind: 'option' } };
}

/**
 * The period from the files themselves (name, then title block). When they
 * disagree or are silent: a question on a terminal (default: the previous
 * month), otherwise exit 2 naming --period. -y does not answer it: a wrong
 * month files the roster under the wrong month.
 */
async function inferPeriod(ctx: Context, opts: ImportCommandOptions, map: SavedMap | undefined): Promise<{ period: string; source: PeriodSource }> {
  const { fileEvidence, decidePeriod } = await import('../importer/period.js');
  const evidence = [];
  for (const f of opts.files) evidence.push(await fileEvidence(f, { sheet: opts.sheet, encoding: opts.encoding, map, headerRow: opts.headerRow }));
  const d = decidePeriod(evidence);
  if (d.ok) return { period: d.period, source: d.source };
  const found = d.candidates.map((c) => `${c.period} (${ctx.t(sourceText(c.source))})`).join('; ');
  const what =
    d.reason === 'disagree'
      ? msg(`Các nguồn ghi kỳ khác nhau: ${found}.`, `The sources name different months: ${found}.`)
      : d.candidates.length > 0
        ? msg(`Có tệp không ghi kỳ (tên tệp hay tiêu đề); tìm thấy: ${found}.`, `A file names no month (in its name or title); found: ${found}.`)
        : msg('Không tìm thấy kỳ trong tên tệp hay tiêu đề danh sách.', 'No month found in the file name or the title of the roster.');
  if (!ctx.interactive) {
    throw new UsageError(
      msg(`Chưa rõ kỳ (tháng) của danh sách. ${what.vi}`, `The period (month) of the roster is not known. ${what.en}`),
      msg('Chỉ định kỳ bằng --period YYYY-MM, ví dụ --period 2026-11. (-y không tự chọn kỳ.)', 'Give it with --period YYYY-MM, e.g. --period 2026-11. (-y does not choose a month.)'),
    );
  }
  ctx.warn(what);
  const p = await ctx.prompter();
  const previous = previousPeriod(ctx.now());
  const OTHER = 'other';
  const choices = d.candidates.map((c) => ({ name: `${c.period}  (${ctx.t(sourceText(c.source))})`, value: c.period }));
  if (!choices.some((c) => c.value === previous)) choices.push({ name: `${previous}  (${ctx.t(msg('tháng trước', 'last month'))})`, value: previous });
  choices.push({ name: ctx.t(msg('Tháng khác…', 'Another month…')), value: OTHER });
  let period = await p.select<string>({ message: ctx.t(msg('Danh sách này của tháng nào?', 'Which month is this roster for?')), choices, default: previous });
  if (period === OTHER) {
    const typed = await p.input({
      message: ctx.t(msg('Kỳ (YYYY-MM):', 'Period (YYYY-MM):')),
      default: previous,
      validate: (v) => {
        try {
          parsePeriod(v);
          return true;
        } catch {
          return ctx.t(msg('Viết theo dạng NĂM-THÁNG, ví dụ 2026-11.', 'Write YEAR-MONTH, e.g. 2026-11.'));
        }
      },
    });
    period = parsePeriod(typed);
  }
  return { period, source: { kind: 'answer' } };
}

/** The import's progress line: the file, how far it has been read (bytes or sheet rows), rows and speed. */
async function importProgress(ctx: Context) {
  const { progressLine } = await import('../cli/progress.js');
  const line = progressLine(ctx);
  if (!line) return undefined;
  const started = Date.now();
  return {
    update(rows: number, at?: { file: string; done: number; total?: number; unit: 'bytes' | 'rows' }) {
      const speed = Math.round(rows / Math.max(0.001, (Date.now() - started) / 1000));
      line.update({
        label: ctx.t(msg(`Đang nhập${at ? ` ${path.basename(at.file)}` : ''}`, `Importing${at ? ` ${path.basename(at.file)}` : ''}`)),
        done: at?.done,
        total: at?.total,
        unit: at?.unit,
        extra: ctx.t(msg(`${rows} dòng (${speed} dòng/giây)`, `${rows} rows (${speed} rows/s)`)),
      });
    },
    stop: () => line.stop(),
  };
}

const MODE: Record<'sync' | 'append', Msg> = {
  sync: msg('đồng bộ (tệp là danh sách đầy đủ của các tổ có trong tệp)', 'sync (the file is the complete roster of the teams it lists)'),
  append: msg('bổ sung (chỉ thêm và cập nhật)', 'append (add and update only)'),
};

function printSummary(ctx: Context, s: ImportSummary & { periodSource: PeriodSource }): void {
  if (ctx.opts.json) {
    ctx.out(JSON.stringify(s, null, 2));
    return;
  }
  for (const f of s.files) {
    const name = path.basename(f.file);
    if (f.status === 'unchanged') {
      ctx.say(
        msg(
          `${name}: đã nhập đúng tệp này cho kỳ ${s.period} (lần nhập #${f.previousImportId}); không có gì thay đổi.`,
          `${name}: these exact bytes were already imported for ${s.period} (import #${f.previousImportId}); nothing changed.`,
        ),
      );
      continue;
    }
    const where = (lang: 'vi' | 'en') =>
      [
        f.sheet ? (lang === 'vi' ? `trang tính "${f.sheet}"` : `sheet "${f.sheet}"`) : null,
        f.encoding ? (lang === 'vi' ? `bảng mã ${f.encoding}` : f.encoding) : null,
        f.headerRow ? (lang === 'vi' ? `dòng tiêu đề ${f.headerRow}` : `header row ${f.headerRow}`) : null,
      ]
        .filter(Boolean)
        .join(', ');
    ctx.say(
      msg(
        `${name} (${where('vi')}): ${f.rows} dòng thành viên; bỏ qua ${f.skipped.blank} dòng trống, ${f.skipped.footer} dòng cuối trang (tổng cộng, chữ ký).`,
        `${name} (${where('en')}): ${f.rows} member rows; skipped ${f.skipped.blank} blank rows, ${f.skipped.footer} footer rows (totals, signatures).`,
      ),
    );
    for (const n of f.notes) ctx.say(`  ${typeof n === 'string' ? n : ctx.t(n)}`);
  }
  const head = s.dryRun ? msg('Chạy thử (không ghi gì): ', 'Dry run (nothing written): ') : msg('', '');
  const how = sourceText(s.periodSource);
  const line = msg(
    `${head.vi}kỳ ${s.period} (${how.vi}), chế độ ${MODE[s.mode].vi}: ${s.rows} dòng; thêm ${s.added}, cập nhật ${s.updated}, ghi nhận đã rời ${s.left}.`,
    `${head.en}period ${s.period} (${how.en}), mode ${MODE[s.mode].en}: ${s.rows} rows; added ${s.added}, updated ${s.updated}, marked as left ${s.left}.`,
  );
  // A period the clerk did not type is part of the summary even with -q.
  if (s.periodSource.kind === 'option' || s.periodSource.kind === 'answer') ctx.say(line);
  else ctx.warn(line);
}
