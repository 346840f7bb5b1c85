/** The order findings are listed in (SPEC § Findings): file, then row, then rule order; findings without a row last in their file. */
import { RULES } from '../rules/registry.js';
import type { Finding } from '../rules/types.js';

const ORDER = new Map(RULES.map((r, i) => [r.id, i]));

/** A rule's place in the registry (unknown ids last). */
export function ruleRank(rule: string): number {
  return ORDER.get(rule) ?? RULES.length;
}

export function compareFindings(a: Finding, b: Finding): number {
  const fa = a.source?.file ?? '\uffff';
  const fb = b.source?.file ?? '\uffff';
  if (fa !== fb) return fa < fb ? -1 : 1;
  const ra = a.source?.row ?? Number.MAX_SAFE_INTEGER;
  const rb = b.source?.row ?? Number.MAX_SAFE_INTEGER;
  if (ra !== rb) return ra - rb;
  return ruleRank(a.rule) - ruleRank(b.rule);
}
