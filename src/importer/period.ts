/**
 * Where a roster's period comes from: `--period`, else the file name, else
 * the title block above the header. Never the clock. This module gathers the
 * evidence of each file and decides; when the sources disagree or say
 * nothing, the command asks the clerk (or stops, naming `--period`).
 */
import path from 'node:path';
import { cellText } from './values.js';
import { detectHeader, type SavedMap } from './header.js';
import { readFileHead } from './import.js';
import { periodsInFileName, periodsInTitle } from '../text/period.js';

export type PeriodSourceKind = 'option' | 'file-name' | 'title' | 'answer';

/** What the import used, said aloud and given in `--json`. */
export interface PeriodSource {
  kind: PeriodSourceKind;
  /** The file whose name or title gave the period. */
  file?: string;
  /** The title text that named it. */
  text?: string;
}

export interface FilePeriodEvidence {
  file: string;
  /** Months the file name names. */
  fromName: string[];
  /** Months the title block names, with the first text that named one. */
  fromTitle: string[];
  titleText?: string;
}

/** Rows above the header read for a title when no header was found. */
const TITLE_ROWS_WITHOUT_HEADER = 10;

export async function fileEvidence(file: string, o: { sheet?: string; encoding?: string; map?: SavedMap; headerRow?: number }): Promise<FilePeriodEvidence> {
  const fromName = periodsInFileName(path.basename(file));
  const { head } = await readFileHead(file, { sheet: o.sheet, encoding: o.encoding, map: o.map });
  const header = detectHeader(head, { headerRow: o.headerRow ?? o.map?.headerRow, map: o.map });
  const top = header.headerRow > 0 ? (header.groupRow ?? header.headerRow) : TITLE_ROWS_WITHOUT_HEADER + 1;
  const fromTitle: string[] = [];
  let titleText: string | undefined;
  for (const r of head) {
    if (r.row >= top) break;
    for (const c of r.cells) {
      if (typeof c !== 'string') continue;
      const found = periodsInTitle(cellText(c));
      if (found.length && titleText === undefined) titleText = cellText(c);
      for (const p of found) if (!fromTitle.includes(p)) fromTitle.push(p);
    }
  }
  return { file, fromName, fromTitle, titleText };
}

export type PeriodDecision =
  | { ok: true; period: string; source: PeriodSource }
  | { ok: false; reason: 'none' | 'disagree'; candidates: { period: string; source: PeriodSource }[] };

/**
 * One period for the files of one import. A file's name wins over its title
 * when both speak, but a disagreement between them is a question; so are
 * files that speak of different months, and a file that speaks of none.
 */
export function decidePeriod(evidence: FilePeriodEvidence[]): PeriodDecision {
  const candidates: { period: string; source: PeriodSource }[] = [];
  const add = (period: string, source: PeriodSource) => {
    if (!candidates.some((c) => c.period === period)) candidates.push({ period, source });
  };
  let silent = false;
  let disagree = false;
  for (const e of evidence) {
    const own = new Set([...e.fromName, ...e.fromTitle]);
    if (own.size === 0) silent = true;
    if (own.size > 1) disagree = true;
    for (const p of e.fromName) add(p, { kind: 'file-name', file: e.file });
    for (const p of e.fromTitle) add(p, { kind: 'title', file: e.file, text: e.titleText });
  }
  if (candidates.length > 1) disagree = true;
  if (disagree) return { ok: false, reason: 'disagree', candidates };
  const only = candidates[0];
  if (silent || !only) return { ok: false, reason: 'none', candidates };
  return { ok: true, period: only.period, source: only.source };
}
