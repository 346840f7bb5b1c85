/** What every sheet writer of the summary workbook is given. */
import type { StreamWorkbook } from '../xlsx.js';
import type { SummaryInput } from './input.js';
import { LABELS, monthText, type Labels } from './labels.js';

export interface SummaryContext {
  wb: StreamWorkbook;
  input: SummaryInput;
  l: Labels;
  /** The period as titles write it: 11/2026. */
  month: string;
  /** A consolidated (city) workbook: an office column, no member lists. */
  city: boolean;
}

export function summaryContext(wb: StreamWorkbook, input: SummaryInput): SummaryContext {
  return { wb, input, l: LABELS[input.lang], month: monthText(input.period), city: Boolean(input.consolidated) };
}
