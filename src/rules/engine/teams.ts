/** The teams table, loaded once on first use, and a team as named in messages. */
import type { DB } from '../../store/db.js';
import { msg, type Msg } from '../../text/i18n.js';
import type { UnitRow } from '../../units/types.js';
import type { RosterRow, TeamInfo } from '../rule.js';

export interface Teams {
  team(id: number | null): TeamInfo | undefined;
  /** "Tổ Khu phố 1, Phường Sài Gòn". */
  teamLabel(row: RosterRow): Msg;
}

function loadTeams(db: DB): Map<number, TeamInfo> {
  const teams = new Map<number, TeamInfo>();
  const rows = db.prepare('SELECT id, unit_id, origin_unit_id, unit_text, neighbourhood, neighbourhood_key FROM teams').raw().all() as [
    number,
    number | null,
    number | null,
    string,
    string,
    string,
  ][];
  for (const [tid, unitId, originUnitId, unitText, neighbourhood, neighbourhoodKey] of rows) {
    teams.set(tid, { id: tid, unitId, originUnitId, unitText, neighbourhood, neighbourhoodKey });
  }
  return teams;
}

export function teamsOf(db: DB, unitById: (id: number) => UnitRow | undefined): Teams {
  let teams: Map<number, TeamInfo> | undefined;
  const team = (id: number | null): TeamInfo | undefined => {
    if (id === null || id === undefined) return undefined;
    teams ??= loadTeams(db);
    return teams.get(id);
  };
  const teamLabel = (r: RosterRow): Msg => {
    const t = team(r.team_id);
    const ward = (t && t.unitId !== null ? unitById(t.unitId)?.name : undefined) ?? (r.ward || r.ward_code || '?');
    const nb = t ? t.neighbourhood : (r.neighbourhood ?? '').trim();
    return nb ? msg(`Tổ ${nb}, ${ward}`, `The team of ${nb}, ${ward}`) : msg(`Tổ cấp phường/xã ${ward}`, `The ward-level team of ${ward}`);
  };
  return { team, teamLabel };
}
