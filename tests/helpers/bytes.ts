/** Raw bytes for tests that look for personal data: files as stored, and every entry of a zip (xlsx) inflated. */
import fs from 'node:fs';
import yauzl from 'yauzl';

export function unzipAll(file: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return reject(err);
      const parts: Buffer[] = [];
      zip.on('entry', (entry: yauzl.Entry) => {
        zip.openReadStream(entry, (e, s) => {
          if (e || !s) return reject(e);
          s.on('data', (b: Buffer) => parts.push(b));
          s.on('end', () => zip.readEntry());
        });
      });
      zip.on('end', () => resolve(Buffer.concat(parts)));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}

/** The needles (UTF-8, NFC and NFD, and UTF-16LE) found in the bytes. */
export function found(bytes: Buffer, needles: string[]): string[] {
  return needles.filter((n) => [n.normalize('NFC'), n.normalize('NFD')].some((v) => bytes.includes(Buffer.from(v, 'utf8')) || bytes.includes(Buffer.from(v, 'utf16le'))));
}

export function fileBytes(file: string): Buffer {
  return fs.existsSync(file) ? fs.readFileSync(file) : Buffer.alloc(0);
}
