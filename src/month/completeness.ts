/**
 * Whether a period's rosters are complete enough for a final monthly report
 * (DECISIONS § Periods and the month's completeness): no roster at all is bad
 * input (exit 2); expected teams without a roster (`team.roster.missing`) keep
 * the report a draft until each has one, is closed, or the clerk accepts its
 * absence with `--accept-missing TEAM…|all`, which is recorded on Kiểm tra.
 */
import { InputError, UsageError } from '../errors.js';
import { makeReport, type Report } from '../rules/types.js';
import type { DB } from '../store/db.js';
import { msg, type Msg } from '../text/i18n.js';
import { monthChanges } from './changes.js';
import { teamLabeller } from './describe.js';

export const MISSING_RULE = 'team.roster.missing';

/** Exit 2 when the period has no roster at all. */
export function requireRoster(db: DB, period: string): void {
  const any = db.prepare('SELECT 1 FROM source_rows WHERE period = ? AND superseded_by IS NULL LIMIT 1').get(period);
  if (any) return;
  const have = db.prepare('SELECT DISTINCT period FROM source_rows WHERE superseded_by IS NULL ORDER BY period DESC LIMIT 6').pluck().all() as string[];
  throw new InputError(
    msg(`Kỳ ${period} chưa có danh sách nào; không có báo cáo nào được ghi.`, `There is no roster for ${period}; no report was written.`),
    msg(
      `Nhập danh sách của kỳ bằng "roster import TỆP --period ${period}".${have.length ? ` Các kỳ đã có: ${have.join(', ')}.` : ''}`,
      `Import the period's rosters with "roster import FILE --period ${period}".${have.length ? ` Periods with rosters: ${have.join(', ')}.` : ''}`,
    ),
  );
}

export interface Acceptance {
  report: Report;
  /** Missing teams not accepted. */
  missing: { id: number; label: string }[];
  /** What the clerk accepted: team ids, or ['all']. */
  accepted: string[];
  warnings: Msg[];
}

/** Applies --accept-missing: the accepted teams' findings become information; the others stay errors. */
export function acceptMissing(db: DB, report: Report, args: string[]): Acceptance {
  const words = args
    .flatMap((a) => a.split(','))
    .map((a) => a.trim())
    .filter(Boolean);
  const all = words.some((w) => w.toLowerCase() === 'all');
  const ids = new Set<number>();
  for (const w of words) {
    if (w.toLowerCase() === 'all') continue;
    const n = Number(w);
    const exists = Number.isInteger(n) && n > 0 && db.prepare('SELECT 1 FROM teams WHERE id = ?').get(n);
    if (!exists) {
      throw new UsageError(
        msg(`--accept-missing: "${w}" không phải mã tổ.`, `--accept-missing: "${w}" is not a team id.`),
        msg('Xem mã tổ bằng "roster teams", hoặc dùng --accept-missing all.', 'See team ids with "roster teams", or use --accept-missing all.'),
      );
    }
    ids.add(n);
  }
  const period = report.period ?? '';
  const missingIds = report.period ? monthChanges(db, period).teams.missing : [];
  const label = teamLabeller(db);
  const warnings: Msg[] = [];
  for (const id of ids) {
    if (!missingIds.includes(id)) {
      warnings.push(
        msg(
          `--accept-missing: tổ ${id} (${label(id).label}) không thiếu danh sách kỳ ${period}; bỏ qua.`,
          `--accept-missing: team ${id} (${label(id).label}) is not missing a roster for ${period}; ignored.`,
        ),
      );
    }
  }
  const isAccepted = (id: number) => all || ids.has(id);
  const findings = report.findings.map((f) => {
    if (f.rule !== MISSING_RULE || f.severity !== 'error' || !isAccepted(Number(f.value))) return f;
    return { ...f, severity: 'info' as const, message: `[--accept-missing] ${f.message}` };
  });
  const acceptedIds = missingIds.filter(isAccepted);
  return {
    report: { ...makeReport(report.period, findings), findings },
    missing: missingIds.filter((id) => !isAccepted(id)).map((id) => ({ id, label: label(id).label })),
    accepted: acceptedIds.length === 0 ? [] : all ? ['all'] : acceptedIds.map(String),
    warnings,
  };
}
