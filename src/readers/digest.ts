/**
 * The SHA-256 of a file's bytes, hex: what an import records to recognise the
 * same file again, and what the outputs compare to refuse writing over a roster.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';

export function sha256File(file: string): string {
  const hash = createHash('sha256');
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.allocUnsafe(1 << 20);
    for (;;) {
      const n = fs.readSync(fd, buf, 0, buf.length, null);
      if (n <= 0) break;
      hash.update(buf.subarray(0, n));
    }
  } finally {
    fs.closeSync(fd);
  }
  return hash.digest('hex');
}
