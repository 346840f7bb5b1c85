/** `roster import FILE…`: rosters into the database, one transaction per invocation. */
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import type { App } from '../cli/app.js';
import type { Context } from '../cli/context.js';
import { InputError, UsageError } from '../errors.js';
import type { HeaderResult, SavedMap } from '../importer/header.js';
import type { ImportSummary } from '../importer/import.js';
import { msg } from '../text/i18n.js';
import { parsePeriod, periodEnd, periodOf } from '../text/period.js';

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
    .argument('<files...>', d(msg('các tệp danh sách', 'roster files')))
    .option('--period <YYYY-MM>', d(msg('kỳ (tháng) mà danh sách nói về; mặc định tháng hiện tại', 'the month the rosters speak of; default this month')))
    .option('--sheet <name>', d(msg('tên trang tính (XLSX)', 'sheet name (XLSX)')))
    .option('--header-row <n>', d(msg('số dòng tiêu đề, nếu không tự tìm được', 'header row number, when detection fails')))
    .option('--map <file>', d(msg('tệp ánh xạ cột MAP.json đã lưu', 'saved column mapping MAP.json')))
    .option('--save-map <file>', d(msg('lưu ánh xạ cột để dùng tháng sau', 'save the column mapping for next month')))
    .option('--encoding <name>', d(msg('bảng mã: utf-8, utf-16le, utf-16be, windows-1258, tcvn3, vni', 'encoding: utf-8, utf-16le, utf-16be, windows-1258, tcvn3, vni')))
    .option('--mode <mode>', d(msg('sync: tệp là danh sách đầy đủ (người vắng được ghi là đã rời); append: chỉ thêm và cập nhật', 'sync: the file is the complete roster (absent people marked as left); append: add and update only')), 'sync')
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
  if (s !== 'sync' && s !== 'append') throw new UsageError(msg(`--mode phải là sync hoặc append, không phải "${s}".`, `--mode must be sync or append, not "${s}".`));
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
  const period = opts.period ? parsePeriod(opts.period) : periodOf(ctx.now());
  for (const f of opts.files) {
    if (!fs.existsSync(f) || !fs.statSync(f).isFile()) {
      throw new InputError(msg(`Không tìm thấy tệp ${f}.`, `File not found: ${f}.`), msg('Kiểm tra tên và đường dẫn tệp.', 'Check the file name and path.'), f);
    }
  }
  const map = opts.map ? readMap(opts.map) : undefined;
  const [{ openStore }, { importRosters }, { createResolver, loadOffice }, { FIELD_LABELS }] = await Promise.all([
    import('../store/db.js'),
    import('../importer/import.js'),
    import('../units/resolver.js'),
    import('../importer/fields.js'),
  ]);
  const { db } = openStore(ctx.opts.db);
  try {
    const office = loadOffice(db);
    const resolver = createResolver(db, { asOf: periodEnd(period), jurisdiction: office?.jurisdiction ?? [] });
    if (!opts.period) ctx.say(msg(`Kỳ không được chỉ định: dùng tháng hiện tại ${period} (--period để đổi).`, `No period given: using this month, ${period} (--period to change).`));
    const bar = ctx.io.stderrIsTTY && !ctx.opts.quiet && !ctx.opts.json ? await progressBar(ctx) : undefined;
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
        onProgress: bar ? (n) => bar.update(n) : undefined,
        askMapping: async (file, header) => {
          if (!ctx.interactive) return null;
          bar?.stop();
          const p = await ctx.prompter();
          const answer = mapOf(header, opts.sheet);
          ctx.say(msg(`${path.basename(file)}: chưa nhận ra một số cột bắt buộc.`, `${path.basename(file)}: some required columns were not recognised.`));
          for (const field of header.missing) {
            const choice = await p.select<number>({
              message: ctx.t(msg(`Cột nào là "${FIELD_LABELS[field].vi}"?`, `Which column is "${FIELD_LABELS[field].en}"?`)),
              choices: [
                ...header.headers.map((h) => ({ name: `${h.column}: ${h.header || '(trống)'}`, value: h.index })),
                { name: ctx.t(msg('(không có cột này: hủy)', '(no such column: cancel)')), value: -1 },
              ],
            });
            if (choice < 0) return null;
            const h = header.headers.find((x) => x.index === choice);
            if (h) answer.columns[h.header] = field;
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
    await printSummary(ctx, summary);
    return 0;
  } finally {
    db.close();
  }
}

async function progressBar(ctx: Context) {
  const { default: cliProgress } = await import('cli-progress');
  const started = Date.now();
  const bar = new cliProgress.SingleBar(
    {
      stream: ctx.io.stderr as NodeJS.WritableStream,
      format: ctx.t(msg('Đang nhập {value} dòng ({speed} dòng/giây)', 'Importing {value} rows ({speed} rows/s)')),
      hideCursor: true,
      clearOnComplete: true,
      // We decide ourselves that stderr is a terminal (ctx.io), so render on the stream we are given.
      noTTYOutput: true,
      notTTYSchedule: 200,
    },
    cliProgress.Presets.shades_classic,
  );
  let running = false;
  return {
    update(n: number) {
      const speed = Math.round(n / Math.max(0.001, (Date.now() - started) / 1000));
      if (!running) {
        bar.start(0, n, { speed });
        running = true;
      }
      bar.update(n, { speed });
    },
    stop() {
      if (running) bar.stop();
      running = false;
    },
  };
}

async function printSummary(ctx: Context, s0: ImportSummary): Promise<void> {
  const { maskDigits } = await import('../privacy/mask.js');
  // Personal IDs of the people leaving are masked in every output.
  const s: ImportSummary = s0.changes
    ? { ...s0, changes: { ...s0.changes, leaving: s0.changes.leaving.map((l) => ({ ...l, personId: l.personId ? maskDigits(l.personId) : null })) } }
    : s0;
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
    const where = [f.sheet ? `sheet "${f.sheet}"` : null, f.encoding ?? null, f.headerRow ? `header row ${f.headerRow}` : null].filter(Boolean).join(', ');
    ctx.say(
      msg(
        `${name} (${where}): ${f.rows} dòng thành viên; bỏ qua ${f.skipped.blank} dòng trống, ${f.skipped.footer} dòng cuối trang (tổng cộng, chữ ký).`,
        `${name} (${where}): ${f.rows} member rows; skipped ${f.skipped.blank} blank rows, ${f.skipped.footer} footer rows (totals, signatures).`,
      ),
    );
    for (const n of f.notes) ctx.say(`  ${n}`);
  }
  const head = s.dryRun ? msg('Chạy thử (không ghi gì): ', 'Dry run (nothing written): ') : msg('', '');
  ctx.say(
    ctx.t(head) +
      ctx.t(
        msg(
          `kỳ ${s.period}, chế độ ${s.mode}: ${s.rows} dòng; thêm ${s.added}, cập nhật ${s.updated}.`,
          `period ${s.period}, mode ${s.mode}: ${s.rows} rows; added ${s.added}, updated ${s.updated}.`,
        ),
      ),
  );
  const c = s.changes;
  if (!c) return;
  if (c.previous === null) {
    ctx.say(msg(`Kỳ ${s.period} là mốc ban đầu (chưa có kỳ nào trước đó): chưa tính vào tổ, rời tổ, chuyển tổ.`, `${s.period} is the starting point (no earlier period): no joins, leavers or moves yet.`));
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
    ctx.say(msg(s.dryRun ? `Sẽ ghi nhận rời tổ (${c.leaving.length}):` : `Rời tổ do lần nhập này (${c.leaving.length}):`, s.dryRun ? `Would be recorded as left (${c.leaving.length}):` : `Left by this import (${c.leaving.length}):`));
    for (const l of c.leaving) {
      const last = l.source ? `${l.source.file}${l.source.sheet ? ` [${l.source.sheet}]` : ''} ${ctx.t(msg('dòng', 'row'))} ${l.source.row}` : '';
      ctx.say(`  ${l.fullName}${l.personId ? ` ${l.personId}` : ''}  ${l.team.label}  (${last})`);
    }
  }
}
