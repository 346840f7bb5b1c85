/**
 * Flat exports (`roster export members|teams`): one row per member (per
 * person and team) or per team of a period, with provenance columns (file,
 * sheet, row). CSV is UTF-8 with a BOM so Excel opens Vietnamese correctly;
 * every value goes through the safe-cell rules (formula-looking text gets a
 * leading apostrophe in CSV, is a string cell in XLSX); IDs, phones and
 * e-mail addresses are masked unless asked for.
 */
import type { DB } from '../store/db.js';
import type { Lang } from '../text/i18n.js';
import { label } from '../text/labels.js';
import { collectMonthly, MEMBER_ORDER, teamLineCells } from './monthly-data.js';
import { bounds } from './measures.js';
import { PLACED_ROWS } from '../month/changes.js';
import { maskEmail, maskValue, pii } from '../privacy/mask.js';
import { csvField, setCell, type SafeValue } from './safe-cell.js';

export type ExportKind = 'members' | 'teams';

export interface ExportTable {
  headers: string[];
  rows: Iterable<SafeValue[]>;
  /** Columns (0-based) holding ISO dates: real dates (dd/mm/yyyy) in XLSX. */
  dateColumns?: number[];
}

const HEAD = {
  members: {
    vi: [
      'Mã thành viên',
      'Mã tổ',
      'Họ và tên',
      'Ngày sinh',
      'Giới tính',
      'Số CCCD',
      'Số điện thoại',
      'Email',
      'Chức danh',
      'Đơn vị công tác',
      'Mã ĐVHC',
      'Phường/Xã',
      'Khu phố/Ấp',
      'OneTouch',
      'Ngày tham gia',
      'Ngày rời tổ',
      'Kỳ',
      'Tệp',
      'Trang tính',
      'Dòng',
    ],
    en: [
      'Member id',
      'Team id',
      'Full name',
      'Date of birth',
      'Gender',
      'Personal ID',
      'Phone',
      'Email',
      'Role',
      'Organisation',
      'Unit code',
      'Ward',
      'Neighbourhood',
      'OneTouch',
      'Joined',
      'Left',
      'Period',
      'File',
      'Sheet',
      'Row',
    ],
  },
  teams: {
    vi: [
      'Mã tổ',
      'Mã ĐVHC',
      'Phường/Xã',
      'Cấp tổ',
      'Khu phố/Ấp',
      'Tổ trưởng',
      'Thành viên',
      'Nữ',
      'Dưới 35 tuổi',
      'Hoàn thành OneTouch',
      'Đơn vị trước sắp xếp / ghi chú',
      'Kỳ',
      'Tệp',
      'Trang tính',
      'Dòng',
    ],
    en: [
      'Team id',
      'Unit code',
      'Ward',
      'Level',
      'Neighbourhood',
      'Leader',
      'Members',
      'Women',
      'Under 35',
      'OneTouch done',
      'Unit before reorganisation / note',
      'Period',
      'File',
      'Sheet',
      'Row',
    ],
  },
};

