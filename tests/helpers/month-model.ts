/**
 * Roster months as plain data, written as CSV files, and the changes between
 * two months counted from that data alone, by the definitions the Kiểm tra
 * sheet states (not with the code under test): a person is placed once, in
 * the first file (then row) that lists them without a past leaving date;
 * joined = placed now, not before; moved = placed in both, in another team;
 * left = placed before, not now, and either listed now (a leaving date) or
 * their team sent a roster now; pending = the rest (their team sent nothing).
 */
import path from 'node:path';
import { writeCsv } from './seed.js';
import { defined, at, known } from './defined.js';

export const HEAD = ['Họ và tên', 'Ngày sinh', 'Giới tính', 'Số CCCD', 'Số điện thoại', 'Chức danh', 'Khu phố', 'Phường/Xã', 'Ngày rời tổ'];
export const WARDS: Record<string, string> = { TD: 'Phường Tân Định', SG: 'Phường Sài Gòn', BC: 'Phường Bàn Cờ' };
export const CODES: Record<string, string> = { TD: '26737', SG: '26740', BC: '27154' };

export interface Person {
  n: number;
  ward: string;
  kp: string;
  leader?: boolean;
  /** dd/mm/yyyy */
  leftOn?: string;
  phone?: string;
}
export interface RosterFile {
  name: string;
  rows: Person[];
}

export const personId = (n: number) => `079${n % 2 ? '0' : '1'}85${String(n).padStart(6, '0')}`;
export const personName = (n: number) => `Người Thử ${n}`;
export const phoneOf = (p: Person) => p.phone ?? `090${1000000 + p.n}`;
export const csvRow = (p: Person) => [
  personName(p.n),
  `${String((p.n % 27) + 1).padStart(2, '0')}/03/1985`,
  p.n % 2 ? 'Nam' : 'Nữ',
  personId(p.n),
  phoneOf(p),
  p.leader ? 'Tổ trưởng' : 'Thành viên',
  p.kp,
  known(WARDS[p.ward], `the ward ${p.ward}`),
  p.leftOn ?? '',
];
export const team = (ward: string, kp: string, ns: number[], leader = ns[0]): Person[] => ns.map((n) => ({ n, ward, kp, leader: n === leader }));
export const writeFiles = (dir: string, files: RosterFile[]) => files.map((f) => writeCsv(path.join(dir, f.name), f.rows.map(csvRow), HEAD));
/** One more for `key`, which must be counted already. */
const bump = (c: Record<string, number>, key: string) => {
  c[key] = known(c[key], `the count of ${key}`) + 1;
};
export const teamKey = (p: Pick<Person, 'ward' | 'kp'>) => `${p.ward}|${p.kp}`;
/** "Khu phố 1, Phường Tân Định" as the tool labels a team. */
export const teamLabel = (key: string) => `${key.split('|')[1]}, ${WARDS[at(key.split('|'), 0)]}`;

export interface Place {
  team: string;
  ward: string;
  file: string;
  /** Row in the CSV (header is row 1). */
  row: number;
}

export function placements(files: RosterFile[], end: string): Map<number, Place> {
  const m = new Map<number, Place>();
  for (const f of files)
    f.rows.forEach((p, i) => {
      const left = p.leftOn !== undefined && p.leftOn.split('/').reverse().join('-') <= end;
      if (!left && !m.has(p.n)) m.set(p.n, { team: teamKey(p), ward: p.ward, file: f.name, row: i + 2 });
    });
  return m;
}

export function expectedChanges(prevFiles: RosterFile[], prevEnd: string, files: RosterFile[], end: string) {
  const before = placements(prevFiles, prevEnd);
  const now = placements(files, end);
  const listed = new Set(files.flatMap((f) => f.rows.map((p) => p.n)));
  const sent = new Set(files.flatMap((f) => f.rows.map(teamKey)));
  const joined = [...now.keys()].filter((n) => !before.has(n));
  const moved = [...now.keys()].filter((n) => before.has(n) && defined(before.get(n)).team !== defined(now.get(n)).team);
  const left = [...before.keys()].filter((n) => !now.has(n) && (listed.has(n) || sent.has(defined(before.get(n)).team)));
  const pending = [...before.keys()].filter((n) => !now.has(n) && !left.includes(n));
  const prevTeams = new Set([...before.values()].map((p) => p.team));
  const movedAway = [...prevTeams].filter((t) => !sent.has(t) && [...before].filter(([, p]) => p.team === t).every(([n, p]) => now.has(n) && defined(now.get(n)).team !== p.team));
  const missing = [...prevTeams].filter((t) => !sent.has(t) && !movedAway.includes(t));
  const perWard = (k: 'members' | 'joined' | 'left') => {
    const c: Record<string, number> = Object.fromEntries(Object.keys(WARDS).map((w) => [w, 0]));
    if (k === 'members') for (const p of now.values()) bump(c, p.ward);
    if (k === 'joined') for (const n of joined) bump(c, defined(now.get(n)).ward);
    if (k === 'left') for (const n of left) bump(c, defined(before.get(n)).ward);
    return c;
  };
  return { before, now, joined, moved, left, pending, movedAway, missing, members: perWard('members'), joinedBy: perWard('joined'), leftBy: perWard('left') };
}
