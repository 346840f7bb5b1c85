/**
 * The monthly submission workbook (SPEC § The monthly workbook), written with
 * the exceljs streaming writer: `Tổng hợp`, `Danh sách tổ`, `Thành viên`,
 * `Biến động`, `Kiểm tra`, and the hidden `_data` sheet that
 * `report consolidate` reads back. The same writer lays out the city-level
 * consolidated workbook (office column, no member lists).
 *
 * Imports exceljs: load lazily.
 */
import type ExcelJS from 'exceljs';
import type { Finding, Report } from '../rules/types.js';
import type { Lang } from '../text/i18n.js';
import { NOTES } from './measures.js';
import { teamLine } from '../month/describe.js';
import type { ChangeRow, Counts, MemberRow, Office, SourceFile, TeamLine, WardLine } from './monthly-data.js';
import { addCounts, COUNT_KEYS, zero } from './monthly-data.js';
import { writeDataSheet, type FigureLayout } from './data-sheet.js';
import { RowHasher } from './digest.js';
import { maskText, maskValue, pii } from '../privacy/mask.js';
import { setCell, type SafeValue } from './safe-cell.js';
import { addDataBars, breathe, colLetter, FILL, FONT, streamWorkbook, THIN, type StreamSheet, type StreamWorkbook } from './xlsx.js';

export interface SummaryInput {
  lang: Lang;
  period: string;
  periodEnd: string;
  office: Office;
  vintage: string;
  /** Consolidated (city) workbook: one row per office and ward, no member lists. */
  consolidated?: { offices: string[] };
  wards: WardLine[];
  teams: TeamLine[];
  files: SourceFile[];
  members?: Iterable<MemberRow>;
  changes?: Iterable<ChangeRow>;
  report: Report;
  /** Set when report.findings was already cut to the listed ones: how many open findings there are in all. */
  openTotal?: number;
  draft: boolean;
  signer?: string;
  includePii: boolean;
  /** Date printed on the place-and-date line. */
  now: Date;
  /** Extra lines for `Kiểm tra` (e.g. overlaps found by consolidate). */
  checks?: string[];
  /** Completeness (monthly workbook): expected teams without a roster, and what the clerk accepted. */
  completeness?: Completeness;
}

export interface Completeness {
  /** "Khu phố 2, Phường Tân Định (mã tổ 7)" per expected team without a roster. */
  missing: string[];
  /** Teams whose members all moved: "Khu phố 3, … → Khu phố 5, …". */
  movedAway: string[];
  /** The clerk accepted the missing rosters (--accept-missing): the teams named, or all. */
  accepted: string[];
  /** People listed more than once this period (each counted once). */
  listedTwice: number;
}

export interface SummaryResult {
  totals: Counts;
  members: number;
  changes: number;
  sheets: string[];
}

