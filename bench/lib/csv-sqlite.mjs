#!/usr/bin/env node
// @ts-check
/**
 * Reference: the straightforward Node import, csv-parse stream plus
 * better-sqlite3 inserts (one prepared statement, one transaction, default
 * pragmas), with none of the product's checks.
 * usage: node bench/lib/csv-sqlite.mjs FILE.csv DB
 */
import fs from 'node:fs';
import Database from 'better-sqlite3';
import { parse } from 'csv-parse';

const [file, dbFile] = process.argv.slice(2);
if (!file || !dbFile) {
  process.stderr.write('usage: node bench/lib/csv-sqlite.mjs FILE.csv DB\n');
  process.exit(2);
}
const t0 = performance.now();
fs.rmSync(dbFile, { force: true });
const db = new Database(dbFile);
const parser = fs.createReadStream(file).pipe(parse({ bom: true }));
let insert;
let rows = 0;
db.exec('BEGIN');
for await (const record of parser) {
  if (!insert) {
    const cols = record.map((_, i) => `c${i + 1} TEXT`).join(', ');
    db.exec(`CREATE TABLE roster (${cols})`);
    insert = db.prepare(`INSERT INTO roster VALUES (${record.map(() => '?').join(', ')})`);
    continue;
  }
  insert.run(record);
  rows++;
}
db.exec('COMMIT');
db.close();
process.stdout.write(`${JSON.stringify({ name: 'csv-sqlite', rows, wallMs: Math.round(performance.now() - t0), peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024) })}\n`);
