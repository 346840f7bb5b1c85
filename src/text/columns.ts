/** Spreadsheet column letters, 0-based: 0 -> A, 25 -> Z, 26 -> AA. */
export function columnLetter(index0: number): string {
  let n = Math.floor(index0) + 1;
  if (!(n >= 1)) return 'A';
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** The 0-based column of the letters a reference starts with ("AB12" -> 27); -1 when it has none. */
export function columnIndex(ref: string): number {
  let n = 0;
  let i = 0;
  for (; i < ref.length; i++) {
    let c = ref.charCodeAt(i);
    if (c >= 97 && c <= 122) c -= 32;
    if (c < 65 || c > 90) break;
    n = n * 26 + (c - 64);
  }
  return i === 0 ? -1 : n - 1;
}