const L = {
  vi: {
    sheets: ['Tổng hợp', 'Danh sách tổ', 'Thành viên', 'Biến động', 'Kiểm tra'],
    republic: 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
    motto: 'Độc lập - Tự do - Hạnh phúc',
    title: (m: string) => `BÁO CÁO TÌNH HÌNH TỔ CÔNG NGHỆ SỐ CỘNG ĐỒNG THÁNG ${m}`,
    cityTitle: (m: string) => `BÁO CÁO TỔNG HỢP TỔ CÔNG NGHỆ SỐ CỘNG ĐỒNG THÁNG ${m}`,
    asOf: (d: string) => `(Số liệu tính đến hết ngày ${d})`,
    place: (d: Date) => `Thành phố Hồ Chí Minh, ngày ${pad(d.getDate())} tháng ${pad(d.getMonth() + 1)} năm ${d.getFullYear()}`,
    draft: 'DỰ THẢO',
    draftNote: 'DỰ THẢO - dữ liệu còn lỗi chưa xử lý, xem trang Kiểm tra',
    no: 'STT',
    office: 'Đơn vị báo cáo',
    ward: 'Phường/Xã',
    code: 'Mã ĐVHC',
    parent: 'Trực thuộc',
    teams: 'Số tổ',
    teamsWard: 'Tổ cấp xã',
    teamsNbh: 'Tổ khu phố/ấp',
    memberGroup: 'Thành viên',
    members: 'Tổng số',
    leaders: 'Tổ trưởng',
    women: 'Nữ',
    under35: 'Dưới 35 tuổi',
    onetouch: 'Hoàn thành OneTouch',
    rate: 'Tỷ lệ OneTouch',
    changes: 'Biến động trong tháng',
    joined: 'Vào tổ',
    left: 'Rời tổ',
    total: 'Tổng cộng',
    unresolved: 'Chưa xác định phường/xã hoặc đơn vị cũ chưa chuyển (xem Danh sách tổ)',
    outside: 'ngoài địa bàn',
    recipients: ['Nơi nhận:', '- UBND Thành phố Hồ Chí Minh;', '- Sở Khoa học và Công nghệ;', '- Lưu: VT.'],
    signTitle: 'THỦ TRƯỞNG ĐƠN VỊ',
    signHint: '(Ký, ghi rõ họ tên, đóng dấu)',
    maker: 'NGƯỜI LẬP BIỂU',
    makerHint: '(Ký, ghi rõ họ tên)',
    level: 'Cấp tổ',
    levelWard: 'Cấp xã',
    levelNbh: 'Khu phố/ấp',
    nbh: 'Khu phố/Ấp',
    leaderName: 'Tổ trưởng',
    origin: 'Đơn vị trước sắp xếp / ghi chú',
    teamsTitle: (m: string) => `DANH SÁCH TỔ CÔNG NGHỆ SỐ CỘNG ĐỒNG THÁNG ${m}`,
    membersTitle: (m: string) => `DANH SÁCH THÀNH VIÊN THÁNG ${m}`,
    changesTitle: (m: string) => `BIẾN ĐỘNG THÀNH VIÊN THÁNG ${m}`,
    checksTitle: (m: string) => `KIỂM TRA DỮ LIỆU THÁNG ${m}`,
    memberCols: ['STT', 'Phường/Xã', 'Khu phố/Ấp', 'Họ và tên', 'Ngày sinh', 'Giới tính', 'Số CCCD', 'Số điện thoại', 'Chức danh', 'Đơn vị công tác', 'OneTouch', 'Ngày tham gia', 'Tệp nguồn', 'Dòng'],
    changeCols: ['STT', 'Loại', 'Ngày', 'Họ và tên', 'Số CCCD', 'Phường/Xã', 'Khu phố/Ấp', 'Từ đơn vị', 'Căn cứ', 'Tệp nguồn', 'Dòng'],
    kinds: { joined: 'Vào tổ', left: 'Rời tổ', moved: 'Chuyển tổ', remapped: 'Chuyển đơn vị (sắp xếp ĐVHC)' } as Record<string, string>,
    roles: { leader: 'Tổ trưởng', deputy: 'Tổ phó', member: 'Thành viên' } as Record<string, string>,
    genders: { male: 'Nam', female: 'Nữ' } as Record<string, string>,
    yes: 'Có',
    no_: 'Không',
    noMembers: 'Xem danh sách thành viên trong báo cáo của từng đơn vị.',
    status: 'Tình trạng dữ liệu',
    ok: 'Không còn lỗi.',
    errors: (e: number, w: number, i: number) => `Lỗi: ${e}; cảnh báo: ${w}; thông tin: ${i}.`,
    notes: 'Cách tính',
    filesHead: ['Tệp nguồn', 'Trang tính', 'Số dòng', 'SHA-256'],
    findingsHead: ['STT', 'Mức độ', 'Quy tắc', 'Tệp', 'Dòng', 'Ô', 'Nội dung'],
    sev: { error: 'Lỗi', warning: 'Cảnh báo', info: 'Thông tin' } as Record<string, string>,
    maskNote: 'Số CCCD và số điện thoại được che bớt; dùng --include-pii để hiện đầy đủ.',
    vintage: (v: string) => `Danh mục đơn vị hành chính áp dụng: ${v}.`,
    page: '&C&"Times New Roman"&9Trang &P/&N',
    missingHead: 'Chưa nộp danh sách',
    movedAwayHead: 'Đã chuyển thành',
    acceptedHead: (who: string) => `Chấp nhận báo cáo khi còn tổ chưa nộp danh sách (--accept-missing ${who}); người của các tổ này không tính là thành viên cũng không tính là rời tổ.`,
    listedTwice: (n: number) => `${n} người có tên nhiều lần trong danh sách kỳ này: mỗi người chỉ được tính một lần, ở tổ của lần nhập sớm nhất còn hiệu lực (rồi theo tệp, trang tính, dòng).`,
  },
  en: {
    sheets: ['Summary', 'Teams', 'Members', 'Changes', 'Checks'],
    republic: 'SOCIALIST REPUBLIC OF VIETNAM',
    motto: 'Independence - Freedom - Happiness',
    title: (m: string) => `COMMUNITY DIGITAL TECHNOLOGY TEAMS: MONTHLY REPORT ${m}`,
    cityTitle: (m: string) => `COMMUNITY DIGITAL TECHNOLOGY TEAMS: CONSOLIDATED REPORT ${m}`,
    asOf: (d: string) => `(Figures as of the end of ${d})`,
    place: (d: Date) => `Ho Chi Minh City, ${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`,
    draft: 'DRAFT',
    draftNote: 'DRAFT - the data still has errors, see the Checks sheet',
    no: '#',
    office: 'Reporting office',
    ward: 'Ward/Commune',
    code: 'Unit code',
    parent: 'Part of',
    teams: 'Teams',
    teamsWard: 'Ward-level',
    teamsNbh: 'Neighbourhood',
    memberGroup: 'Members',
    members: 'Total',
    leaders: 'Leaders',
    women: 'Women',
    under35: 'Under 35',
    onetouch: 'OneTouch done',
    rate: 'OneTouch rate',
    changes: 'Changes this month',
    joined: 'Joined',
    left: 'Left',
    total: 'Total',
    unresolved: 'Ward not identified or former unit not yet remapped (see Teams)',
    outside: 'outside jurisdiction',
    recipients: ['To:', '- Ho Chi Minh City People’s Committee;', '- Department of Science and Technology;', '- Archive.'],
    signTitle: 'HEAD OF OFFICE',
    signHint: '(Signature, full name, seal)',
    maker: 'PREPARED BY',
    makerHint: '(Signature, full name)',
    level: 'Level',
    levelWard: 'Ward',
    levelNbh: 'Neighbourhood',
    nbh: 'Neighbourhood',
    leaderName: 'Leader',
    origin: 'Unit before reorganisation / note',
    teamsTitle: (m: string) => `TEAMS ${m}`,
    membersTitle: (m: string) => `MEMBERS ${m}`,
    changesTitle: (m: string) => `CHANGES ${m}`,
    checksTitle: (m: string) => `DATA CHECKS ${m}`,
    memberCols: ['#', 'Ward', 'Neighbourhood', 'Full name', 'Date of birth', 'Gender', 'Personal ID', 'Phone', 'Role', 'Organisation', 'OneTouch', 'Joined', 'Source file', 'Row'],
    changeCols: ['#', 'Change', 'Date', 'Full name', 'Personal ID', 'Ward', 'Neighbourhood', 'From unit', 'Legal basis', 'Source file', 'Row'],
    kinds: { joined: 'Joined', left: 'Left', moved: 'Moved team', remapped: 'Moved unit (reorganisation)' } as Record<string, string>,
    roles: { leader: 'Leader', deputy: 'Deputy', member: 'Member' } as Record<string, string>,
    genders: { male: 'Male', female: 'Female' } as Record<string, string>,
    yes: 'Yes',
    no_: 'No',
    noMembers: 'See the member lists in each office’s report.',
    status: 'Data status',
    ok: 'No errors remain.',
    errors: (e: number, w: number, i: number) => `Errors: ${e}; warnings: ${w}; info: ${i}.`,
    notes: 'Definitions',
    filesHead: ['Source file', 'Sheet', 'Rows', 'SHA-256'],
    findingsHead: ['#', 'Severity', 'Rule', 'File', 'Row', 'Cell', 'Finding'],
    sev: { error: 'Error', warning: 'Warning', info: 'Info' } as Record<string, string>,
    maskNote: 'Personal IDs and phone numbers are masked; use --include-pii to show them in full.',
    vintage: (v: string) => `Administrative unit list applied: ${v}.`,
    page: '&C&"Times New Roman"&9Page &P of &N',
    missingHead: 'Roster not received',
    movedAwayHead: 'Moved to',
    acceptedHead: (who: string) => `Report accepted with teams whose roster was not received (--accept-missing ${who}); their people count neither as members nor as having left.`,
    listedTwice: (n: number) => `${n} people are listed more than once this period: each counts once, in the team of the earliest import still in force (then file, sheet, row).`,
  },
};

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function monthText(period: string): string {
  const [y, m] = period.split('-');
  return `${m}/${y}`;
}

