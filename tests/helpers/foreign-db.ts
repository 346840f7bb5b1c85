/**
 * SQLite files roster must recognise as not its own, and how to tell that
 * one did not change: its digest and the header fields a write would touch.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { tempDir } from './cli.js';

export const sha = (f: string) => crypto.createHash('sha256').update(fs.readFileSync(f)).digest('hex');

/** The SQLite header: file format write version (1 rollback journal, 2 WAL), application_id, user_version. */
export const header = (f: string) => {
  const b = fs.readFileSync(f).subarray(0, 100);
  return { writeVersion: b[18], appId: b.readUInt32BE(68), userVersion: b.readUInt32BE(60) };
};

/** Another program's database: a table of its own, rollback journal, optionally a user_version or an application_id. */
export function foreignDb(o: { userVersion?: number; appId?: number; tables?: string[] } = {}): string {
  const file = path.join(tempDir('roster-foreign-'), 'other.sqlite');
  const d = new Database(file);
  for (const t of o.tables ?? ['notes']) d.exec(`CREATE TABLE ${t} (id INTEGER PRIMARY KEY, body TEXT)`);
  d.prepare(`INSERT INTO ${(o.tables ?? ['notes'])[0]} (body) VALUES (?)`).run('giữ nguyên');
  if (o.userVersion !== undefined) d.pragma(`user_version = ${o.userVersion}`);
  if (o.appId !== undefined) d.pragma(`application_id = ${o.appId}`);
  d.close();
  return file;
}
