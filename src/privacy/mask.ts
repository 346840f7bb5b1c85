/**
 * Personal data in output: IDs, phones and e-mail are masked unless the user
 * asks for them (--include-pii). One place, so every output masks the same way.
 */
import type { Finding, Report } from '../rules/types.js';

/** 079123456345 → 079******345; 0912345678 → 091****678. Short values are fully masked. */
export function maskDigits(s: string | null | undefined): string {
  if (!s) return '';
  const t = String(s);
  if (t.length <= 6) return '*'.repeat(t.length);
  return t.slice(0, 3) + '*'.repeat(t.length - 6) + t.slice(-3);
}

/** The value as shown: masked unless the user asked for personal data. */
export function pii(s: string | null | undefined, includePii: boolean): string {
  if (!s) return '';
  return includePii ? String(s) : maskDigits(s);
}

/** nguyen.a@example.vn → n***@example.vn */
export function maskEmail(e: string | null | undefined, includePii: boolean): string {
  if (!e) return '';
  if (includePii) return e;
  const at = e.indexOf('@');
  return at > 0 ? `${e[0]}***${e.slice(at)}` : maskDigits(e);
}

const DIGIT_RUN = /(?<!\d)\+?\d[\d .]{7,}\d(?!\d)/g;
const EMAIL = /[^\s@,;<>"']+@[^\s@,;<>"']+\.[^\s@,;<>"']+/g;

/** Long digit runs (IDs, phones, also written "0912 345 678") and e-mail addresses in free text, masked. */
export function maskText(s: string, includePii: boolean): string {
  if (includePii) return s;
  return s
    .replace(DIGIT_RUN, (d) => {
      const digits = d.replace(/[^\d]/g, '');
      return digits.length >= 9 ? maskDigits(digits) : d;
    })
    .replace(EMAIL, (e) => maskEmail(e, false));
}

/** A finding as shown to people: its message, value and suggested value masked (in place: reports can hold a million findings). */
export function maskFinding(f: Finding, mask: (s: string) => string = (s) => maskText(s, false)): Finding {
  f.message = mask(f.message);
  if (f.value !== undefined && f.value !== null) f.value = mask(String(f.value));
  if (f.suggestion?.value !== undefined) {
    const value = mask(f.suggestion.value);
    // Suggestions can be shared between findings: replace, never edit, a shared one.
    if (value !== f.suggestion.value) f.suggestion = { ...f.suggestion, value };
  }
  return f;
}

/** The report with personal data masked unless includePii; masks in place. */
export function maskReport(r: Report, includePii: boolean): Report {
  if (includePii) return r;
  // Many findings share one message (every row of a retired ward): mask each text once.
  const seen = new Map<string, string>();
  const mask = (s: string) => {
    let m = seen.get(s);
    if (m === undefined) {
      m = maskText(s, false);
      if (seen.size < 100_000) seen.set(s, m);
    }
    return m;
  };
  for (const f of r.findings) maskFinding(f, mask);
  return r;
}
