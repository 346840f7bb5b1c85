/**
 * The hidden, machine-readable sheet `_data` of a monthly workbook: every
 * figure `report consolidate` needs, one record per row, column A naming the
 * record type. Written by the summary writer, read back with the importer's
 * streaming XLSX reader (bounded memory, hostile-file limits, shared strings
 * after a re-save in Excel all handled there).
 *
 *   roster-monthly | <format version>
 *   meta  | key | value
 *   ward  | kind | office | code | vintage | name | parent | teamsWard … left (9 counts)
 *   team  | kind | office | wardCode | wardName | level | neighbourhood | leaders | members | women | under35 | onetouch | origin
 *   file  | office | file | sheet | sha256 | rows
 *   check | text
 *   layout | summary | sheet | first row | total row | rate column | column of each count
 *   layout | teams   | sheet | first row | columns of members, women, under35, onetouch
 *   layout | members | sheet | first row | rows | SHA-256 of the rows as written
 *   digest | sha256 | SHA-256 of every row above (src/reports/digest.ts); always the last row
 *
 * A workbook without the digest row (written before it existed) reads back,
 * but cannot be verified.
 */
import { InputError } from '../errors.js';
import { type OpenedTable, openTable } from '../readers/index.js';
import type { CellValue } from '../readers/types.js';
import { msg } from '../text/i18n.js';
import { maskValue } from '../privacy/mask.js';
import { COUNT_KEYS, zero, type Counts, type LineKind, type SourceFile, type TeamLine, type WardLine } from './monthly-data.js';
import { DIGEST_ALGORITHM, RowHasher, canonRow, TOOL_VERSION } from './digest.js';
import { setCell, type SafeValue } from './safe-cell.js';
import type { FigureLayout, SummaryInput } from './summary/input.js';
import { DirectRows, type StreamWorkbook } from './xlsx.js';

export const DATA_SHEET = '_data';
export const DATA_FORMAT = 'roster-monthly';
export const DATA_VERSION = 1;

export interface MonthlyExport {
  period: string;
  periodEnd: string;
  office: string;
  jurisdiction: string[];
  vintage: string;
  draft: boolean;
  lang: string;
  counts: { error: number; warning: number; info: number };
  totals: Counts;
  wards: WardLine[];
  teams: TeamLine[];
  files: SourceFile[];
  checks: string[];
  /** When and by which version the workbook was written ('' when older than the digest). */
  generated: string;
  tool: string;
  layout: FigureLayout;
  /** The digest row's value, and the digest of the rows above it as read back. */
  digest?: { stored: string; computed: string };
}

const NO_STYLE = {};

export const TEAM_FIGURES = ['members', 'women', 'under35', 'onetouch'] as const;

