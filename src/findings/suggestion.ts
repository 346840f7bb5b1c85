/** A finding's suggestion as one line of text (the value, then each candidate with its code, district and legal basis). */
import type { Finding } from '../rules/types.js';

export function suggestionText(s: Finding['suggestion']): string {
  if (!s) return '';
  const parts: string[] = [];
  if (s.value) parts.push(s.value);
  for (const c of s.candidates ?? []) parts.push(`${c.name} (${c.code}${c.parent ? `, ${c.parent}` : ''})${c.legalBasis ? ` – ${c.legalBasis}` : ''}`);
  return parts.join('; ');
}
