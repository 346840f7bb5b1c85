/**
 * `roster history --member ID | --team ID`: a member's or a team's changes,
 * each with the file, sheet and row it came from. Personal IDs are masked
 * unless --include-pii is given.
 */
import type { Command } from 'commander';
import type { App } from '../cli/app.js';
import { withMaskedOut, type Context } from '../cli/context.js';
import { InputError, UsageError } from '../errors.js';
import type { EventLine } from '../history/history.js';
import { msg, type Msg } from '../text/i18n.js';

export interface HistoryOptions {
  db: string;
  member?: string;
  team?: string;
  includePii: boolean;
}

export function register(program: Command, app: App): void {
  program
    .command('history')
    .description(app.d(msg('lịch sử thay đổi của một thành viên hoặc một tổ, kèm tệp và dòng gốc', 'what changed for a member or a team, with the file and row each change came from')))
    .option('--member <id>', app.d(msg('số CCCD hoặc mã thành viên', 'personal ID or member id')))
    .option('--team <id>', app.d(msg('mã tổ', 'team id')))
    .option('--include-pii', app.d(msg('hiện đầy đủ số CCCD', 'show personal IDs in full')))
    .action(
      app.action((ctx, o: { member?: string; team?: string; includePii?: boolean }) =>
        run(ctx, { db: ctx.opts.db, member: o.member, team: o.team, includePii: Boolean(o.includePii) }),
      ),
    );
}

const KIND: Record<string, Msg> = {
  joined: msg('vào tổ', 'joined'),
  updated: msg('cập nhật', 'updated'),
  left: msg('rời tổ', 'left'),
  moved: msg('chuyển tổ', 'moved'),
  remapped: msg('chuyển đơn vị (sắp xếp lại)', 'remapped to a new ward'),
  purged: msg('xóa dữ liệu cá nhân', 'personal data purged'),
  closed: msg('giải thể tổ', 'team closed'),
  'import-removed': msg('hủy một lần nhập', 'import removed'),
};

/** "Số điện thoại: 091****678 → 098****321" for each field an update changed (values as history keeps them: masked). */
async function changedFields(ctx: Context, details: unknown): Promise<string | null> {
  const d = details as { fields?: string[]; values?: Record<string, { from: string; to: string }> } | null;
  if (!d || !Array.isArray(d.fields) || d.fields.length === 0) return null;
  const { FIELD_LABELS } = await import('../importer/fields.js');
  return d.fields
    .map((f) => {
      const label = (FIELD_LABELS as Record<string, { vi: string; en: string }>)[f];
      const v = d.values?.[f];
      return `${label ? ctx.t(label) : f}${v ? `: ${v.from || '—'} → ${v.to || '—'}` : ''}`;
    })
    .join('; ');
}

