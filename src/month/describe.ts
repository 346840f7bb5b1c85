/**
 * Changes (src/month/changes.ts) with the names a reader needs: the person,
 * the teams, the ward, and the file, sheet and row that show the change.
 * Personal IDs come as stored; callers mask them.
 */
import type { DB } from '../store/db.js';
import type { Change, ChangeKind } from './changes.js';

export interface TeamLabel {
  id: number;
  /** "Khu phố 1, Phường Sài Gòn" */
  label: string;
  wardCode: string | null;
  wardName: string;
  neighbourhood: string;
}

export interface ChangeLine {
  kind: ChangeKind;
  memberId: number;
  fullName: string;
  personId: string | null;
  team: TeamLabel;
  fromTeam: TeamLabel | null;
  /** joined: the joining date of the row; left: the leaving date, when the roster gave one (ISO or as written). */
  date: string | null;
  reason?: 'dated' | 'absent' | 'closed';
  /** The file, sheet and row that show the change (for "left": the last row that listed the person). */
  source: { importId: number | null; file: string; sheet: string | null; row: number } | null;
  /** For "left" because absent: the import whose file no longer listed the person. */
  cause: { importId: number; file: string; sheet: string | null } | null;
}

export function teamLabeller(db: DB): (id: number) => TeamLabel {
  const q = db.prepare(`SELECT t.id, t.neighbourhood, t.unit_text, u.code, u.name FROM teams t LEFT JOIN units u ON u.id = t.unit_id WHERE t.id = ?`);
  const cache = new Map<number, TeamLabel>();
  return (id) => {
    let l = cache.get(id);
    if (!l) {
      const r = q.get(id) as { id: number; neighbourhood: string; unit_text: string; code: string | null; name: string | null } | undefined;
      const wardName = r?.name ?? r?.unit_text ?? '';
      const neighbourhood = r?.neighbourhood ?? '';
      l = { id, label: [neighbourhood, wardName].filter(Boolean).join(', ') || `#${id}`, wardCode: r?.code ?? null, wardName, neighbourhood };
      cache.set(id, l);
    }
    return l;
  };
}

/** "Khu phố 2, Phường Tân Định (mã tổ 7)". */
export function teamLine(t: { id: number; label: string }, lang: 'vi' | 'en'): string {
  return `${t.label} (${lang === 'vi' ? 'mã tổ' : 'team id'} ${t.id})`;
}

export function describeChanges(db: DB, changes: Iterable<Change>): ChangeLine[] {
  const team = teamLabeller(db);
  const member = db.prepare('SELECT full_name, person_id FROM members WHERE id = ?');
  const row = db.prepare(`SELECT s.row_number, s.joined_on, s.left_on, s.import_id, i.file_name, i.sheet FROM source_rows s JOIN imports i ON i.id = s.import_id WHERE s.id = ?`);
  const imp = db.prepare('SELECT file_name, sheet FROM imports WHERE id = ?');
  const out: ChangeLine[] = [];
  for (const c of changes) {
    const m = member.get(c.memberId) as { full_name: string; person_id: string | null } | undefined;
    const r =
      c.rowId === null
        ? undefined
        : (row.get(c.rowId) as { row_number: number; joined_on: string | null; left_on: string | null; import_id: number; file_name: string; sheet: string | null } | undefined);
    const i = c.kind === 'left' && c.reason === 'absent' && c.importId !== null ? (imp.get(c.importId) as { file_name: string; sheet: string | null } | undefined) : undefined;
    out.push({
      kind: c.kind,
      memberId: c.memberId,
      fullName: m?.full_name ?? '',
      personId: m?.person_id ?? null,
      team: team(c.teamId),
      fromTeam: c.fromTeamId === null ? null : team(c.fromTeamId),
      date: c.kind === 'joined' ? (r?.joined_on ?? null) : c.kind === 'left' && c.reason === 'dated' ? (r?.left_on ?? null) : null,
      reason: c.reason,
      source: r ? { importId: r.import_id, file: r.file_name, sheet: r.sheet, row: r.row_number } : null,
      cause: i && c.importId !== null ? { importId: c.importId, file: i.file_name, sheet: i.sheet } : null,
    });
  }
  return out;
}
