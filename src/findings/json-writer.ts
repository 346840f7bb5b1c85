/**
 * JSON.stringify of flat records that share their texts and objects (a
 * million findings of one retired ward quote one message and one suggestion):
 * a shared text is escaped once, and an object the record before had under the
 * same key is not written again. The same text as JSON.stringify's (for
 * records without toJSON), as long as no object given is changed while the
 * writer is in use: a writer serves one batch.
 */

/** Texts kept escaped per writer (texts that are not shared fill it and then simply miss it). */
const MAX_TEXTS = 4096;

export function jsonWriter(): (x: object) => string {
  const texts = new Map<string, string>();
  const last = new Map<string, { v: object; json: string }>();
  const text = (s: string): string => {
    let j = texts.get(s);
    if (j === undefined) {
      j = JSON.stringify(s);
      if (texts.size < MAX_TEXTS) texts.set(s, j);
    }
    return j;
  };
  const value = (k: string, v: unknown): string | undefined => {
    if (typeof v === 'string') return text(v);
    if (typeof v !== 'object' || v === null) return JSON.stringify(v) as string | undefined;
    const seen = last.get(k);
    if (seen?.v === v) return seen.json;
    const json = JSON.stringify(v);
    last.set(k, { v, json });
    return json;
  };
  return (x) => {
    let out = '';
    const r = x as Record<string, unknown>;
    for (const k of Object.keys(r)) {
      const j = value(k, r[k]);
      // A value JSON leaves out (undefined, a function) leaves out its key, as JSON.stringify does.
      if (j !== undefined) out += `${out ? ',' : '{'}${text(k)}:${j}`;
    }
    return out ? `${out}}` : '{}';
  };
}
