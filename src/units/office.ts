/** The office recorded by `roster init`: its name and the unit codes it answers for. */
import type { DB } from '../store/db.js';

export interface Office {
  name: string;
  jurisdiction: string[];
}

/** The office recorded by `roster init`, or null before it. */
export function loadOffice(db: DB): Office | null {
  const row = db.prepare('SELECT name, jurisdiction FROM office WHERE id = 1').get() as { name: string; jurisdiction: string } | undefined;
  if (!row) return null;
  return { name: row.name, jurisdiction: parseJurisdiction(row.jurisdiction) };
}

/** "760, 770" -> ["760", "770"]. */
export function parseJurisdiction(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[,;\s]+/)
        .map((c) => c.trim())
        .filter((c) => c !== ''),
    ),
  ];
}
