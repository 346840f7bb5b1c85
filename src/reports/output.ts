/**
 * Writing an output file safely: never over an input roster or the database
 * (src/safety/paths.ts), always to a temporary name beside the target and
 * renamed at the end (src/safety/atomic.ts), owner-only because outputs may
 * hold personal data.
 */
import fs from 'node:fs';
import path from 'node:path';
import { UsageError } from '../errors.js';
import { sha256File } from '../readers/digest.js';
import { checkOutput, sameFile } from '../safety/paths.js';
export { writeAtomically, writeTextAtomically } from '../safety/atomic.js';
import type { DB } from '../store/db.js';
import { msg } from '../text/i18n.js';

/**
 * The output guard of src/safety/paths.ts (database, inputs, links, folders,
 * name length), plus: not a roster file this database imported (by the path
 * recorded, or by content when the file there has the bytes of an import).
 * Returns the absolute output path.
 */
export function assertNotInput(db: DB | null, out: string, opts: { cwd: string; dbFile?: string; inputs?: string[]; flag?: string }): string {
  const target = checkOutput(out, { cwd: opts.cwd, flag: opts.flag ?? '-o', db: opts.dbFile, inputs: opts.inputs });
  if (db) assertNotImported(db, target, out, opts.cwd);
  return target;
}

function assertNotImported(db: DB, target: string, out: string, cwd: string): void {
  const roster = () =>
    new UsageError(
      msg(`Không ghi đè lên tệp danh sách đã nhập: ${out}.`, `Will not overwrite an imported roster file: ${out}.`),
      msg('Chọn một tên tệp khác cho -o.', 'Choose another file name for -o.'),
    );
  const rows = db.prepare('SELECT DISTINCT file_path, file_sha256 FROM imports').all() as { file_path: string | null; file_sha256: string }[];
  for (const r of rows) if (r.file_path && (sameFile(target, path.resolve(cwd, r.file_path)) || sameFile(target, path.resolve(r.file_path)))) throw roster();
  if (fs.existsSync(target) && fs.statSync(target).isFile()) {
    const sums = new Set(rows.map((r) => r.file_sha256));
    if (sums.size > 0 && sums.has(sha256File(target))) throw roster();
  }
}
