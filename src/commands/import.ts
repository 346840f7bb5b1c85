/** `roster import FILE…`: rosters into the database, one transaction per invocation. */
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import type { App } from '../cli/app.js';
import type { Context } from '../cli/context.js';
import { InputError, UsageError } from '../errors.js';
import type { HeaderResult, SavedMap } from '../importer/header.js';
import type { FileSummary, ImportSummary, LayoutQuestion } from '../importer/import.js';
import { SKIP_LABELS, type SkipReason } from '../importer/layout.js';
import type { PeriodSource } from '../importer/period.js';
import type { SourceRow } from '../readers/types.js';
import { msg, type Msg } from '../text/i18n.js';
import { periodOption } from '../cli/options.js';
import { parsePeriod, periodEnd, periodsInFileName, previousPeriod } from '../text/period.js';

export interface ImportCommandOptions {
  files: string[];
  period?: string;
  /** --sheet, repeatable: only these sheets. */
  sheets?: string[];
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
    .argument(d(msg('<tệp...>', '<files...>')), d(msg('các tệp danh sách', 'roster files')))
    .addOption(
      periodOption(
        app.lang,
        '--period',
        msg('kỳ (tháng) mà danh sách nói về', 'the month the rosters speak of'),
        msg(
          'theo tên tệp, rồi theo tiêu đề danh sách; không rõ thì hỏi (không có màn hình tương tác: dừng, mã 2)',
          'from the file name, else the title of the roster; asked when unclear (exit 2 without a terminal)',
        ),
      ),
    )
    .option(
      '--sheet <name>',
      d(msg('chỉ nhập trang tính này (lặp lại được); mặc định mọi trang có dạng danh sách', 'import only this sheet (repeatable); default every roster-shaped sheet')),
      (v: string, prev: string[] = []) => [...prev, v],
    )
    .option('--header-row <n>', d(msg('số dòng tiêu đề, nếu không tự tìm được', 'header row number, when detection fails')))
    .option('--map <file>', d(msg('tệp ánh xạ cột MAP.json đã lưu', 'saved column mapping MAP.json')))
    .option('--save-map <file>', d(msg('lưu ánh xạ cột để dùng tháng sau', 'save the column mapping for next month')))
    .option('--encoding <name>', d(msg('bảng mã: utf-8, utf-16le, utf-16be, windows-1258, tcvn3, vni', 'encoding: utf-8, utf-16le, utf-16be, windows-1258, tcvn3, vni')))
    .option(
      '--mode <mode>',
      d(
        msg(
          '"sync" (đồng bộ): tệp là danh sách đầy đủ của các tổ có trong tệp (người vắng được ghi là đã rời); "append" (bổ sung): chỉ thêm và cập nhật',
          'sync: the file is the complete roster (absent people marked as left); append: add and update only',
        ),
      ),
      'sync',
    )
    .option('--dry-run', d(msg('chỉ cho biết sẽ thay đổi gì, không ghi', 'show what would change; write nothing')))
    .action(
      app.action((ctx, files: string[], o: Record<string, string | boolean | undefined>) =>
        run(ctx, {
          files,
          period: o.period as string | undefined,
          sheets: o.sheet as unknown as string[] | undefined,
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
  if (!Number.isInteger(n) || n < 1)
    throw new UsageError(msg(`--header-row phải là số dòng (1, 2, …), không phải "${s}".`, `--header-row must be a row number (1, 2, …), not "${s}".`));
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
  const isRecord = (v: unknown) => v === undefined || (typeof v === 'object' && v !== null && !Array.isArray(v));
  if (!m || typeof m !== 'object' || (m.version !== 1 && m.version !== 2) || typeof m.columns !== 'object' || m.columns === null || !isRecord(m.sheets) || !isRecord(m.sections)) {
    throw new InputError(
      msg(
        `Tệp ánh xạ ${file} không đúng dạng (cần {"version": 2, "columns": {...}}, xem README).`,
        `The mapping file ${file} has the wrong shape (expected {"version": 2, "columns": {...}}, see the README).`,
      ),
      undefined,
      file,
    );
  }
  return m;
}

function mapOf(header: HeaderResult, sheet?: string): SavedMap {
  const columns: SavedMap['columns'] = {};
  for (const c of header.columns) columns[c.header] = c.field;
  return { version: 2, sheet, headerRow: header.headerRow, columns };
}

/** Columns read as a layout (split name, Nam/Nữ) are found again by their headers: the map keeps only plain columns. */
function plainColumns(f: FileSummary): SavedMap['columns'] {
  const l = f.layout;
  const special = new Set<number>([
    ...(l?.nameParts ?? []).map((c) => c.index),
    ...(l?.dobByGender ? [l.dobByGender.male.index, l.dobByGender.female.index] : []),
    ...(l?.genderMarks ? [l.genderMarks.male.index, l.genderMarks.female.index] : []),
  ]);
  const out: SavedMap['columns'] = {};
  for (const c of f.columns) if (!special.has(c.index)) out[c.header] = c.field;
  return out;
}

/** MAP.json version 2 (README § Importing): the map read with --map, updated with this run's columns and answers. */
function savedMap(s: ImportSummary, read: SavedMap | undefined, sheets: string[] | undefined): SavedMap {
  const imported = s.files;
  const columns: SavedMap['columns'] = { ...(read?.columns ?? {}) };
  for (const f of imported) Object.assign(columns, plainColumns(f));
  const rows = new Set(imported.map((f) => f.headerRow));
  const out: SavedMap = { version: 2, columns };
  if (sheets?.length === 1) out.sheet = sheets[0];
  else if (read?.sheet && !sheets) out.sheet = read.sheet;
  const headerRow = rows.size === 1 ? [...rows][0] : undefined;
  if (headerRow) out.headerRow = headerRow;
  const sheetAnswers = { ...(read?.sheets ?? {}), ...s.answers.sheets };
  const sectionAnswers = { ...(read?.sections ?? {}), ...s.answers.sections };
  if (Object.keys(sheetAnswers).length) out.sheets = sheetAnswers;
  if (Object.keys(sectionAnswers).length) out.sections = sectionAnswers;
  return out;
}

/** Every file named exists and is a file, before anything is read. */
function assertFilesExist(files: string[]): void {
  for (const f of files) {
    if (!fs.existsSync(f) || !fs.statSync(f).isFile()) {
      throw new InputError(msg(`Không tìm thấy tệp ${f}.`, `File not found: ${f}.`), msg('Kiểm tra tên và đường dẫn tệp.', 'Check the file name and path.'), f);
    }
  }
}

/**
 * The clerk's answer for the required columns a file's header lacks: each
 * asked in turn, the column that looks like the field offered first; null
 * cancels the import.
 */
async function askColumns(ctx: Context, file: string, header: HeaderResult, sheet: string | undefined, sample: SourceRow[]): Promise<SavedMap | null> {
  const [{ FIELD_LABELS }, { guessColumn }] = await Promise.all([import('../roster/fields.js'), import('../importer/column-guess.js')]);
  const p = await ctx.prompter();
  const answer = mapOf(header, sheet);
  const taken = new Set(header.columns.map((c) => c.index));
  const where = sheet ? ` ("${sheet}")` : '';
  ctx.say(msg(`${path.basename(file)}${where}: chưa nhận ra một số cột bắt buộc.`, `${path.basename(file)}${where}: some required columns were not recognised.`));
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
}

/** The column mapping kept for --save-map, written atomically. */
async function saveMap(ctx: Context, file: string, map: SavedMap): Promise<void> {
  const { writeTextAtomically } = await import('../safety/atomic.js');
  const json = `${JSON.stringify(map, null, 2)}\n`;
  await writeTextAtomically(path.resolve(ctx.cwd, file), [json], { fault: ctx.settings.fault });
  ctx.say(msg(`Đã lưu ánh xạ cột vào ${file}.`, `Saved the column mapping to ${file}.`));
}

export async function run(ctx: Context, opts: ImportCommandOptions): Promise<number> {
  const given = opts.period === undefined ? undefined : parsePeriod(opts.period);
  assertFilesExist(opts.files);
  // Output paths are checked before anything is read or written (--save-map may name the --map file).
  if (opts.saveMap !== undefined) {
    const { checkOutput } = await import('../safety/paths.js');
    checkOutput(opts.saveMap, {
      cwd: ctx.cwd,
      flag: '--save-map',
      db: ctx.opts.db,
      inputs: [...opts.files, ...(opts.map ? [opts.map] : [])],
      mayReplace: opts.map ? [opts.map] : [],
    });
  }
  const map = opts.map ? readMap(opts.map) : undefined;
  const { period, source } = given ? checkGivenPeriod(ctx, given, opts.files) : await inferPeriod(ctx, opts, map);
  const [{ openStore }, { importRosters }, { createResolver, loadOffice }] = await Promise.all([
    import('../store/db.js'),
    import('../importer/import.js'),
    import('../units/resolver.js'),
  ]);
  const { db } = openStore(ctx.opts.db, { fault: ctx.settings.fault, busyTimeoutMs: ctx.settings.busyTimeoutMs });
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
        sheets: opts.sheets,
        headerRow: opts.headerRow,
        map,
        encoding: opts.encoding,
        now: () => ctx.now(),
        resolver,
        cacheKib: ctx.settings.importCacheKib,
        onProgress: bar ? (n, at) => bar.update(n, at) : undefined,
        askLayout: ctx.interactive
          ? async (q) => {
              bar?.stop();
              return askLayout(ctx, q);
            }
          : undefined,
        askMapping: async (file, header, sheet, sample) => {
          if (!ctx.interactive) return null;
          bar?.stop();
          return askColumns(ctx, file, header, sheet, sample);
        },
      });
    } finally {
      bar?.stop();
    }
    if (opts.saveMap && summary.files.length > 0) await saveMap(ctx, opts.saveMap, savedMap(summary, map, opts.sheets));
    await printSummary(ctx, { ...summary, periodSource: source });
    return 0;
  } finally {
    db.close();
  }
}

