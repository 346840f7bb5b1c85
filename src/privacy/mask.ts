/**
 * Personal data in output: IDs and phones are masked unless the user asks for
 * them (--include-pii). One place, so every output masks the same way.
 */

/** 079123456345 → 079******345; 0912345678 → 091****678. Short values are fully masked. */
export function maskDigits(s: string | null | undefined): string {
  if (!s) return '';
  const t = String(s);
  if (t.length <= 6) return '*'.repeat(t.length);
  return t.slice(0, 3) + '*'.repeat(t.length - 6) + t.slice(-3);
}
