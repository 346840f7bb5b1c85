/** The order findings are listed in (SPEC § Findings): file, then row, then rule order; findings without a row last in their file. */
import { RULES } from '../rules/registry.js';
import type { Finding } from '../rules/types.js';
import { jsonWriter } from './json-writer.js';
import type { SortKey } from './spill.js';

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

/** What compareFindings looks at, once per finding. */
export interface FindingKey {
  file: string;
  row: number;
  rank: number;
}

/** The files' JSON as read back, and the files (a roster has a few files and a million findings). */
const FILES = new Map<string, string>();

/**
 * A finding's place in the order, kept beside a spilled finding as
 * "row rank file" (the file as JSON): the key of the finding as its JSON reads
 * back, none standing for a missing file or row as in compareFindings (JSON
 * writes a row that is not a finite number as null, which reads as none).
 */
export const FINDING_KEY: SortKey<Finding, FindingKey> = {
  of: (f) => ({
    file: typeof f.source?.file === 'string' ? f.source.file : '\uffff',
    row: Number.isFinite(f.source?.row) ? (f.source?.row as number) : Number.MAX_SAFE_INTEGER,
    rank: ruleRank(f.rule),
  }),
  write: (k) => `${k.row} ${k.rank} ${JSON.stringify(k.file)}`,
  read: (text) => {
    const s1 = text.indexOf(' ');
    const s2 = text.indexOf(' ', s1 + 1);
    const json = text.slice(s2 + 1);
    let file = FILES.get(json);
    if (file === undefined) {
      file = JSON.parse(json) as string;
      if (FILES.size < 4096) FILES.set(json, file);
    }
    return { file, row: Number(text.slice(0, s1)), rank: Number(text.slice(s1 + 1, s2)) };
  },
  compare: (a, b) => {
    if (a.file !== b.file) return a.file < b.file ? -1 : 1;
    if (a.row !== b.row) return a.row - b.row;
    return a.rank - b.rank;
  },
  json: jsonWriter,
};