export function writeDataSheet(wb: StreamWorkbook, input: SummaryInput, totals: Counts, layout: FigureLayout = {}): void {
  const ws = wb.addWorksheet(DATA_SHEET, { state: 'veryHidden' });
  const hash = new RowHasher();
  const rows = new DirectRows(ws, 1);
  const styles: object[] = [];
  const row = (given: SafeValue[]) => {
    // The one masking rule holds in this very hidden sheet too: an ID typed into a ward or khu phố name stays masked.
    // Only the names rosters typed (ward and team rows): file names, digests and counts are the tool's own.
    const typed = given[0] === 'team' || given[0] === 'ward';
    const vals = input.includePii || !typed ? given : given.map((v) => maskValue(v, false));
    // One unstyled style object for every cell: the writer resolves it once instead of once per cell.
    while (styles.length < vals.length) styles.push(NO_STYLE);
    rows.write(vals, styles);
    hash.add(vals);
  };
  row([DATA_FORMAT, DATA_VERSION]);
  const meta: [string, SafeValue][] = [
    ['generated', input.now.toISOString()],
    ['tool', `roster ${TOOL_VERSION}`],
    ['period', input.period],
    ['periodEnd', input.periodEnd],
    ['office', input.office.name],
    ['jurisdiction', input.office.jurisdiction.join(',')],
    ['vintage', input.vintage],
    ['draft', input.draft ? 1 : 0],
    ['lang', input.lang],
    ['errors', input.report.counts.error],
    ['warnings', input.report.counts.warning],
    ['info', input.report.counts.info],
    ...COUNT_KEYS.map((k): [string, SafeValue] => [`total.${k}`, totals[k]]),
  ];
  for (const [k, v] of meta) row(['meta', k, v]);
  for (const w of input.wards) row(['ward', w.kind, w.office ?? input.office.name, w.code, w.vintage, w.name, w.parent, ...COUNT_KEYS.map((k) => w.counts[k])]);
  for (const t of input.teams) {
    row(['team', t.kind, t.office ?? input.office.name, t.wardCode, t.wardName, t.level, t.neighbourhood, t.leaders, t.members, t.women, t.under35, t.onetouch, t.origin]);
  }
  for (const f of input.files) row(['file', f.office ?? input.office.name, f.file, f.sheet, f.sha256, f.rows]);
  for (const c of input.checks ?? []) row(['check', c]);
  const { summary: sm, teams: tm, members: mm } = layout;
  if (sm) row(['layout', 'summary', sm.sheet, sm.first, sm.total, sm.rate, ...sm.cols]);
  if (tm) row(['layout', 'teams', tm.sheet, tm.first, ...tm.cols]);
  if (mm) row(['layout', 'members', mm.sheet, mm.first, mm.count, mm.sha256]);
  const last = ws.getRow(rows.nextRow);
  setCell(last.getCell(1), 'digest');
  setCell(last.getCell(2), DIGEST_ALGORITHM);
  setCell(last.getCell(3), hash.hex());
  last.commit();
  ws.commit();
}

function str(v: CellValue | undefined): string {
  if (v === null || v === undefined) return '';
  return v instanceof Date ? v.toISOString().slice(0, 10) : String(v);
}

function num(v: CellValue | undefined): number {
  if (typeof v === 'number') return v;
  const n = Number(str(v));
  return Number.isFinite(n) ? n : 0;
}

function readLayout(l: FigureLayout, c: CellValue[]): void {
  const nums = (from: number) => c.slice(from).map(num);
  switch (str(c[1])) {
    case 'summary':
      l.summary = { sheet: str(c[2]), first: num(c[3]), total: num(c[4]), rate: num(c[5]), cols: nums(6) };
      break;
    case 'teams':
      l.teams = { sheet: str(c[2]), first: num(c[3]), cols: nums(4) };
      break;
    case 'members':
      l.members = { sheet: str(c[2]), first: num(c[3]), count: num(c[4]), sha256: str(c[5]) };
      break;
    default:
      break;
  }
}

function notOurs(file: string): InputError {
  return new InputError(
    msg(
      `${file}: không phải báo cáo tháng do roster lập (không có trang dữ liệu ẩn ${DATA_SHEET}).`,
      `${file}: not a monthly workbook written by roster (no hidden ${DATA_SHEET} sheet).`,
    ),
    msg('Dùng các tệp tạo bằng "roster report monthly".', 'Use files written by "roster report monthly".'),
    file,
  );
}

/** Reads the hidden sheet of a monthly workbook back. InputError (exit 2) when it is not one. */
export async function readDataSheet(file: string): Promise<MonthlyExport> {
  let table: OpenedTable;
  try {
    table = await openTable(file, { sheet: DATA_SHEET });
  } catch (e) {
    if (e instanceof InputError && /no sheet named|không có trang tính/.test(e.msg.en + e.msg.vi)) throw notOurs(file);
    throw e;
  }
  const out = emptyExport();
  const hash = new RowHasher();
  let first = true;
  for await (const { cells: c } of table.rows) {
    if (str(c[0]) === 'digest') {
      out.digest = { stored: str(c[2]), computed: hash.hex() };
      continue;
    }
    // Rows after the digest row are not covered by it: make them count as a change.
    if (out.digest) out.digest.computed = `rows after the digest: ${canonRow(c)}`;
    hash.add(c);
    if (first) {
      first = false;
      checkFormatRow(file, c);
      continue;
    }
    readDataRow(out, c);
  }
  if (first || !out.period) throw notOurs(file);
  return out;
}