/** A full ISO date as a date cell value (shown dd/mm/yyyy); a year alone or text as written stays text. */
export function dateCell(iso: string | null | undefined): Date | string {
  if (!iso) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : iso;
}

export const DATE_FORMAT = 'dd/mm/yyyy';

function dmy(iso: string | null | undefined): string {
  if (!iso) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : iso;
}


type Align = Partial<ExcelJS.Alignment>;

function font(o: Partial<ExcelJS.Font> = {}): Partial<ExcelJS.Font> {
  return { name: FONT, size: 12, ...o };
}

function put(ws: StreamSheet, r: number, c: number, v: SafeValue, style: { font?: Partial<ExcelJS.Font>; align?: Align; fill?: ExcelJS.Fill; border?: boolean; numFmt?: string } = {}): ExcelJS.Cell {
  const cell = ws.getRow(r).getCell(c);
  setCell(cell, v);
  cell.font = style.font ?? font();
  if (style.align) cell.alignment = style.align;
  if (style.fill) cell.fill = style.fill;
  if (style.border) cell.border = THIN;
  if (style.numFmt) cell.numFmt = style.numFmt;
  return cell;
}

const CENTER: Align = { horizontal: 'center', vertical: 'middle', wrapText: true };

function pageSetup(titleRows: string): Partial<ExcelJS.PageSetup> {
  return {
    paperSize: 9,
    orientation: 'landscape',
    fitToPage: true,
    fitToWidth: 1,
    fitToHeight: 0,
    horizontalCentered: true,
    margins: { left: 0.5, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
    printTitlesRow: titleRows,
  };
}

function headerFooter(l: (typeof L)['vi'], draft: boolean): Partial<ExcelJS.HeaderFooter> {
  return {
    oddHeader: draft ? `&C&"Times New Roman,Bold"&14&KFF0000${l.draft}` : undefined,
    oddFooter: l.page,
  };
}

/** A sheet with widths, a title block of `titleRows` rows and frozen header rows. */
function addSheet(wb: StreamWorkbook, name: string, widths: number[], headerEnd: number, draft: boolean, l: (typeof L)['vi'], xSplit = 0, titleFrom = headerEnd): StreamSheet {
  const ws = wb.addWorksheet(name, {
    views: [{ state: 'frozen', xSplit, ySplit: headerEnd, zoomScale: 100 }],
    pageSetup: pageSetup(`${titleFrom}:${headerEnd}`),
    headerFooter: headerFooter(l, draft),
  });
  ws.columns = widths.map((w) => ({ width: w }));
  return ws;
}

function headerRow(ws: StreamSheet, r: number, heads: string[]): void {
  heads.forEach((h, k) => put(ws, r, k + 1, h, { font: font({ bold: true, size: 11 }), align: CENTER, fill: FILL.header, border: true }));
  ws.getRow(r).height = 36;
}

/** Office name left, national motto right, as on every Vietnamese administrative document. */
function adminHeader(ws: StreamSheet, ncols: number, office: string, l: (typeof L)['vi'], now: Date): void {
  const split = Math.max(3, Math.floor(ncols * 0.4));
  ws.mergeCells(1, 1, 1, split);
  ws.mergeCells(2, 1, 2, split);
  ws.mergeCells(1, split + 1, 1, ncols);
  ws.mergeCells(2, split + 1, 2, ncols);
  ws.mergeCells(3, split + 1, 3, ncols);
  put(ws, 1, 1, office.toUpperCase(), { font: font({ bold: true }), align: CENTER });
  put(ws, 2, 1, '———', { align: CENTER });
  put(ws, 1, split + 1, l.republic, { font: font({ bold: true }), align: CENTER });
  put(ws, 2, split + 1, l.motto, { font: font({ bold: true, underline: true }), align: CENTER });
  put(ws, 3, split + 1, l.place(now), { font: font({ italic: true }), align: CENTER });
  ws.getRow(1).height = 20;
}

export async function writeSummaryWorkbook(file: string, input: SummaryInput): Promise<SummaryResult> {
  const { lang, draft } = input;
  const l = L[lang];
  const month = monthText(input.period);
  const city = Boolean(input.consolidated);
  const wb = streamWorkbook(file, input.now);
  const sheets: string[] = [];

  // ---- Tổng hợp ----
  const off = city ? 1 : 0; // the office column of the city workbook
  const cWard = 2 + off;
  const cCode = cWard + 1;
  const cFirst = cCode + 1; // teamsWard
  const col = (k: keyof Counts | 'rate'): number => {
    const order = ['teamsWard', 'teamsNeighbourhood', 'members', 'leaders', 'women', 'under35', 'onetouch', 'rate', 'joined', 'left'];
    return cFirst + order.indexOf(k);
  };
  const ncols = col('left');
  const headTop = 8;
  const widths = [6, ...(city ? [26] : []), 34, 10, 10, 12, 11, 11, 10, 11, 13, 12, 10, 10];
  const ws = addSheet(wb, l.sheets[0], widths, headTop + 1, draft, l, cCode, headTop);
  sheets.push(l.sheets[0]);
  adminHeader(ws, ncols, city ? input.office.name || 'UBND THÀNH PHỐ HỒ CHÍ MINH' : input.office.name, l, input.now);
  ws.mergeCells(5, 1, 5, ncols);
  ws.mergeCells(6, 1, 6, ncols);
  put(ws, 5, 1, (city ? l.cityTitle : l.title)(month), { font: font({ bold: true, size: 14 }), align: CENTER });
  ws.getRow(5).height = 24;
  put(ws, 6, 1, l.asOf(dmy(input.periodEnd)), { font: font({ italic: true }), align: CENTER });
  if (draft) {
    ws.mergeCells(7, 1, 7, ncols);
    put(ws, 7, 1, l.draftNote, { font: font({ bold: true, color: { argb: 'FFC00000' }, size: 14 }), align: CENTER });
  }
  // Two header rows: groups, then columns.
  const h1 = headTop;
  const h2 = headTop + 1;
  const vmerge = (c: number, text: string) => {
    ws.mergeCells(h1, c, h2, c);
    put(ws, h1, c, text, { font: font({ bold: true, size: 11 }), align: CENTER, fill: FILL.header, border: true });
    put(ws, h2, c, null, { fill: FILL.header, border: true });
  };
  const group = (c1: number, c2: number, text: string) => {
    ws.mergeCells(h1, c1, h1, c2);
    put(ws, h1, c1, text, { font: font({ bold: true, size: 11 }), align: CENTER, fill: FILL.header, border: true });
    for (let c = c1 + 1; c <= c2; c++) put(ws, h1, c, null, { fill: FILL.header, border: true });
  };
  vmerge(1, l.no);
  if (city) vmerge(2, l.office);
  vmerge(cWard, l.ward);
  vmerge(cCode, l.code);
  group(col('teamsWard'), col('teamsNeighbourhood'), l.teams);
  group(col('members'), col('rate'), l.memberGroup);
  group(col('joined'), col('left'), l.changes);
  const sub: [keyof Counts | 'rate', string][] = [
    ['teamsWard', l.teamsWard], ['teamsNeighbourhood', l.teamsNbh], ['members', l.members], ['leaders', l.leaders],
    ['women', l.women], ['under35', l.under35], ['onetouch', l.onetouch], ['rate', l.rate], ['joined', l.joined], ['left', l.left],
  ];
  for (const [k, t] of sub) put(ws, h2, col(k), t, { font: font({ bold: true, size: 11 }), align: CENTER, fill: FILL.header, border: true });
  ws.getRow(h1).height = 22;
  ws.getRow(h2).height = 36;

  let r = h2 + 1;
  const first = r;
  let totals = zero();
  let n = 0;
  for (const w of input.wards) {
    n++;
    const label =
      w.kind === 'unresolved' ? l.unresolved : w.kind === 'outside' ? `${w.name} (${l.outside})` : w.name;
    const body = { font: font({ size: 11, italic: w.kind !== 'ward' }), border: true };
    put(ws, r, 1, n, { ...body, align: { horizontal: 'center' } });
    if (city) put(ws, r, 2, w.office ?? '', { ...body, align: { wrapText: true, vertical: 'middle' } });
    put(ws, r, cWard, maskValue(label, input.includePii), { ...body, align: { wrapText: true, vertical: 'middle' } });
    put(ws, r, cCode, w.code, { ...body, align: { horizontal: 'center' } });
    for (const k of COUNT_KEYS) put(ws, r, col(k), w.counts[k], { ...body, numFmt: '#,##0' });
    const rate = w.counts.members > 0 ? w.counts.onetouch / w.counts.members : 0;
    put(ws, r, col('rate'), rate, { ...body, numFmt: '0.0%' });
    if (w.kind === 'unresolved') ws.getRow(r).height = 30;
    totals = addCounts(totals, w.counts);
    ws.getRow(r).commit();
    r++;
  }
  const last = r - 1;
  const tot = { font: font({ bold: true, size: 11 }), border: true, fill: FILL.total };
  ws.mergeCells(r, 1, r, cCode);
  put(ws, r, 1, l.total, { ...tot, align: CENTER });
  for (let c = 2; c <= cCode; c++) put(ws, r, c, null, tot);
  for (const k of COUNT_KEYS) {
    const L1 = colLetter(col(k));
    const f = last >= first ? `SUM(${L1}${first}:${L1}${last})` : '0';
    put(ws, r, col(k), { formula: f, result: totals[k] }, { ...tot, numFmt: '#,##0' });
  }
  const mL = colLetter(col('members'));
  const oL = colLetter(col('onetouch'));
  put(
    ws,
    r,
    col('rate'),
    { formula: `IF(${mL}${r}=0,0,${oL}${r}/${mL}${r})`, result: totals.members > 0 ? totals.onetouch / totals.members : 0 },
    { ...tot, numFmt: '0.0%' },
  );
  const totalRow = r;
  const layout: FigureLayout = { summary: { sheet: l.sheets[0], first, total: totalRow, rate: col('rate'), cols: COUNT_KEYS.map(col) } };
  ws.getRow(r).commit();
  if (last >= first) {
    const rL = colLetter(col('rate'));
    addDataBars(ws, `${rL}${first}:${rL}${last}`, 0, 1, 'FF5B9BD5');
  }
  r += 2;
  const comp = input.completeness;
  if (comp && comp.missing.length > 0) {
    put(ws, r, 1, `${l.missingHead} (${comp.missing.length}):`, { font: font({ bold: true, color: { argb: 'FFC00000' } }) });
    r++;
    for (const t of comp.missing) {
      ws.mergeCells(r, 2, r, ncols);
      put(ws, r, 2, t, { font: font({ size: 11 }) });
      r++;
    }
    r++;
  }
  if (!input.includePii) {
    put(ws, r, 1, l.maskNote, { font: font({ italic: true, size: 10 }) });
    r++;
  }
  put(ws, r, 1, `${l.notes}: ${NOTES.map((m) => m[lang]).join(' ')}`, { font: font({ italic: true, size: 10 }) });
  ws.mergeCells(r, 1, r, ncols);
  ws.getRow(r).getCell(1).alignment = { wrapText: true, vertical: 'top' };
  ws.getRow(r).height = 58;
  r += 2;
  // Recipients left, signature right.
  const signCol = Math.max(cCode + 4, ncols - 4);
  const sig = r;
  l.recipients.forEach((t, k) => put(ws, sig + k, 1, t, { font: font({ size: 11, bold: k === 0, italic: k === 0 }) }));
  ws.mergeCells(sig, signCol, sig, ncols);
  ws.mergeCells(sig + 1, signCol, sig + 1, ncols);
  put(ws, sig, signCol, l.signTitle, { font: font({ bold: true }), align: CENTER });
  put(ws, sig + 1, signCol, l.signHint, { font: font({ italic: true, size: 11 }), align: CENTER });
  ws.mergeCells(sig, cCode + 1, sig, cCode + 3);
  ws.mergeCells(sig + 1, cCode + 1, sig + 1, cCode + 3);
  put(ws, sig, cCode + 1, l.maker, { font: font({ bold: true }), align: CENTER });
  put(ws, sig + 1, cCode + 1, l.makerHint, { font: font({ italic: true, size: 11 }), align: CENTER });
  if (input.signer) {
    ws.mergeCells(sig + 6, signCol, sig + 6, ncols);
    put(ws, sig + 6, signCol, input.signer, { font: font({ bold: true }), align: CENTER });
  }
  ws.commit();

  // ---- Danh sách tổ ----
  const tHeads = [l.no, ...(city ? [l.office] : []), l.ward, l.code, l.level, l.nbh, l.leaderName, l.members, l.women, l.under35, l.onetouch, l.origin];
  const tWidths = [6, ...(city ? [24] : []), 28, 10, 11, 20, 26, 10, 8, 10, 12, 34];
  const ts = addSheet(wb, l.sheets[1], tWidths, 5, draft, l);
  sheets.push(l.sheets[1]);
  sheetTitle(ts, tHeads.length, input.office.name, l.teamsTitle(month), draft, l);
  headerRow(ts, 5, tHeads);
  ts.autoFilter = `A5:${colLetter(tHeads.length)}5`;
  r = 6;
  layout.teams = { sheet: l.sheets[1], first: r, cols: [7, 8, 9, 10].map((k) => k + off) };
  n = 0;
  // Shared style objects: the writer resolves each once.
  const teamText = { font: font({ size: 11 }), border: THIN, alignment: { vertical: 'top', wrapText: true } } as Partial<ExcelJS.Style>;
  const teamNum = { font: font({ size: 11 }), border: THIN, alignment: { vertical: 'top' } } as Partial<ExcelJS.Style>;
  for (const t of input.teams) {
    n++;
    const vals: SafeValue[] = [
      n,
      ...(city ? [t.office ?? ''] : []),
      t.kind === 'unresolved' ? t.wardName || l.unresolved : t.wardName,
      t.wardCode,
      t.level === 'ward' ? l.levelWard : l.levelNbh,
      t.neighbourhood,
      t.leaders,
      t.members,
      t.women,
      t.under35,
      t.onetouch,
      t.kind === 'outside' ? [l.outside, t.origin].filter(Boolean).join('; ') : t.origin,
    ];
    const row = ts.getRow(r);
    vals.forEach((v, k) => {
      const c = row.getCell(k + 1);
      c.style = typeof v === 'string' ? teamText : teamNum;
      setCell(c, maskValue(v, input.includePii) as SafeValue);
    });
    row.commit();
    if ((n & 1023) === 0) await breathe(ts);
    r++;
  }
  ts.commit();

  // ---- Thành viên ----
  let memberCount = 0;
  if (!city) {
    const mw = [7, 24, 16, 26, 11, 8, 15, 13, 11, 24, 9, 11, 24, 7];
    const ms = addSheet(wb, l.sheets[2], mw, 5, draft, l);
    sheets.push(l.sheets[2]);
    sheetTitle(ms, mw.length, input.office.name, l.membersTitle(month), draft, l);
    headerRow(ms, 5, l.memberCols);
    r = 6;
    const f = font({ size: 11 });
    // One style object shared by every body cell: the writer then resolves it once.
    const body = { font: f, border: THIN } as Partial<ExcelJS.Style>;
    const rows = new RowHasher();
    const dateStyle = { font: f, border: THIN, numFmt: DATE_FORMAT } as Partial<ExcelJS.Style>;
    const DATE_COLS = new Set([4, 11]);
    ms.autoFilter = `A5:${colLetter(mw.length)}5`;
    for (const m of input.members ?? []) {
      memberCount++;
      const row = ms.getRow(r);
      const vals: SafeValue[] = [
        memberCount,
        m.ward_name ?? m.unit_text,
        m.neighbourhood,
        m.full_name,
        dateCell(m.dob),
        m.gender ? (l.genders[m.gender] ?? m.gender) : '',
        pii(m.person_id, input.includePii),
        pii(m.phone, input.includePii),
        m.role ? (l.roles[m.role] ?? m.role) : '',
        m.organisation,
        m.onetouch === 1 ? l.yes : m.onetouch === 0 ? l.no_ : '',
        dateCell(m.joined_on),
        m.sheet ? `${m.file_name} [${m.sheet}]` : m.file_name,
        m.row_number,
      ];
      // Any column: an ID typed into the ward or notes column is masked too.
      const shown = vals.map((v) => maskValue(v, input.includePii) as SafeValue);
      rows.add(shown);
      for (let k = 0; k < shown.length; k++) {
        const c = row.getCell(k + 1);
        c.style = DATE_COLS.has(k) && shown[k] instanceof Date ? dateStyle : body;
        setCell(c, shown[k]);
      }
      row.commit();
      r++;
      if ((memberCount & 1023) === 0) await breathe(ms);
    }
    ms.commit();
    layout.members = { sheet: l.sheets[2], first: 6, count: rows.count, sha256: rows.hex() };

    // ---- Biến động ----
    const cw = [7, 22, 11, 26, 15, 24, 16, 24, 18, 24, 7];
    const cs = addSheet(wb, l.sheets[3], cw, 5, draft, l);
    sheets.push(l.sheets[3]);
    sheetTitle(cs, cw.length, input.office.name, l.changesTitle(month), draft, l);
    headerRow(cs, 5, l.changeCols);
    cs.autoFilter = `A5:${colLetter(cw.length)}5`;
    r = 6;
    let k0 = 0;
    for (const c of input.changes ?? []) {
      k0++;
      const vals: SafeValue[] = [
        k0,
        l.kinds[c.kind] ?? c.kind,
        dateCell(c.date),
        c.full_name,
        pii(c.person_id, input.includePii),
        c.ward_name,
        c.neighbourhood,
        c.from_name,
        c.legal_basis,
        c.file_name,
        c.row_number,
      ];
      const row = cs.getRow(r);
      vals.forEach((v, k) => {
        const c = row.getCell(k + 1);
        c.style = k === 2 && v instanceof Date ? dateStyle : body;
        setCell(c, maskValue(v, input.includePii) as SafeValue);
      });
      row.commit();
      r++;
      if ((k0 & 1023) === 0) await breathe(cs);
    }
    cs.commit();
  }

  // ---- Kiểm tra ----
  const kw = [7, 12, 26, 26, 8, 8, 80];
  const ks = addSheet(wb, l.sheets[4], kw, 3, draft, l);
  sheets.push(l.sheets[4]);
  sheetTitle(ks, kw.length, input.office.name, l.checksTitle(month), draft, l);
  r = 5;
  const rep = input.report;
  put(ks, r, 1, l.status, { font: font({ bold: true }) });
  put(ks, r, 3, rep.counts.error === 0 ? `${l.ok} ${l.errors(rep.counts.error, rep.counts.warning, rep.counts.info)}` : l.errors(rep.counts.error, rep.counts.warning, rep.counts.info), {
    font: font({ bold: rep.counts.error > 0, color: rep.counts.error > 0 ? { argb: 'FFC00000' } : undefined }),
  });
  r += 1;
  put(ks, r++, 3, l.vintage(input.vintage || '-'), { font: font({ size: 11 }) });
  for (const line of input.checks ?? []) put(ks, r++, 3, line, { font: font({ size: 11, color: { argb: 'FFC00000' } }) });
  if (comp) r = completenessLines(ks, r, comp, l);
  r++;
  put(ks, r++, 1, l.notes, { font: font({ bold: true }) });
  for (const m of NOTES) {
    ks.mergeCells(r, 3, r, 7);
    put(ks, r, 3, m[lang], { font: font({ size: 11 }), align: { wrapText: true, vertical: 'top' } });
    ks.getRow(r).height = 32;
    r++;
  }
  r++;
  const fHeads = city ? [l.office, ...l.filesHead] : l.filesHead;
  fHeads.forEach((h, k) => put(ks, r, 3 + k, h, { font: font({ bold: true, size: 11 }), fill: FILL.header, border: true }));
  r++;
  for (const f of input.files) {
    const vals: SafeValue[] = city ? [f.office ?? '', f.file, f.sheet, f.rows, f.sha256.slice(0, 16)] : [f.file, f.sheet, f.rows, f.sha256.slice(0, 16)];
    vals.forEach((v, k) => put(ks, r, 3 + k, v, { font: font({ size: 11 }), border: true }));
    r++;
  }
  r++;
  const { listed, total } = input.openTotal !== undefined ? { listed: rep.findings, total: input.openTotal } : listedFindings(rep, draft);
  if (listed.length > 0) {
    l.findingsHead.forEach((h, k) => put(ks, r, 1 + k, h, { font: font({ bold: true, size: 11 }), fill: FILL.header, border: true }));
    r++;
    let k1 = 0;
    for (const f of listed) {
      k1++;
      findingRow(ks, r, k1, f, l, input.includePii);
      ks.getRow(r).height = 15 * Math.max(1, Math.ceil(f.message.length / 95));
      ks.getRow(r).commit();
      r++;
    }
    if (total > listed.length) {
      // A national roster can have hundreds of thousands of findings: the submission lists the first ones
      // (errors first) and points at the annotated workbook, which has them all, cell by cell.
      const more = total - listed.length;
      ks.mergeCells(r, 1, r, 7);
      put(ks, r, 1, lang === 'vi'
        ? `… và ${more} phát hiện khác. Danh sách đầy đủ, chỉ đến từng ô: roster validate --period ${input.period} --format xlsx -o so-tay-loi.xlsx`
        : `… and ${more} more findings. The full list, cell by cell: roster validate --period ${input.period} --format xlsx -o errors.xlsx`,
        { font: font({ italic: true, size: 11 }) });
      ks.getRow(r).commit();
      r++;
    }
  }
  ks.commit();

  // ---- _data (hidden, machine-readable) ----
  writeDataSheet(wb, input, totals, layout);
  await wb.commit();
  return { totals, members: memberCount, changes: 0, sheets };
}

/** Kiểm tra: missing rosters, teams that moved, the clerk's acceptance, people listed twice. */
function completenessLines(ks: StreamSheet, r: number, comp: Completeness, l: (typeof L)['vi']): number {
  const red = font({ size: 11, color: { argb: 'FFC00000' } });
  if (comp.missing.length > 0) {
    put(ks, r, 1, l.missingHead, { font: font({ bold: true }) });
    for (const t of comp.missing) put(ks, r++, 3, t, { font: red });
  }
  if (comp.accepted.length > 0) put(ks, r++, 3, l.acceptedHead(comp.accepted.join(' ')), { font: font({ size: 11, bold: true }) });
  if (comp.movedAway.length > 0) {
    put(ks, r, 1, l.movedAwayHead, { font: font({ bold: true }) });
    for (const t of comp.movedAway) put(ks, r++, 3, t, { font: font({ size: 11 }) });
  }
  if (comp.listedTwice > 0) put(ks, r++, 3, l.listedTwice(comp.listedTwice), { font: font({ size: 11 }) });
  return r;
}

/** How many findings the Kiểm tra sheet lists one by one. */
export const LISTED_FINDINGS = 2000;

/** The open findings Kiểm tra lists (errors first, then in report order), and how many there are in all. */
export function listedFindings(rep: Report, draft: boolean): { listed: Finding[]; total: number } {
  const rank: Record<string, number> = { error: 0, warning: 1, info: 2 };
  const open = rep.findings.filter((f) => f.severity === 'error' || draft || f.severity === 'warning');
  const sorted = open.map((f, i) => ({ f, i })).sort((a, b) => rank[a.f.severity] - rank[b.f.severity] || a.i - b.i);
  return { listed: sorted.slice(0, LISTED_FINDINGS).map((x) => x.f), total: sorted.length };
}

function findingRow(ws: StreamSheet, r: number, k: number, f: Finding, l: (typeof L)['vi'], includePii: boolean): void {
  const vals: SafeValue[] = [
    k,
    l.sev[f.severity] ?? f.severity,
    f.rule,
    f.source?.file ?? '',
    f.source?.row ?? null,
    f.source?.cell ?? '',
    maskText(f.message, includePii),
  ];
  vals.forEach((v, c) =>
    put(ws, r, c + 1, v, {
      font: font({ size: 11 }),
      border: true,
      fill: c === 1 ? (FILL as Record<string, ExcelJS.Fill>)[f.severity] : undefined,
      align: c === 6 ? { wrapText: true, vertical: 'top' } : { vertical: 'top' },
    }),
  );
}

function sheetTitle(ws: StreamSheet, ncols: number, office: string, title: string, draft: boolean, l: (typeof L)['vi']): void {
  ws.mergeCells(1, 1, 1, Math.min(ncols, 4));
  put(ws, 1, 1, office.toUpperCase(), { font: font({ bold: true, size: 11 }) });
  ws.mergeCells(2, 1, 2, ncols);
  put(ws, 2, 1, title, { font: font({ bold: true, size: 13 }), align: CENTER });
  ws.getRow(2).height = 22;
  if (draft) {
    ws.mergeCells(3, 1, 3, ncols);
    put(ws, 3, 1, l.draftNote, { font: font({ bold: true, color: { argb: 'FFC00000' } }), align: CENTER });
  }
}

export interface MonthlyReportOptions {
  db: import('../store/db.js').DB;
  period: string;
  out: string;
  lang: Lang;
  report: Report;
  draft: boolean;
  signer?: string;
  includePii: boolean;
  now: Date;
  /** Fault injection for tests (ROSTER_FAULT), see src/safety/atomic.ts. */
  fault?: string;
  /** --accept-missing: team ids, or ['all']. */
  accepted?: string[];
}

/** Collects the figures of the period and writes the workbook atomically to `out`. */
export async function writeMonthlyReport(o: MonthlyReportOptions): Promise<SummaryResult & { data: import('./monthly-data.js').MonthlyData }> {
  const { collectMonthly, changeRows, iterateMembers } = await import('./monthly-data.js');
  const { writeAtomically } = await import('./output.js');
  // Only the first findings go into the workbook: let the rest go before the big sheets are written.
  // (report.findings is cut in place; callers use only its counts afterwards.)
  const { listed, total } = listedFindings(o.report, o.draft);
  o.report.findings = listed;
  const data = collectMonthly(o.db, o.period);
  // Double entry: the figures about to be written, counted again by another path (exit 3 on a difference).
  const { assertFigures } = await import('../month/recount.js');
  const sum = (k: keyof Counts) => data.wards.reduce((a, w) => a + w.counts[k], 0);
  assertFigures(o.db, o.period, {
    members: sum('members'),
    teams: sum('teamsWard') + sum('teamsNeighbourhood'),
    joined: sum('joined'),
    left: sum('left'),
    moved: data.changes.counts.moved,
  });
  const res = await writeAtomically(o.out, (tmp) =>
    writeSummaryWorkbook(tmp, {
      lang: o.lang,
      period: o.period,
      periodEnd: data.bounds.end,
      office: data.office,
      vintage: data.vintage,
      wards: data.wards,
      teams: data.teams,
      files: data.files,
      members: iterateMembers(o.db, o.period),
      changes: changeRows(o.db, o.period, data.changes),
      completeness: {
        missing: data.missing.map((t) => teamLine(t, o.lang)),
        movedAway: data.movedAway.map((m) => `${m.team.label} → ${m.to.map((t) => t.label).join('; ')}`),
        accepted: o.accepted ?? [],
        listedTwice: data.listedTwice,
      },
      report: o.report,
      openTotal: total,
      draft: o.draft,
      signer: o.signer,
      includePii: o.includePii,
      now: o.now,
    }),
    { fault: o.fault },
  );
  return { ...res, data };
}
