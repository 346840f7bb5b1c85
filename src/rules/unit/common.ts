/** Shared wording and suggestion shapes of the unit.* rules. */
import { msg, type Msg } from '../../text/i18n.js';
import type { SuccessorLink, UnitRow } from '../../units/types.js';
import type { RosterRow, RuleContext, ScreenValues } from '../rule.js';
import type { UnitCandidate } from '../types.js';

/** The screen of the unit.* rules: every row whose unit the import filing does not settle. */
export const untrusted = (v: ScreenValues): boolean => !v.unitTrusted;

export function candidate(u: UnitRow, ctx: RuleContext, link?: SuccessorLink): UnitCandidate {
  const c: UnitCandidate = { code: u.code, name: u.name, vintage: u.vintage };
  const parent = u.parentId !== null ? ctx.unit(u.parentId) : undefined;
  if (parent && u.level === 3) c.parent = parent.name;
  if (link) {
    c.kind = link.kind;
    if (link.legalBasis) c.legalBasis = link.legalBasis;
  }
  return c;
}

/** "Phường Sài Gòn (26740)"; with the code list's date for a retired unit, codes being reused. */
export function unitLabel(u: UnitRow, withVintage = false): string {
  return withVintage ? `${u.name} (${u.code}, ${u.vintage})` : `${u.name} (${u.code})`;
}

/** The value a unit finding points at: the ward name as written, else the code. */
export function wardValue(r: RosterRow): string | null {
  return r.ward && r.ward.trim() !== '' ? r.ward : r.ward_code;
}

export function wardField(r: RosterRow): 'ward' | 'ward_code' {
  return r.ward && r.ward.trim() !== '' ? 'ward' : 'ward_code';
}

/**
 * When remap already moved the row's team to a unit in force, the retired
 * finding becomes information saying where it went.
 */
export function remappedTo(r: RosterRow, retired: UnitRow, ctx: RuleContext): UnitRow | undefined {
  const team = ctx.team(r.team_id);
  if (!team || team.unitId === null || team.unitId === retired.id) return undefined;
  if (!ctx.isCurrent(team.unitId)) return undefined;
  return ctx.unit(team.unitId);
}

export function movedMsg(retired: UnitRow, to: UnitRow): Msg {
  return msg(
    `${unitLabel(retired, true)} không còn; tổ này đã được chuyển sang ${unitLabel(to)} (roster remap).`,
    `${unitLabel(retired, true)} no longer exists; this team has been moved to ${unitLabel(to)} (roster remap).`,
  );
}

export function basis(l: SuccessorLink): { vi: string; en: string } {
  return l.legalBasis ? { vi: `, theo ${l.legalBasis}`, en: ` under ${l.legalBasis}` } : { vi: '', en: '' };
}
