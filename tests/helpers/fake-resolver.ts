/**
 * A tiny unit reference (two current wards) and a roster-record builder, for
 * tests of the write path that do not need the real reference data.
 */
import type { DB } from '../../src/store/db.js';
import type { RosterRecord } from '../../src/roster/row.js';
import { fold } from '../../src/text/fold.js';
import type { Resolution, UnitResolver, UnitRow } from '../../src/units/types.js';

export function fakeResolver(db: DB): UnitResolver {
  db.exec(`INSERT INTO unit_lists (vintage, source, loaded_at) VALUES ('2025-07-01', 'test', 'now');
    INSERT INTO units (id, vintage, level, code, name, type, name_key) VALUES
      (1, '2025-07-01', 3, '26737', 'Phường Tân Định', 'Phường', 'tan dinh'),
      (2, '2025-07-01', 3, '26740', 'Phường Sài Gòn', 'Phường', 'sai gon');`);
  const units: Record<string, UnitRow> = {
    'tan dinh': { id: 1, vintage: '2025-07-01', level: 3, code: '26737', name: 'Phường Tân Định', type: 'Phường', parentId: null, provinceCode: '79' },
    'sai gon': { id: 2, vintage: '2025-07-01', level: 3, code: '26740', name: 'Phường Sài Gòn', type: 'Phường', parentId: null, provinceCode: '79' },
  };
  return {
    resolve(ref): Resolution {
      const u = units[fold(ref.name ?? '')];
      return u ? { status: 'current', unit: u, successors: [], candidates: [] } : { status: 'unknown', successors: [], candidates: [] };
    },
    inJurisdiction: () => true,
    successors: () => [],
    byId: (id) => Object.values(units).find((u) => u.id === id),
  };
}

let seq = 0;
export function rec(name: string, ward: string, over: Partial<RosterRecord> = {}): RosterRecord {
  seq++;
  return {
    row: seq + 1,
    full_name: name,
    dob: '1990-01-01',
    gender: 'female',
    person_id: `0791900${String(seq).padStart(5, '0')}`,
    phone: null,
    email: null,
    role: 'member',
    organisation: null,
    neighbourhood: 'Khu phố 1',
    ward,
    ward_code: null,
    district: null,
    joined_on: null,
    left_on: null,
    onetouch: 1,
    notes: null,
    repairs: [],
    ...over,
  };
}
