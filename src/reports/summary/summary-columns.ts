/** Where the columns of Tổng hợp are, and which label heads each figure. */
import type { Counts } from '../monthly-data.js';
import type { Labels } from './labels.js';

export type Figure = keyof Counts | 'rate';

type FigureHead = 'teamsWard' | 'teamsNbh' | 'members' | 'leaders' | 'women' | 'under35' | 'onetouch' | 'rate' | 'joined' | 'left';

/** The figure columns left to right (after the ward code), each with the label of its head. */
export const FIGURE_HEADS: readonly (readonly [Figure, FigureHead & keyof Labels])[] = [
  ['teamsWard', 'teamsWard'],
  ['teamsNeighbourhood', 'teamsNbh'],
  ['members', 'members'],
  ['leaders', 'leaders'],
  ['women', 'women'],
  ['under35', 'under35'],
  ['onetouch', 'onetouch'],
  ['rate', 'rate'],
  ['joined', 'joined'],
  ['left', 'left'],
];

const FIGURE_ORDER: Figure[] = FIGURE_HEADS.map(([k]) => k);

/** The last row of the title block; the two header rows follow. */
export const HEAD_TOP = 8;

/** Where the columns of Tổng hợp are (the city workbook has an office column after STT). */
export interface SummaryColumns {
  ward: number;
  code: number;
  last: number;
  of(k: Figure): number;
}

export function summaryColumns(city: boolean): SummaryColumns {
  const ward = city ? 3 : 2;
  const code = ward + 1;
  const of = (k: Figure) => code + 1 + FIGURE_ORDER.indexOf(k);
  return { ward, code, last: of('left'), of };
}
