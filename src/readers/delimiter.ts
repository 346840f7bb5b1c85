/** The delimiter of a text roster (comma, semicolon or tab), sniffed from its first lines. */

/**
 * Picks the delimiter (comma, semicolon or tab) from the first lines: the one
 * that splits the most lines into the same number (>0) of fields.
 */
export function sniffDelimiter(sample: string, preferTab = false): ',' | ';' | '\t' {
  const lines: string[] = [];
  let inQuote = false;
  let cur = '';
  for (let i = 0; i < sample.length && lines.length < 30; i++) {
    const ch = sample[i];
    if (ch === '"') inQuote = !inQuote;
    if (!inQuote && (ch === '\n' || ch === '\r')) {
      if (cur.trim()) lines.push(cur);
      cur = '';
      continue;
    }
    if (!inQuote) cur += ch;
  }
  if (cur.trim() && lines.length < 30) lines.push(cur);
  const cands = [',', ';', '\t'] as const;
  let best: ',' | ';' | '\t' = preferTab ? '\t' : ',';
  let bestScore = -1;
  for (const d of cands) {
    const counts = lines.map((l) => l.split(d).length - 1);
    const freq = new Map<number, number>();
    for (const c of counts) if (c > 0) freq.set(c, (freq.get(c) ?? 0) + 1);
    let mode = 0;
    let modeLines = 0;
    for (const [c, f] of freq) {
      if (f > modeLines || (f === modeLines && c > mode)) {
        mode = c;
        modeLines = f;
      }
    }
    const total = counts.reduce((a, b) => a + b, 0);
    const score = modeLines * 1000 + Math.min(mode, 999) + (d === '\t' && preferTab ? 0.5 : 0) + total / 1e6;
    if (score > bestScore) {
      bestScore = score;
      best = d;
    }
  }
  return best;
}
