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
import type { MemberKeyKind, MemberMatch } from '../history/member-lookup.js';
import { msg, type Msg } from '../text/i18n.js';
import { label } from '../text/labels.js';

export interface HistoryOptions {
  db: string;
  member?: string;
  team?: string;
  includePii: boolean;
}

export function register(program: Command, app: App): void {
  program
    .command('history')
    .option(
      '--member <id>',
      app.d(
        msg(
          'số CCCD (12 số), số điện thoại, mã thành viên (như "roster export members" ghi) hoặc họ tên',
          'personal ID (12 digits), phone number, member id (as "roster export members" shows it) or name',
        ),
      ),
    )
    .option('--team <id>', app.d(msg('mã tổ (như "roster export teams" ghi)', 'team id (as "roster export teams" shows it)')))
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
  const { FIELD_LABELS } = await import('../roster/fields.js');
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
    throw new UsageError(
      msg('Cần đúng một trong --member hoặc --team.', 'Give exactly one of --member or --team.'),
      msg('Ví dụ: roster history --member 079123456789', 'For example: roster history --member 079123456789'),
    );
  }
  ctx = withMaskedOut(ctx, Boolean(opts.includePii));
  const { openStore } = await import('../store/db.js');
  const { maskDigits } = await import('../privacy/mask.js');
  const h = await import('../history/history.js');
  const { db } = openStore(opts.db, { readonly: true, busyTimeoutMs: ctx.settings.busyTimeoutMs });
  const mask = (s: string | null) => (s === null ? null : opts.includePii ? s : maskDigits(s));
  try {
    if (opts.member) {
      const { findMembers } = await import('../history/member-lookup.js');
      const { maskText } = await import('../privacy/mask.js');
      // What the clerk typed is shown back as typed, except digits that are personal data.
      const typed = maskText(opts.member.trim(), opts.includePii);
      const found = findMembers(db, opts.member);
      const first = found.matches[0];
      if (!first) throw notFound(NOT_FOUND[found.kind](typed));
      if (found.matches.length > 1) {
        listMatches(
          ctx,
          typed,
          found.matches.map((m) => ({ ...m, personId: mask(m.personId) })),
        );
        return 0;
      }
      const r = h.memberHistory(db, String(first.id));
      if (!r) throw notFound(NOT_FOUND[found.kind](typed));
      const safe = { ...r, member: { ...r.member, personId: mask(r.member.personId) } };
      if (ctx.opts.json) {
        ctx.out(JSON.stringify(safe, null, 2));
        return 0;
      }
      const m = safe.member;
      ctx.out(`${m.fullName}${m.personId ? `  ${m.personId}` : ''}${m.dob ? `  ${m.dob}` : ''}  [${ctx.t(msg('mã thành viên', 'member id'))} ${m.id}]`);
      ctx.out(ctx.t(msg('Các dòng trong danh sách:', 'Roster rows:')));
      for (const s of safe.rows)
        ctx.out(`  ${s.period}  ${s.file}${s.sheet ? ` [${s.sheet}]` : ''} ${ctx.t(msg('dòng', 'row'))} ${s.row}  ${s.team}  ${label('role', s.role, ctx.opts.lang) ?? ''}`);
      await printEvents(ctx, safe.events);
      return 0;
    }
    const t = (opts.team as string).trim();
    if (!/^\d{1,15}$/.test(t)) {
      throw new UsageError(
        msg(`Mã tổ "${opts.team}" không hợp lệ: mã tổ là một số nguyên.`, `"${opts.team}" is not a team id: team ids are whole numbers.`),
        msg('Xem mã tổ ở cột "Mã tổ" của "roster export teams".', 'Find team ids in the "Team id" column of "roster export teams".'),
      );
    }
    const id = Number(t);
    const r = h.teamHistory(db, id);
    if (!r) throw notFound(msg(`Không có tổ ${id}.`, `No team ${id}.`));
    if (ctx.opts.json) {
      ctx.out(JSON.stringify(r, null, 2));
      return 0;
    }
    ctx.out(`${r.team.name}  [${ctx.t(msg('mã tổ', 'team id'))} ${r.team.id}]`);
    if (r.team.originUnit && r.team.originUnit !== r.team.unit)
      ctx.out(ctx.t(msg(`  danh sách ghi: ${r.team.originUnit}; nay: ${r.team.unit}`, `  rosters name: ${r.team.originUnit}; now: ${r.team.unit}`)));
    for (const p of r.periods) ctx.out(`  ${p.period}  ${p.rows} ${ctx.t(msg('dòng', 'rows'))}  ${p.files.join(', ')}`);
    await printEvents(ctx, r.events);
    return 0;
  } finally {
    db.close();
  }
}

const NOT_FOUND: Record<MemberKeyKind, (typed: string) => Msg> = {
  'person-id': (k) => msg(`Không có thành viên nào có số CCCD ${k}.`, `No member has the personal ID ${k}.`),
  phone: (k) => msg(`Không có thành viên nào có số điện thoại ${k}.`, `No member has the phone number ${k}.`),
  'member-id': (k) => msg(`Không có thành viên mã ${k}.`, `No member with id ${k}.`),
  name: (k) => msg(`Không có thành viên nào tên "${k}".`, `No member is named "${k}".`),
};

/** Several people match: list them (IDs masked) so the clerk can pick one by member id. */
function listMatches(ctx: Context, typed: string, matches: MemberMatch[]): void {
  if (ctx.opts.json) {
    ctx.out(JSON.stringify({ ok: true, query: typed, matches }, null, 2));
    return;
  }
  ctx.out(ctx.t(msg(`${matches.length} thành viên khớp "${typed}":`, `${matches.length} members match "${typed}":`)));
  for (const m of matches) {
    const parts = [
      `[${ctx.t(msg('mã thành viên', 'member id'))} ${m.id}]`,
      m.fullName,
      m.personId ?? '',
      m.dob ?? '',
      m.team ? `${m.team}${m.lastPeriod ? ` (${m.lastPeriod})` : ''}` : '',
    ];
    ctx.out(`  ${parts.filter(Boolean).join('  ')}`);
  }
  ctx.say(msg('Chọn một người: roster history --member <mã thành viên>', 'Pick one: roster history --member <member id>'));
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
    if (removed)
      parts.push(ctx.t(msg(`lần nhập ${removed.import}: ${removed.file}, ${removed.rowsRemoved} dòng`, `import ${removed.import}: ${removed.file}, ${removed.rowsRemoved} rows`)));
    const src = e.source ? `${e.source.file}${e.source.sheet ? ` [${e.source.sheet}]` : ''}${e.source.row ? ` ${ctx.t(msg('dòng', 'row'))} ${e.source.row}` : ''}` : '';
    if (e.cause)
      parts.push(
        ctx.t(
          msg(
            `${e.cause.file}${e.cause.sheet ? ` [${e.cause.sheet}]` : ''} không còn tên; dòng cuối có tên: ${src}`,
            `not listed in ${e.cause.file}${e.cause.sheet ? ` [${e.cause.sheet}]` : ''}; last listed: ${src}`,
          ),
        ),
      );
    else if (src) parts.push(src);
    ctx.out(`  ${parts.filter(Boolean).join('  ')}`);
  }
}