export async function run(ctx: Context, opts: HistoryOptions): Promise<number> {
  if (!opts.member === !opts.team) {
    throw new UsageError(msg('Cần đúng một trong --member hoặc --team.', 'Give exactly one of --member or --team.'), msg('Ví dụ: roster history --member 079123456789', 'For example: roster history --member 079123456789'));
  }
  ctx = withMaskedOut(ctx, Boolean(opts.includePii));
  const { openStore } = await import('../store/db.js');
  const { maskDigits } = await import('../privacy/mask.js');
  const h = await import('../history/history.js');
  const { db } = openStore(opts.db, { readonly: true });
  const mask = (s: string | null) => (s === null ? null : opts.includePii ? s : maskDigits(s));
  try {
    if (opts.member) {
      const r = h.memberHistory(db, opts.member);
      if (!r) throw notFound(msg(`Không có thành viên ${mask(opts.member)}.`, `No member ${mask(opts.member)}.`));
      const safe = { ...r, member: { ...r.member, personId: mask(r.member.personId) } };
      if (ctx.opts.json) {
        ctx.out(JSON.stringify(safe, null, 2));
        return 0;
      }
      const m = safe.member;
      ctx.out(`${m.fullName}${m.personId ? `  ${m.personId}` : ''}${m.dob ? `  ${m.dob}` : ''}  [${ctx.t(msg('mã thành viên', 'member id'))} ${m.id}]`);
      ctx.out(ctx.t(msg('Các dòng trong danh sách:', 'Roster rows:')));
      for (const s of safe.rows) ctx.out(`  ${s.period}  ${s.file}${s.sheet ? ` [${s.sheet}]` : ''} ${ctx.t(msg('dòng', 'row'))} ${s.row}  ${s.team}  ${s.role ?? ''}`);
      await printEvents(ctx, safe.events);
      return 0;
    }
    const id = Number(opts.team);
    if (!Number.isInteger(id)) throw new UsageError(msg(`Mã tổ "${opts.team}" không hợp lệ.`, `"${opts.team}" is not a team id.`));
    const r = h.teamHistory(db, id);
    if (!r) throw notFound(msg(`Không có tổ ${id}.`, `No team ${id}.`));
    if (ctx.opts.json) {
      ctx.out(JSON.stringify(r, null, 2));
      return 0;
    }
    ctx.out(`${r.team.name}  [${ctx.t(msg('mã tổ', 'team id'))} ${r.team.id}]`);
    if (r.team.originUnit && r.team.originUnit !== r.team.unit) ctx.out(ctx.t(msg(`  danh sách ghi: ${r.team.originUnit}; nay: ${r.team.unit}`, `  rosters name: ${r.team.originUnit}; now: ${r.team.unit}`)));
    for (const p of r.periods) ctx.out(`  ${p.period}  ${p.rows} ${ctx.t(msg('dòng', 'rows'))}  ${p.files.join(', ')}`);
    await printEvents(ctx, r.events);
    return 0;
  } finally {
    db.close();
  }
}

function notFound(m: Msg): InputError {
  return new InputError(m, msg('Tìm mã bằng "roster export members" hoặc "roster export teams".', 'Find ids with "roster export members" or "roster export teams".'));
}

async function printEvents(ctx: Context, events: EventLine[]): Promise<void> {
  ctx.out(ctx.t(msg('Sự kiện:', 'Events:')));
  if (events.length === 0) ctx.out(ctx.t(msg('  (không có)', '  (none)')));
  for (const e of events) {
    const parts = [e.at.slice(0, 19).replace('T', ' '), e.period ?? '', ctx.t(KIND[e.kind] ?? msg(e.kind, e.kind))];
    if (e.fromTeam && e.team) parts.push(`${e.fromTeam} → ${e.team}`);
    else if (e.team) parts.push(e.team);
    if (e.fromUnit || e.toUnit) parts.push(`${e.fromUnit ?? '?'} → ${e.toUnit ?? '?'}`);
    if (e.legalBasis) parts.push(e.legalBasis);
    if (e.decidedBy) parts.push(`(${e.decidedBy})`);
    const fields = e.kind === 'updated' ? await changedFields(ctx, e.details) : null;
    if (fields) parts.push(fields);
    const removed = e.kind === 'import-removed' ? (e.details as { import?: number; file?: string; rowsRemoved?: number } | null) : null;
    if (removed) parts.push(ctx.t(msg(`lần nhập ${removed.import}: ${removed.file}, ${removed.rowsRemoved} dòng`, `import ${removed.import}: ${removed.file}, ${removed.rowsRemoved} rows`)));
    const src = e.source ? `${e.source.file}${e.source.sheet ? ` [${e.source.sheet}]` : ''}${e.source.row ? ` ${ctx.t(msg('dòng', 'row'))} ${e.source.row}` : ''}` : '';
    if (e.cause) parts.push(ctx.t(msg(`${e.cause.file}${e.cause.sheet ? ` [${e.cause.sheet}]` : ''} không còn tên; dòng cuối có tên: ${src}`, `not listed in ${e.cause.file}${e.cause.sheet ? ` [${e.cause.sheet}]` : ''}; last listed: ${src}`)));
    else if (src) parts.push(src);
    ctx.out('  ' + parts.filter(Boolean).join('  '));
  }
}
