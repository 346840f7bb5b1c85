/**
 * A cursor over the fast pass's text (one JSON array per row, a newline
 * between rows): integers and strings read in place, only the identity values
 * become strings. Each read leaves the cursor after the value's comma or
 * closing bracket.
 */
export class PassReader {
  private i = 0;
  private readonly length: number;
  /** A string read since the last reset had a backslash escape (read as null: the row is checked in full). */
  escaped = false;

  constructor(private readonly text: string) {
    this.length = text.length;
  }

  /** Whether another row follows; skips its opening bracket. */
  nextRow(): boolean {
    if (this.i >= this.length) return false;
    this.i++; // [
    return true;
  }

  /** The newline between rows. */
  endRow(): void {
    this.i++;
  }

  int(): number | null {
    const text = this.text;
    let i = this.i;
    let c = text.charCodeAt(i);
    if (c === 110) {
      this.i = i + 5; // null,
      return null;
    }
    let n = 0;
    let neg = false;
    if (c === 45) {
      neg = true;
      c = text.charCodeAt(++i);
    }
    while (c >= 48 && c <= 57) {
      n = n * 10 + (c - 48);
      c = text.charCodeAt(++i);
    }
    if (c !== 44 && c !== 93) throw new Error(`validatePeriod: unexpected roster pass output at ${i}`);
    this.i = i + 1;
    return neg ? -n : n;
  }

  str(): string | null {
    const text = this.text;
    if (text.charCodeAt(this.i) === 110) {
      this.i += 5;
      return null;
    }
    const from = this.i + 1;
    let j = from;
    let escaped = false;
    for (;;) {
      const c = text.charCodeAt(j);
      if (c === 34) break;
      if (c === 92) {
        escaped = true;
        j++;
      } else if (j >= this.length) throw new Error('validatePeriod: unterminated text in the roster pass output');
      j++;
    }
    this.i = j + 2; // closing quote and the comma or bracket after it
    if (escaped) this.escaped = true;
    return escaped ? null : text.slice(from, j);
  }
}
