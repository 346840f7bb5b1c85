/** `roster units import FILE [--as-of DATE] [--legal-basis FILE]`: loads unit reference data. */
import path from 'node:path';
import type { Command } from 'commander';
import type { App } from '../cli/app.js';
import type { Context } from '../cli/context.js';
import { msg } from '../text/i18n.js';
import type { ImportUnitsResult } from '../units/load/index.js';

export interface UnitsImportOptions {
  db: string;
  /** A file, or a folder of .csv/.json files. */
  file: string;
  asOf?: string;
  legalBasis?: string;
}

export function register(parent: Command, app: App): void {
  parent
    .command('import')
    .argument(app.d(msg('<tệp>', '<file>')), app.d(msg('tệp (hoặc thư mục) cần nạp', 'file (or folder) to load')))
    .option(
      '--as-of <date>',
      app.d(
        msg(
          'ngày của danh mục (danh mục ba cấp) hoặc ngày hiệu lực (bảng sắp xếp; mặc định 2025-07-01)',
          'date of the list (three-level list) or effective date (mapping; default 2025-07-01)',
        ),
      ),
    )
    .option(
      '--legal-basis <file>',
      app.d(msg('CSV tỉnh → nghị quyết, gán căn cứ pháp lý cho các quan hệ kế thừa', 'CSV province → resolution giving every succession its legal basis')),
    )
    .action(app.action((ctx, file: string, o: { asOf?: string; legalBasis?: string }) => run(ctx, { db: ctx.opts.db, file, asOf: o.asOf, legalBasis: o.legalBasis })));
}

export async function run(ctx: Context, opts: UnitsImportOptions): Promise<number> {
  const { openStore } = await import('../store/db.js');
  const { importUnitsPath } = await import('../units/load/index.js');
  const file = path.resolve(ctx.cwd, opts.file);
  const legalBasis = opts.legalBasis ? path.resolve(ctx.cwd, opts.legalBasis) : undefined;
  const { db } = openStore(path.resolve(ctx.cwd, opts.db), { busyTimeoutMs: ctx.settings.busyTimeoutMs });
  try {
    const results = db.transaction(() => importUnitsPath(db, file, { asOf: opts.asOf, legalBasis, now: () => ctx.now() }))();
    if (ctx.opts.json) ctx.out(JSON.stringify({ ok: true, results: results.map((r) => ({ ...r, file: path.basename(r.file) })) }, null, 2));
    else for (const r of results) ctx.say(describe(r));
    return 0;
  } finally {
    db.close();
  }
}

export function describe(r: ImportUnitsResult) {
  const name = path.basename(r.file);
  const c = r.counts;
  if (!r.changed)
    return msg(
      `${name}: không có gì thay đổi (đã nạp trước đó: ${c.unitsUnchanged} đơn vị, ${c.successionsUnchanged} quan hệ kế thừa giữ nguyên).`,
      `${name}: nothing changed (already loaded: ${c.unitsUnchanged} units, ${c.successionsUnchanged} successions as they were).`,
    );
  const vi: string[] = [];
  const en: string[] = [];
  if (c.unitsAdded + c.unitsUpdated > 0) {
    vi.push(`${c.unitsAdded} đơn vị mới, ${c.unitsUpdated} cập nhật`);
    en.push(`${c.unitsAdded} units added, ${c.unitsUpdated} updated`);
  }
  if (c.successionsAdded + c.successionsUpdated > 0) {
    vi.push(`${c.successionsAdded} quan hệ kế thừa mới, ${c.successionsUpdated} cập nhật`);
    en.push(`${c.successionsAdded} successions added, ${c.successionsUpdated} updated`);
  }
  if (c.legalBasisUpdated > 0) {
    vi.push(`căn cứ pháp lý gán cho ${c.legalBasisUpdated} quan hệ kế thừa`);
    en.push(`legal basis set on ${c.legalBasisUpdated} successions`);
  }
  if (vi.length === 0) {
    vi.push('cập nhật ngày hiệu lực của danh mục');
    en.push('validity dates of the lists updated');
  }
  const v = r.vintages.length ? ` [${r.vintages.join(' → ')}]` : '';
  return msg(`${name}${v}: ${vi.join('; ')} (${r.ms} ms).`, `${name}${v}: ${en.join('; ')} (${r.ms} ms).`);
}
