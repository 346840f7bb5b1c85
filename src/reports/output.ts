/**
 * Writing an output file safely: never over an input roster or the database,
 * always to a temporary name beside the target and renamed at the end (a
 * killed report never leaves a half-written file under the final name), and
 * owner-only because outputs may hold personal data.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { InputError, UsageError } from '../errors.js';
import type { DB } from '../store/db.js';
import { msg } from '../text/i18n.js';

function same(a: string, b: string): boolean {
  if (a === b) return true;
  try {
    const sa = fs.statSync(a);
    const sb = fs.statSync(b);
    return sa.ino === sb.ino && sa.dev === sb.dev;
  } catch {
    return false;
  }
}

export function sha256File(file: string): string {
  const h = crypto.createHash('sha256');
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.allocUnsafe(1 << 20);
    for (;;) {
      const n = fs.readSync(fd, buf, 0, buf.length, null);
      if (n <= 0) break;
      h.update(buf.subarray(0, n));
    }
  } finally {
    fs.closeSync(fd);
  }
  return h.digest('hex');
}

/**
 * Refuses (exit 2) an output path that is an imported roster file (by path, or
 * by content when the file there has the bytes of an import) or the database.
 */
export function assertNotInput(db: DB | null, out: string, opts: { cwd: string; dbFile?: string; inputs?: string[] }): void {
  const target = path.resolve(opts.cwd, out);
  const refuse = (vi: string, en: string) =>
    new UsageError(
      msg(`Không ghi đè lên ${vi}: ${out}.`, `Will not overwrite ${en}: ${out}.`),
      msg('Chọn một tên tệp khác cho -o.', 'Choose another file name for -o.'),
    );
  const roster = () => refuse('tệp danh sách đã nhập', 'an imported roster file');
  if (opts.dbFile && same(target, path.resolve(opts.cwd, opts.dbFile))) throw refuse('cơ sở dữ liệu', 'the database');
  for (const i of opts.inputs ?? []) if (same(target, path.resolve(opts.cwd, i))) throw refuse('tệp đầu vào', 'an input file');
  if (!db) return;
  const rows = db.prepare('SELECT DISTINCT file_path, file_sha256 FROM imports').all() as { file_path: string | null; file_sha256: string }[];
  for (const r of rows) {
    if (r.file_path && (same(target, path.resolve(opts.cwd, r.file_path)) || path.resolve(r.file_path) === target)) {
      throw roster();
    }
  }
  if (fs.existsSync(target) && fs.statSync(target).isFile()) {
    const sums = new Set(rows.map((r) => r.file_sha256));
    if (sums.size > 0 && sums.has(sha256File(target))) throw roster();
  }
}

/**
 * Runs `write(tmp)` against a temporary file beside `out`, then renames it
 * into place. On any failure the temporary file is removed and `out` is left
 * as it was.
 */
export async function writeAtomically<T>(out: string, write: (tmp: string) => Promise<T>): Promise<T> {
  const dir = path.dirname(path.resolve(out));
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
    throw new InputError(msg(`Không có thư mục ${dir} để ghi ${out}.`, `There is no directory ${dir} to write ${out} in.`));
  }
  if (fs.existsSync(out) && fs.statSync(out).isDirectory()) {
    throw new UsageError(msg(`${out} là một thư mục.`, `${out} is a directory.`), msg('Cho -o một tên tệp.', 'Give -o a file name.'));
  }
  const tmp = path.join(dir, `.${path.basename(out)}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.part`);
  fs.closeSync(fs.openSync(tmp, 'wx', 0o600));
  try {
    const r = await write(tmp);
    fs.chmodSync(tmp, 0o600);
    fs.renameSync(tmp, out);
    return r;
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
  }
}