export function exportTable(db: DB, kind: ExportKind, o: { period: string; includePii: boolean; lang: Lang }): ExportTable {
  const b = bounds(o.period);
  if (kind === 'members') {
    // Opened when the rows are first read, so that a refused output path never leaves a statement running.
    const open = () =>
      db
        .prepare(
          `SELECT s.*, u.code AS ward_code, coalesce(u.name, s.ward) AS ward_name, t.neighbourhood AS team_nbh,
           i.file_name, i.sheet AS file_sheet
         FROM source_rows s JOIN teams t ON t.id = s.team_id
         LEFT JOIN units u ON u.id = t.unit_id JOIN imports i ON i.id = s.import_id
         WHERE s.id IN (${PLACED_ROWS})
         ORDER BY ${MEMBER_ORDER}`,
        )
        .iterate({ period: o.period, end: b.end }) as Iterable<Record<string, string | number | null>>;
    const rows = (function* () {
      for (const r of open()) {
        yield [
          r.member_id,
          r.team_id,
          r.full_name,
          r.dob,
          label('gender', r.gender, o.lang),
          pii(r.person_id as string | null, o.includePii),
          pii(r.phone as string | null, o.includePii),
          maskEmail(r.email as string | null, o.includePii),
          label('role', r.role, o.lang),
          r.organisation,
          r.ward_code,
          r.ward_name,
          r.team_nbh,
          label('yesNo', r.onetouch, o.lang),
          r.joined_on,
          r.left_on,
          o.period,
          r.file_name,
          r.file_sheet,
          r.row_number,
        ].map((v) => maskValue(v, o.includePii)) as SafeValue[];
      }
    })();
    // Date of birth, joined, left.
    return { headers: HEAD.members[o.lang], rows, dateColumns: ['Ngày sinh', 'Ngày tham gia', 'Ngày rời tổ'].map((h) => HEAD.members.vi.indexOf(h)) };
  }
  const data = collectMonthly(db, o.period);
  // Provenance of a team: the first row that lists it this period.
  const prov = db.prepare(
    `SELECT i.file_name, i.sheet, min(s.row_number) AS row FROM source_rows s JOIN imports i ON i.id = s.import_id
     WHERE s.period = ? AND s.superseded_by IS NULL AND s.team_id = ? GROUP BY i.id ORDER BY i.id LIMIT 1`,
  );
  const rows = data.teams.map((t) => {
    const p = prov.get(o.period, t.teamId ?? -1) as { file_name: string; sheet: string | null; row: number } | undefined;
    return [
      t.teamId,
      t.wardCode,
      t.wardName,
      ...teamLineCells(t, label('level', t.level, o.lang), label('lineKind', 'outside', o.lang)),
      o.period,
      p?.file_name ?? '',
      p?.sheet ?? '',
      p?.row ?? null,
    ].map((v) => maskValue(v, o.includePii)) as SafeValue[];
  });
  return { headers: HEAD.teams[o.lang], rows };
}

/** CSV text: BOM, header, CRLF rows; formula-looking text prefixed with an apostrophe. */
export async function* csvChunks(t: ExportTable): AsyncGenerator<string> {
  const { stringify } = await import('csv-stringify/sync');
  yield '\ufeff';
  yield stringify([t.headers.map(csvField)], { record_delimiter: 'windows' });
  let batch: string[][] = [];
  for (const r of t.rows) {
    batch.push(r.map((v) => csvField(typeof v === 'object' && v !== null && !(v instanceof Date) ? v.result : v)));
    if (batch.length >= 1000) {
      yield stringify(batch, { record_delimiter: 'windows' });
      batch = [];
    }
  }
  if (batch.length) yield stringify(batch, { record_delimiter: 'windows' });
}

export async function writeXlsx(file: string, t: ExportTable, sheet: string, now: Date): Promise<void> {
  const { breathe, colLetter, streamWorkbook, FILL, FONT } = await import('./xlsx.js');
  const { dateCell, DATE_FORMAT } = await import('./xlsx.js');
  const wb = streamWorkbook(file, now);
  const ws = wb.addWorksheet(sheet, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.autoFilter = `A1:${colLetter(t.headers.length)}1`;
  const dates = new Set(t.dateColumns ?? []);
  ws.columns = t.headers.map((h) => ({ width: Math.max(10, Math.min(30, h.length + 4)) }));
  const hr = ws.getRow(1);
  t.headers.forEach((h, k) => {
    const c = hr.getCell(k + 1);
    setCell(c, h);
    c.font = { name: FONT, bold: true };
    c.fill = FILL.header;
  });
  hr.commit();
  let r = 2;
  for (const vals of t.rows) {
    const row = ws.getRow(r++);
    vals.forEach((v, k) => {
      const c = row.getCell(k + 1);
      const d = dates.has(k) && typeof v === 'string' ? dateCell(v) : v;
      if (d instanceof Date) c.numFmt = DATE_FORMAT;
      setCell(c, d);
    });
    row.commit();
    if ((r & 1023) === 0) await breathe(ws);
  }
  ws.commit();
  await wb.commit();
}
