/**
 * `roster init [--office NAME] [--jurisdiction CODES] [--units FILE]`: creates
 * the database (owner-only, current schema), records the office and the unit
 * codes it answers for, and loads the unit reference (the bundled sample when
 * --units is absent). All or nothing: on any error the new file is removed.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import type { App } from '../cli/app.js';
import type { Context } from '../cli/context.js';
import { InputError } from '../errors.js';
import { msg } from '../text/i18n.js';

export interface InitOptions {
  db: string;
  office?: string;
  /** Comma-separated unit codes of any level. */
  jurisdiction?: string;
  /** A unit file or folder; default the bundled sample. */
  units?: string;
}

/** The bundled hand-made sample (fixtures/units), beside src/ and dist/. */
export const SAMPLE_UNITS = fileURLToPath(new URL('../../fixtures/units', import.meta.url));

export function register(program: Command, app: App): void {
  program
    .command('init')
    .description(app.d(msg('tạo tệp cơ sở dữ liệu, ghi đơn vị quản lý và địa bàn, nạp danh mục đơn vị', 'create the database, record the office and its jurisdiction, load the unit reference')))
    .option('--office <name>', app.d(msg('tên cơ quan lập báo cáo', 'name of the office keeping the rosters')))
    .option('--jurisdiction <codes>', app.d(msg('mã đơn vị thuộc địa bàn, cách nhau bằng dấu phẩy (tỉnh, quận/huyện cũ hoặc phường/xã)', 'comma-separated unit codes the office answers for (province, former district or ward)')))
    .option('--units <file>', app.d(msg('tệp hoặc thư mục danh mục đơn vị (mặc định: mẫu đi kèm)', 'unit reference file or folder (default: the bundled sample)')))
    .action(app.action((ctx, o: Omit<InitOptions, 'db'>) => run(ctx, { db: ctx.opts.db, ...o })));
}

export interface InitResult {
  ok: true;
  db: string;
  office: string;
  jurisdiction: string[];
  units: { file: string; shape: string; changed: boolean; unitsAdded: number; successionsAdded: number; ms: number }[];
  counts: { units: number; successions: number };
}

export async function run(ctx: Context, opts: InitOptions): Promise<number> {
  const { openStore } = await import('../store/db.js');
  const { importUnitsPath } = await import('../units/load/index.js');
  const { createJurisdiction, parseJurisdiction } = await import('../units/resolver.js');
  const file = path.resolve(ctx.cwd, opts.db);
  const unitsPath = opts.units ? path.resolve(ctx.cwd, opts.units) : SAMPLE_UNITS;
  const existed = fs.existsSync(file) && fs.statSync(file).size > 0;
  const { db, created } = openStore(file, { create: true, busyTimeoutMs: ctx.settings.busyTimeoutMs });
  let ok = false;
  try {
    if (existed) {
      const n = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
      const office = n('SELECT count(*) AS n FROM office');
      const units = n('SELECT count(*) AS n FROM units');
      const rows = n('SELECT count(*) AS n FROM imports');
      if (office + units + rows > 0)
        throw new InputError(
          msg(`${opts.db} đã được khởi tạo (${units} đơn vị, ${rows} lần nhập danh sách); không ghi đè.`, `${opts.db} is already initialised (${units} units, ${rows} roster imports); it is not overwritten.`),
          msg('Chọn tệp khác bằng --db, hoặc tự xóa tệp cũ nếu thật sự muốn làm lại từ đầu.', 'Choose another file with --db, or delete the old file yourself if you really want to start over.'),
          file,
        );
    }
    const codes = parseJurisdiction(opts.jurisdiction ?? '');
    const office = (opts.office ?? '').normalize('NFC').trim();
    const results = db.transaction(() => {
      const r = importUnitsPath(db, unitsPath, { now: () => ctx.now() });
      const j = createJurisdiction(db, codes);
      if (j.unknownCodes.length > 0)
        throw new InputError(
          msg(`--jurisdiction: không có đơn vị nào mang mã ${j.unknownCodes.join(', ')} trong danh mục đã nạp.`, `--jurisdiction: no unit has the code ${j.unknownCodes.join(', ')} in the loaded reference.`),
          msg('Tìm mã bằng "roster units search TÊN" (ví dụ 760 là Quận 1 cũ, 79 là TP. Hồ Chí Minh).', 'Look codes up with "roster units search NAME" (e.g. 760 is former District 1, 79 is Ho Chi Minh City).'),
        );
      db.prepare('INSERT INTO office (id, name, jurisdiction, created_at) VALUES (1, ?, ?, ?)').run(office, codes.join(','), ctx.now().toISOString());
      return r;
    })();
    const count = (t: string) => (db.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n;
    const result: InitResult = {
      ok: true,
      db: file,
      office,
      jurisdiction: codes,
      units: results.map((r) => ({
        file: path.basename(r.file),
        shape: r.shape,
        changed: r.changed,
        unitsAdded: r.counts.unitsAdded,
        successionsAdded: r.counts.successionsAdded,
        ms: r.ms,
      })),
      counts: { units: count('units'), successions: count('successions') },
    };
    ok = true;
    if (ctx.opts.json) ctx.out(JSON.stringify(result, null, 2));
    else {
      ctx.say(msg(`Đã tạo ${opts.db}.`, `Created ${opts.db}.`));
      ctx.say(
        office
          ? msg(`Đơn vị quản lý: ${office}.`, `Office: ${office}.`)
          : msg('Chưa có tên đơn vị quản lý (dùng --office khi khởi tạo).', 'No office name recorded (give --office at init).'),
      );
      ctx.say(
        codes.length
          ? msg(`Địa bàn: ${codes.join(', ')}.`, `Jurisdiction: ${codes.join(', ')}.`)
          : msg('Địa bàn: toàn bộ (không giới hạn).', 'Jurisdiction: everywhere (no limit).'),
      );
      ctx.say(
        msg(
          `Danh mục đơn vị: ${result.counts.units} đơn vị, ${result.counts.successions} quan hệ kế thừa${opts.units ? '' : ' (mẫu đi kèm)'}.`,
          `Unit reference: ${result.counts.units} units, ${result.counts.successions} successions${opts.units ? '' : ' (bundled sample)'}.`,
        ),
      );
    }
    return 0;
  } finally {
    db.close();
    if (!ok && created) for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
  }
}