function emptyExport(): MonthlyExport {
  return {
    period: '',
    periodEnd: '',
    office: '',
    jurisdiction: [],
    vintage: '',
    draft: false,
    lang: 'vi',
    counts: { error: 0, warning: 0, info: 0 },
    totals: zero(),
    wards: [],
    teams: [],
    files: [],
    checks: [],
    generated: '',
    tool: '',
    layout: {},
  };
}

/** The first row names the format and its version: another workbook, or one from a newer roster, is refused. */
function checkFormatRow(file: string, c: CellValue[]): void {
  if (str(c[0]) !== DATA_FORMAT) throw notOurs(file);
  if (num(c[1]) > DATA_VERSION) {
    throw new InputError(
      msg(`${file}: được lập bởi phiên bản roster mới hơn.`, `${file}: written by a newer roster.`),
      msg('Cập nhật roster lên bản mới nhất.', 'Update roster to the latest version.'),
      file,
    );
  }
}

function readDataRow(out: MonthlyExport, c: CellValue[]): void {
  switch (str(c[0])) {
    case 'meta':
      readMeta(out, str(c[1]), c[2]);
      break;
    case 'ward': {
      const counts = zero();
      COUNT_KEYS.forEach((k, i) => {
        counts[k] = num(c[7 + i]);
      });
      out.wards.push({ kind: str(c[1]) as LineKind, office: str(c[2]), code: str(c[3]), vintage: str(c[4]), name: str(c[5]), parent: str(c[6]), counts });
      break;
    }
    case 'team':
      out.teams.push({
        kind: str(c[1]) as LineKind,
        office: str(c[2]),
        wardCode: str(c[3]),
        wardName: str(c[4]),
        level: str(c[5]) === 'ward' ? 'ward' : 'neighbourhood',
        neighbourhood: str(c[6]),
        leaders: str(c[7]),
        members: num(c[8]),
        women: num(c[9]),
        under35: num(c[10]),
        onetouch: num(c[11]),
        origin: str(c[12]),
      });
      break;
    case 'file':
      out.files.push({ office: str(c[1]), file: str(c[2]), sheet: str(c[3]), sha256: str(c[4]), rows: num(c[5]) });
      break;
    case 'check':
      out.checks.push(str(c[1]));
      break;
    case 'layout':
      readLayout(out.layout, c);
      break;
    default:
      break;
  }
}

function readMeta(out: MonthlyExport, k: string, v: CellValue | undefined): void {
  if (k === 'period') out.period = str(v);
  else if (k === 'periodEnd') out.periodEnd = str(v);
  else if (k === 'office') out.office = str(v);
  else if (k === 'jurisdiction') out.jurisdiction = str(v).split(',').filter(Boolean);
  else if (k === 'vintage') out.vintage = str(v);
  else if (k === 'draft') out.draft = num(v) === 1;
  else if (k === 'lang') out.lang = str(v);
  else if (k === 'generated') out.generated = str(v);
  else if (k === 'tool') out.tool = str(v);
  else if (k === 'errors') out.counts.error = num(v);
  else if (k === 'warnings') out.counts.warning = num(v);
  else if (k === 'info') out.counts.info = num(v);
  else if (k.startsWith('total.')) {
    const key = k.slice(6) as keyof Counts;
    if (COUNT_KEYS.includes(key)) out.totals[key] = num(v);
  }
}
