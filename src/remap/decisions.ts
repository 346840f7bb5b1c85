/**
 * The decisions file of `roster remap --decisions FILE`: a CSV with a header,
 * one team per line, and the code of the new ward it goes to:
 *
 *   team_id,new_unit_code              (team ids as `roster remap --dry-run --json` lists them)
 *   ward,neighbourhood,new_unit_code   (the ward and neighbourhood as the roster wrote them)
 *
 * Headers may also be written in Vietnamese: "Mã tổ", "Phường/Xã", "Khu phố",
 * "Mã phường mới". A code that is not a successor of the team's ward, or a line
 * that matches no team awaiting a decision, is an InputError naming the line.
 */
import fs from 'node:fs';
import { InputError } from '../errors.js';
import { fold } from '../text/fold.js';
import { msg } from '../text/i18n.js';
import { neighbourhoodKey } from '../text/neighbourhood.js';
import { unitNameKey } from '../units/names.js';
import type { Move, RemapTeam } from './remap.js';

const HEADER: Record<string, 'team' | 'ward' | 'neighbourhood' | 'code'> = {
  team_id: 'team',
  team: 'team',
  'ma to': 'team',
  ward: 'ward',
  'phuong/xa': 'ward',
  phuong: 'ward',
  xa: 'ward',
  neighbourhood: 'neighbourhood',
  neighborhood: 'neighbourhood',
  'khu pho': 'neighbourhood',
  'khu pho/ap': 'neighbourhood',
  ap: 'neighbourhood',
  new_unit_code: 'code',
  new_ward_code: 'code',
  code: 'code',
  'ma phuong moi': 'code',
  'ma don vi moi': 'code',
};

/** The decisions file's rows (header first), in UTF-8 with or without a BOM, comma, semicolon or tab separated. */
async function readRows(file: string): Promise<string[][]> {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8').replace(/^\ufeff/, '');
  } catch {
    throw new InputError(msg(`Không đọc được tệp quyết định ${file}.`, `Cannot read the decisions file ${file}.`), undefined, file);
  }
  const { parse } = await import('csv-parse/sync');
  let rows: string[][];
  try {
    rows = parse(text, { skip_empty_lines: true, relax_column_count: true, trim: true, delimiter: [',', ';', '\t'] }) as string[][];
  } catch (e) {
    throw new InputError(
      msg(`Tệp quyết định ${file} không đọc được: ${(e as Error).message}`, `The decisions file ${file} cannot be read: ${(e as Error).message}`),
      undefined,
      file,
    );
  }
  return rows;
}

export async function readDecisions(file: string, teams: RemapTeam[]): Promise<Move[]> {
  const rows = await readRows(file);
  const head = (rows.shift() ?? []).map((h) => HEADER[fold(h).replace(/\s*\/\s*/g, '/')]);
  const col = (k: DecisionColumn) => head.indexOf(k);
  const hint = msg('Tiêu đề cần có: team_id,new_unit_code hoặc ward,neighbourhood,new_unit_code.', 'The header must be team_id,new_unit_code or ward,neighbourhood,new_unit_code.');
  if (col('code') < 0 || (col('team') < 0 && col('ward') < 0)) {
    throw new InputError(msg(`Tệp quyết định ${file}: thiếu cột.`, `Decisions file ${file}: columns missing.`), hint, file);
  }
  const moves: Move[] = [];
  const decided = new Set<number>();
  rows.forEach((r, i) => {
    const line = i + 2;
    const where = `${file}:${line}`;
    const code = (r[col('code')] ?? '').trim();
    if (!code) return;
    const team = teamOfLine(r, col, teams, { where, file });
    const to = team.successors.find((s) => s.unit.code === code);
    if (!to) {
      const allowed = team.successors.map((s) => `${s.unit.code} ${s.unit.name}`).join(', ');
      throw new InputError(
        msg(
          `${where}: ${code} không phải đơn vị kế thừa của ${team.unit.name} (có thể: ${allowed}).`,
          `${where}: ${code} is not a successor of ${team.unit.name} (choose from: ${allowed}).`,
        ),
        undefined,
        file,
      );
    }
    if (decided.has(team.teamId)) {
      throw new InputError(msg(`${where}: tổ ${team.teamId} đã có quyết định ở dòng trước.`, `${where}: team ${team.teamId} is decided twice.`), undefined, file);
    }
    decided.add(team.teamId);
    moves.push({ team, to, decidedBy: 'decisions-file' });
  });
  return moves;
}

type DecisionColumn = 'team' | 'ward' | 'neighbourhood' | 'code';

/** The one team a decisions line names, by team id or by ward and khu phố; exit 2 naming the line otherwise. */
function teamOfLine(r: string[], col: (k: DecisionColumn) => number, teams: RemapTeam[], at: { where: string; file: string }): RemapTeam {
  const { where, file } = at;
  let matches: RemapTeam[];
  if (col('team') >= 0 && (r[col('team')] ?? '').trim() !== '') {
    const raw = (r[col('team')] ?? '').trim();
    // Team ids are plain integers: "3.0", "0x3", "3e0" or "+3" name no team.
    if (!/^[0-9]{1,15}$/.test(raw)) {
      throw new InputError(
        msg(`${where}: mã tổ "${raw}" không phải số nguyên (ví dụ 3).`, `${where}: team id "${raw}" is not a plain integer (e.g. 3).`),
        msg('Dùng mã tổ đúng như "roster remap --dry-run --json" liệt kê.', 'Use the team ids exactly as "roster remap --dry-run --json" lists them.'),
        file,
      );
    }
    const id = Number(raw);
    matches = teams.filter((t) => t.teamId === id);
  } else {
    const ward = unitNameKey(r[col('ward')] ?? '');
    const nb = col('neighbourhood') >= 0 ? neighbourhoodKey(r[col('neighbourhood')] ?? '') : '';
    matches = teams.filter((t) => unitNameKey(t.unit.name) === ward && t.neighbourhoodKey === nb);
  }
  if (matches.length === 0) {
    throw new InputError(
      msg(`${where}: không có tổ nào đang chờ quyết định khớp với dòng này.`, `${where}: no team awaiting a decision matches this line.`),
      msg('Xem danh sách bằng "roster remap --dry-run".', 'List them with "roster remap --dry-run".'),
      file,
    );
  }
  if (matches.length > 1) {
    throw new InputError(
      msg(
        `${where}: dòng này khớp với nhiều tổ (${matches.map((t) => t.teamId).join(', ')}); dùng cột team_id.`,
        `${where}: this line matches several teams (${matches.map((t) => t.teamId).join(', ')}); use the team_id column.`,
      ),
      undefined,
      file,
    );
  }
  return matches[0] as RemapTeam;
}
