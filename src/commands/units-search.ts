/** `roster units search TEXT [--limit N]`: diacritics-, case- and prefix-insensitive unit search. */
import path from 'node:path';
import type { Command } from 'commander';
import type { App } from '../cli/app.js';
import type { Context } from '../cli/context.js';
import { UsageError } from '../errors.js';
import { msg } from '../text/i18n.js';
import { becameText, place } from '../units/describe.js';

export interface UnitsSearchOptions {
  db: string;
  text: string;
  limit: number;
}

export function register(parent: Command, app: App): void {
  parent
    .command('search')
    .argument(app.d(msg('<chữ...>', '<text...>')), app.d(msg('tên cần tìm, ví dụ "da kao"', 'name to look for, e.g. "da kao"')))
    .option('--limit <n>', app.d(msg('số kết quả tối đa', 'maximum number of results (default 20)')), '20')
    .action(
      app.action((ctx, text: string[], o: { limit: string }) => {
        const limit = Number(o.limit);
        if (!Number.isInteger(limit) || limit < 1)
          throw new UsageError(msg(`--limit phải là số nguyên dương, không phải "${o.limit}".`, `--limit must be a positive whole number, not "${o.limit}".`));
        return run(ctx, { db: ctx.opts.db, text: text.join(' '), limit });
      }),
    );
}

export async function run(ctx: Context, opts: UnitsSearchOptions): Promise<number> {
  const { openStore } = await import('../store/db.js');
  const { searchUnits, isoDate } = await import('../units/search.js');
  const { db } = openStore(path.resolve(ctx.cwd, opts.db), { readonly: true, busyTimeoutMs: ctx.settings.busyTimeoutMs });
  try {
    const { hits, total } = searchUnits(db, opts.text, { limit: opts.limit, today: isoDate(ctx.now()) });
    if (ctx.opts.json) {
      ctx.out(JSON.stringify({ ok: true, query: opts.text, total, hits }, null, 2));
      return 0;
    }
    if (hits.length === 0) {
      ctx.say(msg(`Không tìm thấy đơn vị nào khớp "${opts.text}".`, `No unit matches "${opts.text}".`));
      return 0;
    }
    for (const h of hits) {
      const where = place(h);
      const state = h.retired ? ctx.t(msg(`cũ, hết hiệu lực từ ${h.validTo}`, `old, retired ${h.validTo}`)) : ctx.t(msg('đang hiệu lực', 'in force'));
      ctx.out(`${h.code.padEnd(6)} ${h.name}${where ? ` — ${where}` : ''}  [${ctx.t(msg('danh mục', 'list'))} ${h.vintage}; ${state}]`);
      for (const b of h.became ?? []) ctx.out(`       ${ctx.t(msg('nay', 'now'))}: ${becameText(b, ctx.opts.lang)}`);
    }
    if (total > hits.length) ctx.say(msg(`… và ${total - hits.length} kết quả khác (--limit).`, `… and ${total - hits.length} more (--limit).`));
    return 0;
  } finally {
    db.close();
  }
}
