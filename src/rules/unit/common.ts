/** Shared wording and suggestion shapes of the unit.* rules. */
import { msg, type Msg } from '../../text/i18n.js';
import type { ResolutionStatus, SuccessorLink, UnitRow } from '../../units/types.js';
import type { Emission, RosterRow, RowUnit, Rule, RuleContext, ScreenValues } from '../rule.js';
import type { Severity, Suggestion, UnitCandidate } from '../types.js';

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

/** The parent of a unit (its district in the old lists), for "Phường 13 (Quận 3)". */
export function parentIn(ctx: RuleContext): (u: UnitRow) => UnitRow | undefined {
  return (u) => (u.parentId !== null ? ctx.unit(u.parentId) : undefined);
}

export function basis(l: SuccessorLink): { vi: string; en: string } {
  return l.legalBasis ? { vi: `, theo ${l.legalBasis}`, en: ` under ${l.legalBasis}` } : { vi: '', en: '' };
}

export interface ResolutionRuleSpec {
  id: string;
  severity: Severity;
  title: Msg;
  /** The resolution status the rule reports. */
  status: ResolutionStatus;
  /** Further condition on the row (e.g. a ward reference is present at all). */
  applies?: (r: RosterRow) => boolean;
  /**
   * What the finding says; `s` is the suggestion. Built once per distinct ward
   * reference (code, name, district) and shared by every row that has it, so it
   * may only read those columns of `r`.
   */
  emission: (r: RosterRow, u: RowUnit, s: Suggestion, ctx: RuleContext) => Emission;
}

/**
 * The shape of every unit.* rule that reports a resolution status: rows whose
 * filing the import settled are skipped; the suggestion (successors of a
 * retired unit with their legal basis, else the candidates) is built once per
 * distinct reference, as is the finding's text; a retired unit whose team remap has already moved
 * becomes information saying where it went.
 */
export function resolutionRule(spec: ResolutionRuleSpec): Rule {
  const retired = spec.status === 'retired.full' || spec.status === 'retired.partial' || spec.status === 'retired.unknown-successor';
  return {
    id: spec.id,
    severity: spec.severity,
    scope: 'row',
    title: spec.title,
    screen: () => untrusted,
    create(ctx) {
      // A national roster can hold half a million rows in retired wards: one
      // finding text per distinct reference, not one per row.
      const emissions = new WeakMap<object, Emission>();
      // Likewise one "moved to" text per retired unit and the unit its team went to.
      const movedTexts = new Map<string, Msg>();
      const movedText = (from: UnitRow, to: UnitRow): Msg => {
        const key = `${from.id}>${to.id}`;
        let m = movedTexts.get(key);
        if (!m) {
          m = movedMsg(from, to);
          movedTexts.set(key, m);
        }
        return m;
      };
      return {
        row(r) {
          if (ctx.unitTrusted(r)) return;
          const u = ctx.unitOf(r);
          if (u.status !== spec.status || (spec.applies && !spec.applies(r))) return;
          if (retired) {
            if (!u.unit) return;
            const moved = remappedTo(r, u.unit, ctx);
            if (moved) {
              ctx.emit(r, { field: wardField(r), value: wardValue(r), severity: 'info', message: movedText(u.unit, moved) });
              return;
            }
          }
          let e = emissions.get(u);
          if (!e) {
            const s = { candidates: u.successors.length > 0 ? u.successors.map((l) => candidate(l.unit, ctx, l)) : u.candidates.map((c) => candidate(c, ctx)) };
            e = spec.emission(r, u, s, ctx);
            emissions.set(u, e);
          }
          ctx.emit(r, e);
        },
      };
    },
  };
}

/** The unit a retired resolution names: always there (the resolver gives a status of retired.* only for a unit it found). */
export function retiredUnit(u: RowUnit): UnitRow {
  if (!u.unit) throw new Error(`a ${u.status} resolution without its unit`);
  return u.unit;
}
