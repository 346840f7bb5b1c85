/** Excel date serials (the numbers a date cell holds) as dates. */

/** Days from 1899-12-30 (Excel 1900 system, serials after 28 Feb 1900) to 1970-01-01. */
const EXCEL_EPOCH_OFFSET = 25569;

/**
 * A 1900-system serial as a UTC date. Excel counts a 29 Feb 1900 that never
 * existed (serial 60), so serials 1–59 are one day later than the plain count.
 */
export function excelSerialToDate(serial: number, date1904 = false): Date | null {
  if (!Number.isFinite(serial)) return null;
  const days = Math.floor(serial + 1e-9);
  const frac = serial - days;
  let epochDays: number;
  if (date1904) epochDays = days - 24107;
  else if (days >= 61) epochDays = days - EXCEL_EPOCH_OFFSET;
  else if (days === 60)
    epochDays = -25508; // 1900-03-01 stands in for the fictitious 29 Feb
  else if (days >= 1) epochDays = days - 25568;
  else return null;
  const ms = epochDays * 86_400_000 + Math.round(frac * 86_400_000);
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? null : d;
}
