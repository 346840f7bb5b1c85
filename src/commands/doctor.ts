/** `roster doctor`: schema version, integrity check, counts, the unit lists (vintages) loaded. */
import type { Command } from 'commander';
import type { App } from '../cli/app.js';
import type { Context } from '../cli/context.js';
import { msg } from '../text/i18n.js';

export interface DoctorOptions {
  db: string;
}

export interface DoctorResult {
  ok: boolean;
  db: string;
  schemaVersion: number;
  integrity: string[];
  counts: Record<string, number>;
  /** Each unit list loaded: its date, when it is in force, where it came from, how many units. */
  vintages: { vintage: string; validFrom: string | null; validTo: string | null; source: string; units: number; successionsOut: number }[];
}

export function register(program: Command, app: App): void {
  program.command('doctor').action(app.action((ctx) => run(ctx, { db: ctx.opts.db })));
}

const TABLES = ['unit_lists', 'units', 'successions', 'imports', 'source_rows', 'teams', 'members', 'memberships', 'events'] as const;

export async function run(ctx: Context, opts: DoctorOptions): Promise<number> {
  const { openStore, schemaVersion } = await import('../store/db.js');
  const { db } = openStore(opts.db, { readonly: true, busyTimeoutMs: ctx.settings.busyTimeoutMs });
  try {
    const integrity = (db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check);
    const counts: Record<string, number> = {};
    for (const t of TABLES) counts[t] = (db.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n;
    const vintages = db
      .prepare(
        `SELECT l.vintage, l.valid_from AS validFrom, l.valid_to AS validTo, l.source,
           (SELECT count(*) FROM units u WHERE u.vintage = l.vintage) AS units,
           (SELECT count(*) FROM successions s JOIN units u ON u.id = s.old_unit_id WHERE u.vintage = l.vintage) AS successionsOut
         FROM unit_lists l ORDER BY l.vintage`,
      )
      .all() as DoctorResult['vintages'];
    const result: DoctorResult = {
      ok: integrity.length === 1 && integrity[0] === 'ok',
      db: opts.db,
      schemaVersion: schemaVersion(db),
      integrity,
      counts,
      vintages,
    };
    if (ctx.opts.json) ctx.out(JSON.stringify(result, null, 2));
    else {
      ctx.out(ctx.t(msg(`Cơ sở dữ liệu: ${opts.db}`, `Database: ${opts.db}`)));
      ctx.out(ctx.t(msg(`Phiên bản lược đồ: ${result.schemaVersion}`, `Schema version: ${result.schemaVersion}`)));
      ctx.out(ctx.t(msg(`Kiểm tra toàn vẹn: ${integrity.join('; ')}`, `Integrity check: ${integrity.join('; ')}`)));
      for (const [k, v] of Object.entries(counts)) ctx.out(`  ${k.padEnd(14)} ${v}`);
      ctx.out(ctx.t(msg(`Danh mục đơn vị đã nạp: ${vintages.length}`, `Unit lists loaded: ${vintages.length}`)));
      for (const v of vintages)
        ctx.out(
          `  ${v.vintage}  [${v.validFrom ?? '…'} – ${v.validTo ?? '…'}]  ${ctx.t(msg(`${v.units} đơn vị, ${v.successionsOut} quan hệ kế thừa sang danh mục sau`, `${v.units} units, ${v.successionsOut} successions to a later list`))}  (${v.source})`,
        );
    }
    return result.ok ? 0 : 3;
  } finally {
    db.close();
  }
}
