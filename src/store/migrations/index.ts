import { sql as initial } from './001-initial.js';

export interface Migration {
  version: number;
  description: string;
  sql: string;
}

/** Forward-only. Append; never edit a released migration. */
export const migrations: Migration[] = [{ version: 1, description: 'initial schema', sql: initial }];

export const SCHEMA_VERSION = migrations.reduce((v, m) => Math.max(v, m.version), 0);
