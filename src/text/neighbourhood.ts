/**
 * Neighbourhood names (khu phố, ấp, thôn, tổ dân phố) as a comparison key:
 * "KP 1", "Khu phố 01", "kp.1" and "Khu Pho 1" are the same neighbourhood.
 * The original text is kept for display.
 */
import { fold } from './fold.js';
import { foldLookalikes } from './scripts.js';

const PREFIXES: [RegExp, string][] = [
  [/^(khu pho|kp)\.?\s*/, 'kp '],
  [/^(to dan pho|tdp)\.?\s*/, 'tdp '],
  [/^(ap)\.?\s+/, 'ap '],
  [/^(thon)\.?\s+/, 'thon '],
  [/^(khom)\.?\s+/, 'khom '],
];

export function neighbourhoodKey(name: string | null | undefined): string {
  if (!name) return '';
  // A Cyrillic "К" in "Кhu phố 1" is the same khu phố, by the exact look-alike table only.
  let k = fold(foldLookalikes(name)).replace(/^[\s.,;:\-–]+|[\s.,;:\-–]+$/g, '');
  for (const [re, canon] of PREFIXES) {
    if (re.test(k)) {
      k = canon + k.replace(re, '');
      break;
    }
  }
  // Numbers without leading zeros: "kp 01" = "kp 1".
  return k
    .replace(/\b0+(\d)/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();
}
