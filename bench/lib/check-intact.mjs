#!/usr/bin/env node
// @ts-check
/**
 * After an import, compares the text the database holds with the roster as
 * generated (the CSV twin of the imported file, same seed and rows): names,
 * organisations, notes and IDs, row by row, and counts U+FFFD anywhere in
 * source_rows. Not timed.
 * usage: node bench/lib/check-intact.mjs DB FILE.csv
 */
import fs from 'node:fs';
import Database from 'better-sqlite3';
import { parse } from 'csv-parse';

const [dbFile, csvFile] = process.argv.slice(2);
if (!dbFile || !csvFile) {
  process.stderr.write('usage: node bench/lib/check-intact.mjs DB FILE.csv\n');
  process.exit(2);
}
const db = new Database(dbFile, { readonly: true, fileMustExist: true });
/** @type {{ name: string, rows: number, compared: number, mismatches: number, replacementChars: number, examples: { row: number, want: string, got: string }[], error?: string }} */
const result = { name: 'check-intact', rows: 0, compared: 0, mismatches: 0, replacementChars: 0, examples: [] };
/** @param {string} sql */
const count = (sql) => /** @type {{ n: number }} */ (db.prepare(sql).get()).n;
try {
  const columns = /** @type {{ name: string, type: string }[]} */ (db.prepare('SELECT name, type FROM pragma_table_info(?)').all('source_rows'));
  const textCols = columns.filter((c) => /TEXT/i.test(c.type)).map((c) => c.name);
  result.replacementChars = textCols.reduce((n, c) => n + count(`SELECT count(*) AS n FROM source_rows WHERE instr(${c}, char(65533)) > 0`), 0);
  const it = db.prepare('SELECT full_name, organisation, notes, person_id FROM source_rows ORDER BY import_id, row_number').raw(true).iterate();
  let header = true;
  for await (const rec of fs.createReadStream(csvFile).pipe(parse({ bom: true }))) {
    if (header) {
      header = false;
      continue;
    }
    const next = it.next();
    if (next.done) break;
    result.rows++;
    const [name, org, notes, id] = /** @type {(string | null)[]} */ (next.value);
    const want = [rec[1], rec[8], rec[14], rec[4]];
    const got = [name ?? '', org ?? '', notes ?? '', id ?? ''];
    result.compared++;
    if (want.some((w, i) => w !== got[i])) {
      result.mismatches++;
      if (result.examples.length < 3) result.examples.push({ row: result.rows, want: want.join(' | '), got: got.join(' | ') });
    }
  }
  if (typeof it.return === 'function') it.return();
} catch (e) {
  result.error = e instanceof Error ? e.message : String(e);
} finally {
  db.close();
}
process.stdout.write(`${JSON.stringify(result)}\n`);
