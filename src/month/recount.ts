/**
 * Double entry (DECISIONS § Periods): before a monthly workbook is written its
 * figures are counted a second time by an independent path: plain SQL with
 * correlated subqueries instead of the window function and JavaScript maps of
 * changes.ts. A difference is a bug (exit 3), never a workbook.
 */
import { RosterError } from '../errors.js';
import { activeAtSql } from '../roster/left.js';
import type { DB } from '../store/db.js';
import { msg } from '../text/i18n.js';
import { periodEnd } from '../text/period.js';

export interface Figures {
  members: number;
  teams: number;
  joined: number;
  left: number;
  moved: number;
}

export const FIGURE_KEYS: (keyof Figures)[] = ['members', 'teams', 'joined', 'left', 'moved'];

/** SQL: row `x` is in force in period `:p` and a member at its end `:e`. */
const live = (x: string, p: string, e: string) =>
  `${x}.period = ${p} AND ${x}.superseded_by IS NULL AND ${x}.team_id IS NOT NULL AND ${x}.member_id IS NOT NULL
   AND ${activeAtSql(`${x}.left_on`, e)}`;

/** SQL: row `x` is the first live row of its person (no earlier import, or earlier row of the same import). */
const first = (x: string, o: string, p: string, e: string) =>
  `${live(x, p, e)} AND NOT EXISTS (SELECT 1 FROM source_rows ${o} WHERE ${o}.member_id = ${x}.member_id AND ${live(o, p, e)}
     AND (${o}.import_id < ${x}.import_id OR (${o}.import_id = ${x}.import_id AND ${o}.id < ${x}.id)))`;

export function recount(db: DB, period: string): Figures {
  const prev = (db.prepare('SELECT max(period) FROM source_rows WHERE period < ? AND superseded_by IS NULL').pluck().get(period) as string | null) ?? null;
  const P = { p: period, e: periodEnd(period), q: prev ?? '', f: prev ? periodEnd(prev) : '' };
  const one = (sql: string) => db.prepare(sql).pluck().get(P) as number;
  const members = one(`SELECT count(DISTINCT s.member_id) FROM source_rows s WHERE ${live('s', '@p', '@e')}`);
  const teams = one(`SELECT count(DISTINCT s.team_id) FROM source_rows s WHERE ${first('s', 'o', '@p', '@e')}`);
  if (!prev) return { members, teams, joined: 0, left: 0, moved: 0 };
  const joined = one(
    `SELECT count(DISTINCT s.member_id) FROM source_rows s WHERE ${live('s', '@p', '@e')}
     AND NOT EXISTS (SELECT 1 FROM source_rows q WHERE q.member_id = s.member_id AND ${live('q', '@q', '@f')})`,
  );
  const moved = one(
    `SELECT count(*) FROM source_rows s JOIN source_rows q ON q.member_id = s.member_id
     WHERE ${first('s', 'o', '@p', '@e')} AND ${first('q', 'o2', '@q', '@f')} AND q.team_id <> s.team_id`,
  );
  const left = one(
    `SELECT count(*) FROM source_rows q WHERE ${first('q', 'o', '@q', '@f')}
     AND NOT EXISTS (SELECT 1 FROM source_rows s WHERE s.member_id = q.member_id AND ${live('s', '@p', '@e')})
     AND (EXISTS (SELECT 1 FROM source_rows d WHERE d.member_id = q.member_id AND d.period = @p AND d.superseded_by IS NULL AND d.team_id IS NOT NULL)
       OR EXISTS (SELECT 1 FROM source_rows t WHERE t.team_id = q.team_id AND t.period = @p AND t.superseded_by IS NULL)
       OR EXISTS (SELECT 1 FROM events c WHERE c.kind = 'closed' AND c.team_id = q.team_id AND c.period <= @p))`,
  );
  return { members, teams, joined, left, moved };
}

/** The figures disagree with the second count: a bug in roster (exit 3). */
export class FiguresMismatch extends RosterError {
  readonly exitCode = 3;
  constructor(
    readonly period: string,
    readonly written: Figures,
    readonly counted: Figures,
  ) {
    const diff = FIGURE_KEYS.filter((k) => written[k] !== counted[k]);
    const vi = diff.map((k) => `${k}: báo cáo ${written[k]}, đếm lại ${counted[k]}`).join('; ');
    const en = diff.map((k) => `${k}: report ${written[k]}, recount ${counted[k]}`).join('; ');
    super(
      msg(
        `Số liệu kỳ ${period} không khớp khi đếm lại (${vi}). Không có báo cáo nào được ghi.`,
        `The figures of ${period} do not match a second count (${en}). No workbook was written.`,
      ),
      msg(
        'Đây là lỗi của roster, không phải lỗi dữ liệu: vui lòng báo lỗi kèm lệnh đã chạy.',
        'This is a bug in roster, not in your data: please report it with the command you ran.',
      ),
    );
  }
}

/** Throws FiguresMismatch when the report's figures differ from the second count. */
export function assertFigures(db: DB, period: string, written: Figures): void {
  const counted = recount(db, period);
  if (FIGURE_KEYS.some((k) => written[k] !== counted[k])) throw new FiguresMismatch(period, written, counted);
}