/** One question about an ambiguous layout, through the prompter; the answer is kept for --save-map. */
async function askLayout(ctx: Context, q: LayoutQuestion): Promise<boolean> {
  const p = await ctx.prompter();
  const file = path.basename(q.file);
  if (q.kind === 'sheet') {
    const cols = q.header.columns.map((c) => c.header).join(', ');
    return p.select<boolean>({
      message: ctx.t(
        msg(
          `${file}: trang tính "${q.sheet}" có các cột ${cols} nhưng thiếu cột bắt buộc. Có nhập trang này như một danh sách thành viên không?`,
          `${file}: sheet "${q.sheet}" has the columns ${cols} but lacks required ones. Import it as a roster?`,
        ),
      ),
      choices: [
        { name: ctx.t(msg('Có, đây là danh sách thành viên', 'Yes, it is a roster')), value: true },
        { name: ctx.t(msg('Không, bỏ qua trang này', 'No, skip this sheet')), value: false },
      ],
    });
  }
  const where = q.sheet ? ` "${q.sheet}"` : '';
  return p.select<boolean>({
    message: ctx.t(
      msg(
        `${file}${where} dòng ${q.row}: "${q.text}" là tên khu phố/ấp của các dòng bên dưới?`,
        `${file}${where} row ${q.row}: does "${q.text}" name the khu phố of the rows below?`,
      ),
    ),
    choices: [
      { name: ctx.t(msg('Có, là khu phố/ấp của các dòng bên dưới', 'Yes, the khu phố of the rows below')), value: true },
      { name: ctx.t(msg('Không, chỉ là dòng tiêu đề: bỏ qua', 'No, only a heading: skip it')), value: false },
    ],
  });
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
  for (const f of opts.files) evidence.push(await fileEvidence(f, { sheet: opts.sheets?.[0], encoding: opts.encoding, map, headerRow: opts.headerRow }));
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
      msg(
        'Chỉ định kỳ bằng --period YYYY-MM, ví dụ --period 2026-11. (-y không tự chọn kỳ.)',
        'Give it with --period YYYY-MM, e.g. --period 2026-11. (-y does not choose a month.)',
      ),
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

/** "3, 5–7" from sorted row numbers. */
function rowRanges(rows: number[]): string {
  const out: string[] = [];
  for (let i = 0; i < rows.length; ) {
    let j = i;
    while (j + 1 < rows.length && rows[j + 1] === (rows[j] ?? NaN) + 1) j++;
    out.push(j > i ? `${rows[i]}–${rows[j]}` : `${rows[i]}`);
    i = j + 1;
  }
  return out.join(', ');
}

/** Rows not imported, per reason, with their row numbers (the first 200 row numbers per reason; --json has all). */
function skippedLines(ctx: Context, rows: { row: number; reason: SkipReason }[]): string[] {
  const by = new Map<SkipReason, number[]>();
  for (const r of rows) by.set(r.reason, [...(by.get(r.reason) ?? []), r.row]);
  const lines: string[] = [];
  for (const [reason, list] of by) {
    const shown = rowRanges(list.slice(0, 200)) + (list.length > 200 ? ' …' : '');
    lines.push(ctx.t(msg(`  bỏ qua ${list.length} dòng ${SKIP_LABELS[reason].vi}: dòng ${shown}`, `  skipped ${list.length} rows (${SKIP_LABELS[reason].en}): rows ${shown}`)));
  }
  return lines;
}

const SHEET_REASON: Record<ImportSummary['sheetsSkipped'][number]['reason'], { vi: string; en: string }> = {
  hidden: { vi: 'trang ẩn', en: 'hidden' },
  'not-a-roster': { vi: 'không phải danh sách thành viên', en: 'not a roster' },
  answered: { vi: 'bỏ qua theo câu trả lời/MAP.json', en: 'skipped as answered (or MAP.json)' },
  empty: { vi: 'không có dòng thành viên', en: 'no member rows' },
};

/** What one file (or sheet) gave: its rows, the rows skipped and why, where the khu phố came from, duplicate columns, notes. */
function printFileSummary(ctx: Context, f: FileSummary, period: string): void {
  const name = path.basename(f.file);
  const sheet = f.sheet ? ` "${f.sheet}"` : '';
  if (f.status === 'unchanged') {
    ctx.say(
      msg(
        `${name}${sheet}: đã nhập đúng tệp (trang) này cho kỳ ${period} (lần nhập #${f.previousImportId}); không có gì thay đổi.`,
        `${name}${sheet}: these exact bytes (this sheet) were already imported for ${period} (import #${f.previousImportId}); nothing changed.`,
      ),
    );
    return;
  }
  const where = (lang: 'vi' | 'en') =>
    [
      f.sheet ? (lang === 'vi' ? `trang tính "${f.sheet}"` : `sheet "${f.sheet}"`) : null,
      f.encoding ? (lang === 'vi' ? `bảng mã ${f.encoding}` : f.encoding) : null,
      f.headerRow ? (lang === 'vi' ? `dòng tiêu đề ${f.headerRow}` : `header row ${f.headerRow}`) : null,
    ]
      .filter(Boolean)
      .join(', ');
  const skipped = f.skippedRows.length;
  ctx.say(msg(`${name} (${where('vi')}): ${f.rows} dòng thành viên; bỏ qua ${skipped} dòng.`, `${name} (${where('en')}): ${f.rows} member rows; skipped ${skipped} rows.`));
  for (const line of skippedLines(ctx, f.skippedRows)) ctx.say(line);
  if (f.neighbourhoodFrom === 'sections') ctx.say(msg('  khu phố lấy từ các dòng tên khu phố/ấp', '  khu phố taken from the section rows'));
  if (f.neighbourhoodFrom === 'sheet-name') ctx.say(msg(`  khu phố lấy từ tên trang tính "${f.sheet}"`, `  khu phố taken from the sheet name "${f.sheet}"`));
  for (const d of f.layout?.duplicates ?? []) {
    const first = f.columns.find((c) => c.field === d.field);
    ctx.warn(
      msg(
        `  ${name}${sheet}: cột ${d.column} "${d.header}" trùng nội dung với cột ${first?.column} "${first?.header}"; chỉ đọc cột ${first?.column} (validate báo column.duplicate).`,
        `  ${name}${sheet}: column ${d.column} "${d.header}" maps to the same field as column ${first?.column} "${first?.header}"; only ${first?.column} is read (validate reports column.duplicate).`,
      ),
    );
  }
  for (const n of f.notes) ctx.say(`  ${typeof n === 'string' ? n : ctx.t(n)}`);
}

/** The sheets not imported, with why and the rows under their header. */
function printSkippedSheets(ctx: Context, sheetsSkipped: ImportSummary['sheetsSkipped']): void {
  for (const k of sheetsSkipped) {
    const why = SHEET_REASON[k.reason];
    const rows = k.skippedRows?.length ? ctx.t(msg(` (${k.skippedRows.length} dòng dưới tiêu đề)`, ` (${k.skippedRows.length} rows under the header)`)) : '';
    ctx.say(msg(`${path.basename(k.file)}: bỏ qua trang "${k.sheet}": ${why.vi}${rows}.`, `${path.basename(k.file)}: sheet "${k.sheet}" skipped: ${why.en}${rows}.`));
    if (k.skippedRows) for (const line of skippedLines(ctx, k.skippedRows)) ctx.say(line);
  }
}

/** The month's joins, moves and leavers so far, and who this import records as left. */
function printChanges(ctx: Context, s: ImportSummary): void {
  const c = s.changes;
  if (!c) return;
  if (c.previous === null) {
    ctx.say(
      msg(
        `Kỳ ${s.period} là mốc ban đầu (chưa có kỳ nào trước đó): chưa tính vào tổ, rời tổ, chuyển tổ.`,
        `${s.period} is the starting point (no earlier period): no joins, leavers or moves yet.`,
      ),
    );
    return;
  }
  ctx.say(
    msg(
      `So với kỳ ${c.previous}, tính đến nay cho kỳ ${s.period}: vào tổ ${c.joined}, chuyển tổ ${c.moved}, rời tổ ${c.left}` +
        (s.left > 0 ? ` (lần nhập này: ${s.left})` : '') +
        `; chưa có trong các tệp đã nhập cho kỳ này: ${c.notYetListed} người (${c.teamsMissing} tổ chưa nộp danh sách).`,
      `Compared with ${c.previous}, so far for ${s.period}: joined ${c.joined}, moved ${c.moved}, left ${c.left}` +
        (s.left > 0 ? ` (this import: ${s.left})` : '') +
        `; not in the files imported so far for this period: ${c.notYetListed} people (${c.teamsMissing} teams without a roster yet).`,
    ),
  );
  if (c.leaving.length > 0) {
    ctx.say(
      msg(
        s.dryRun ? `Sẽ ghi nhận rời tổ (${c.leaving.length}):` : `Rời tổ do lần nhập này (${c.leaving.length}):`,
        s.dryRun ? `Would be recorded as left (${c.leaving.length}):` : `Left by this import (${c.leaving.length}):`,
      ),
    );
    for (const l of c.leaving) {
      const last = l.source ? `${l.source.file}${l.source.sheet ? ` [${l.source.sheet}]` : ''} ${ctx.t(msg('dòng', 'row'))} ${l.source.row}` : '';
      ctx.say(`  ${l.fullName}${l.personId ? ` ${l.personId}` : ''}  ${l.team.label}  (${last})`);
    }
  }
}

async function printSummary(ctx: Context, s0: ImportSummary & { periodSource: PeriodSource }): Promise<void> {
  const { maskDigits } = await import('../privacy/mask.js');
  // Personal IDs of the people leaving are masked in every output.
  const s: ImportSummary & { periodSource: PeriodSource } = s0.changes
    ? { ...s0, changes: { ...s0.changes, leaving: s0.changes.leaving.map((l) => ({ ...l, personId: l.personId ? maskDigits(l.personId) : null })) } }
    : s0;
  if (ctx.opts.json) {
    ctx.out(JSON.stringify(s, null, 2));
    return;
  }
  for (const f of s.files) printFileSummary(ctx, f, s.period);
  printSkippedSheets(ctx, s.sheetsSkipped);
  const head = s.dryRun ? msg('Chạy thử (không ghi gì): ', 'Dry run (nothing written): ') : msg('', '');
  const how = sourceText(s.periodSource);
  const line = msg(
    `${head.vi}kỳ ${s.period} (${how.vi}), chế độ ${MODE[s.mode].vi}: ${s.rows} dòng; thêm ${s.added}, cập nhật ${s.updated}.`,
    `${head.en}period ${s.period} (${how.en}), mode ${MODE[s.mode].en}: ${s.rows} rows; added ${s.added}, updated ${s.updated}.`,
  );
  // A period the clerk did not type is part of the summary even with -q.
  if (s.periodSource.kind === 'option' || s.periodSource.kind === 'answer') ctx.say(line);
  else ctx.warn(line);
  printChanges(ctx, s);
}
