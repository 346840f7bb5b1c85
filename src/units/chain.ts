/**
 * A unit's way through the reorganisations, told to a clerk: "Phường 13
 * (Quận 3) đã nhập vào Phường 12 từ 01/01/2025, nay thuộc Phường Nhiêu Lộc
 * theo 1685/NQ-UBTVQH15". Steps that only carry a unit over to the next code
 * list (same code, same name) are not reorganisations and are not told.
 */
import { msg, type Msg } from '../text/i18n.js';
import type { UnitSnapshot } from './snapshot.js';
import type { SuccessorLink, UnitRow } from './types.js';

/** 2025-01-01 -> 01/01/2025. */
export function dmy(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : iso;
}

/** The reorganisation steps of a link (a direct link is its own one step). */
export function realSteps(link: SuccessorLink): SuccessorLink[] {
  return (link.steps ?? [link]).filter((l) => !l.same);
}

/** "Phường 13 (Quận 3)": the name with its district (old lists) when known. */
export function withDistrict(u: UnitRow, parentOf: (u: UnitRow) => UnitRow | undefined): string {
  const p = parentOf(u);
  return p && p.level === 2 ? `${u.name} (${p.name})` : u.name;
}

/** Whether telling the link needs more than one step. */
export function isChain(link: SuccessorLink): boolean {
  return realSteps(link).length > 1;
}

/**
 * The sentence for one way from `from` to a unit in force: every step but the
 * last with its date, the last with its date and legal basis; then, when the
 * steps had several, every legal basis on the way.
 */
export function explainChain(from: UnitRow, link: SuccessorLink, parentOf: (u: UnitRow) => UnitRow | undefined): Msg {
  const steps = realSteps(link);
  const origin = withDistrict(from, parentOf);
  const last = steps.at(-1);
  if (!last) return msg(`${origin} nay là ${link.unit.name}`, `${origin} is now ${link.unit.name}`);
  const vi: string[] = [];
  const en: string[] = [];
  steps.slice(0, -1).forEach((s) => {
    vi.push(`${s.kind === 'partial' ? 'một phần đã nhập vào' : 'đã nhập vào'} ${s.unit.name} từ ${dmy(s.effective)}`);
    en.push(`${s.kind === 'partial' ? 'was partly merged into' : 'was merged into'} ${s.unit.name} on ${s.effective}`);
  });
  const lb = last.legalBasis ? { vi: ` theo ${last.legalBasis}`, en: ` under ${last.legalBasis}` } : { vi: '', en: '' };
  const part = last.kind === 'partial';
  if (steps.length === 1) {
    vi.push(`${part ? 'một phần ' : ''}nay thuộc ${link.unit.name} từ ${dmy(last.effective)}${lb.vi}`);
    en.push(`${part ? 'partly ' : ''}belongs to ${link.unit.name} since ${last.effective}${lb.en}`);
  } else {
    vi.push(`${part ? 'một phần ' : ''}nay thuộc ${link.unit.name}${lb.vi}`);
    en.push(`and is now ${part ? 'partly ' : ''}part of ${link.unit.name}${lb.en}`);
  }
  const all = new Set(steps.map((s) => s.legalBasis).filter(Boolean));
  const basis = all.size > 1 && link.legalBasis ? { vi: `. Căn cứ: ${link.legalBasis}`, en: `. Legal basis: ${link.legalBasis}` } : { vi: '', en: '' };
  return msg(`${origin} ${vi.join(', ')}${basis.vi}`, `${origin} ${en.join(', ')}${basis.en}`);
}

/** "Phường 13 → Phường 12 (01/01/2025, 1278/…) → Phường Nhiêu Lộc (01/07/2025, 1685/…)": a short form for notes and listings. */
export function chainArrows(from: UnitRow, link: SuccessorLink, parentOf: (u: UnitRow) => UnitRow | undefined): string {
  const parts = [withDistrict(from, parentOf)];
  for (const s of realSteps(link)) parts.push(`${s.unit.name} (${[dmy(s.effective), s.legalBasis].filter(Boolean).join(', ')}${s.kind === 'partial' ? ', một phần' : ''})`);
  return parts.join(' → ');
}

/** The steps of a move for its event: each unit on the way with its date and legal basis. */
export function chainJson(to: SuccessorLink): { code: string; name: string; vintage: string; kind: string; effective: string; legalBasis: string | null; same?: true }[] {
  return (to.steps ?? [to]).map((s) => ({
    code: s.unit.code,
    name: s.unit.name,
    vintage: s.unit.vintage,
    kind: s.kind,
    effective: s.effective,
    legalBasis: s.legalBasis,
    ...(s.same ? { same: true as const } : {}),
  }));
}

/** The way from one unit to another through the successions (steps oldest first), or null when there is none. */
export function pathBetween(snap: UnitSnapshot, fromId: number, toId: number): SuccessorLink[] | null {
  const seen = new Set<number>();
  const walk = (id: number, path: SuccessorLink[]): SuccessorLink[] | null => {
    if (id === toId) return path;
    if (path.length >= 8 || seen.has(id)) return null;
    seen.add(id);
    for (const l of snap.successors.get(id) ?? []) {
      const p = walk(l.unit.id, [...path, l]);
      if (p) return p;
    }
    return null;
  };
  return walk(fromId, []);
}

/**
 * The note "Đơn vị trước sắp xếp" of a team filed today under another unit
 * than its rosters named: the ward as the roster wrote it, then the way from
 * that unit to today's with dates and legal bases.
 */
export function originNote(snap: UnitSnapshot, originId: number, currentId: number | null, wardText: string | null | undefined): string {
  const o = snap.units.get(originId);
  if (!o) return '';
  const parentOf = (u: UnitRow) => (u.parentId !== null ? snap.units.get(u.parentId) : undefined);
  const target = currentId !== null ? snap.units.get(currentId) : undefined;
  const steps = target ? pathBetween(snap, originId, target.id) : null;
  const way =
    target && steps && steps.length > 0
      ? chainArrows(o, { unit: target, kind: 'full', effective: '', legalBasis: null, steps }, parentOf)
      : `${withDistrict(o, parentOf)} (${o.code}, ${o.vintage})`;
  const written = wardText?.trim();
  return written && written.normalize('NFC').replace(/\s+/g, ' ') !== o.name ? `"${written}": ${way}` : way;
}
