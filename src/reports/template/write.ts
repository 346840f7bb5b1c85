/**
 * The roster template (`roster template`): the form a khu phố head fills in,
 * one sheet per khu phố or one for all, with data validation on every column
 * that has one, dropdowns from the hidden lists sheet, a "Hướng dẫn" sheet,
 * and the hidden marker sheet that lets `roster import` read it back exactly.
 *
 * A template is small: the whole-workbook exceljs writer (validations, sheet
 * protection and defined names in one place). Imports exceljs: load lazily.
 */
import ExcelJS from 'exceljs';
import { maskEmail, pii } from '../../privacy/mask.js';
import type { Lang } from '../../text/i18n.js';
import { periodEnd as endOf } from '../../text/period.js';
import { TOOL_VERSION } from '../digest.js';
import { setCell, sheetName, type SafeValue } from '../safe-cell.js';
import { a4Landscape, colLetter, FILL, FONT, THIN } from '../xlsx.js';
import type { PrefillRow, TemplateData, TemplateTeam } from './data.js';
import {
  BLANK_ROWS,
  FIRST_ROW,
  GUIDE_SHEET,
  HEADER_ROW,
  LISTS_SHEET,
  MARKER_NAME,
  MARKER_SHEET,
  TEMPLATE_COLUMNS,
  TEMPLATE_FORMAT,
  TEMPLATE_VERSION,
  type TemplateSheet,
} from './layout.js';
import { columnValidation, type ListRefs } from './validations.js';

export interface TemplateOptions {
  lang: Lang;
  /** The month in the title. */
  period: string;
  data: TemplateData;
  sheets: 'per-kp' | 'single';
  /** Members per team id (--prefill). */
  prefill?: Map<number, PrefillRow[]>;
  includePii: boolean;
  now: Date;
}

export interface TemplateResult {
  sheets: string[];
  prefilled: number;
  teams: number;
}

const L = {
  vi: {
    title: 'DANH SÁCH THÀNH VIÊN TỔ CÔNG NGHỆ SỐ CỘNG ĐỒNG',
    month: (m: string) => `THÁNG ${m}`,
    hint: `Điền từ dòng ${FIRST_ROW}, mỗi người một dòng. Chọn giá trị trong danh sách thả xuống; số CCCD đủ 12 chữ số, số điện thoại 10 chữ số. Xem trang "${GUIDE_SHEET}".`,
    single: 'Danh sách',
    wardTeam: 'Tổ cấp xã',
    roles: ['Tổ trưởng', 'Tổ phó', 'Thành viên'],
    genders: ['Nam', 'Nữ'],
    yesNo: ['Có', 'Không'],
    listHeads: ['Khu phố/Ấp', 'Phường/Xã', 'Chức danh', 'Giới tính', 'OneTouch'],
  },
  en: {
    title: 'COMMUNITY DIGITAL TECHNOLOGY TEAM MEMBERS',
    month: (m: string) => `MONTH ${m}`,
    hint: `Fill in from row ${FIRST_ROW}, one person per row. Choose values from the dropdowns; the personal ID has 12 digits, the phone 10. See the "${GUIDE_SHEET}" sheet.`,
    single: 'Roster',
    wardTeam: 'Ward team',
    // The values stay Vietnamese: they are what the roster files hold.
    roles: ['Tổ trưởng', 'Tổ phó', 'Thành viên'],
    genders: ['Nam', 'Nữ'],
    yesNo: ['Có', 'Không'],
    listHeads: ['Neighbourhood', 'Ward', 'Role', 'Gender', 'OneTouch'],
  },
};

const GUIDE: Record<Lang, string[]> = {
  vi: [
    'HƯỚNG DẪN ĐIỀN DANH SÁCH THÀNH VIÊN TỔ CÔNG NGHỆ SỐ CỘNG ĐỒNG',
    '',
    `1. Mỗi thành viên một dòng, bắt đầu từ dòng ${FIRST_ROW}. Không thêm, xóa hay đổi tên cột; không đổi tên trang tính.`,
    '2. Các cột có danh sách thả xuống (Giới tính, Chức danh trong tổ, Khu phố/Ấp, Phường/Xã, Hoàn thành OneTouch): chọn trong danh sách, không gõ khác đi.',
    '3. Ngày sinh, Ngày tham gia: ngày/tháng/năm, ví dụ 05/09/1985.',
    '4. Số CCCD: đúng 12 chữ số, giữ số 0 ở đầu. Ô đã định dạng văn bản nên Excel không làm mất số 0. CMND 9 số đã hết hạn, không dùng.',
    '5. Số điện thoại: 10 chữ số bắt đầu bằng 0 (số cố định 02x có thể 11 chữ số). Chỉ ghi một số; số khác ghi vào Ghi chú.',
    '6. Mỗi tổ có đúng một Tổ trưởng; có thể có Tổ phó.',
    '7. Danh sách đã điền sẵn: chỉ sửa những gì thay đổi. Người đã rời tổ: xóa cả dòng. Người mới: thêm dòng ở cuối.',
    '   Số CCCD và số điện thoại đã điền sẵn được che bớt (ví dụ 079******345): để nguyên nếu không đổi, phần mềm giữ số đã lưu.',
    '   Cột "Mã thành viên" bị ẩn: không sửa, không chép sang dòng của người khác.',
    '8. Nếu Excel báo "giá trị không hợp lệ", hãy sửa theo hướng dẫn trong thông báo. Không dán đè định dạng từ tệp khác.',
    '9. Lưu tệp dạng .xlsx và gửi lại cho phường/xã. Không đổi tên các trang tính.',
    '',
    'Thông tin cá nhân (CCCD, điện thoại, email) được bảo vệ theo Luật Bảo vệ dữ liệu cá nhân: chỉ gửi tệp cho cán bộ phường/xã phụ trách.',
  ],
  en: [
    'HOW TO FILL IN THE TEAM MEMBER LIST',
    '',
    `1. One member per row, from row ${FIRST_ROW}. Do not add, remove or rename columns or sheets.`,
    '2. Columns with a dropdown (gender, role, neighbourhood, ward, OneTouch): choose from the list.',
    '3. Dates of birth and joining: day/month/year, e.g. 05/09/1985.',
    '4. Personal ID (CCCD): exactly 12 digits, keep the leading 0. The cells are text, so Excel keeps it. 9-digit CMND cards have expired.',
    '5. Phone: 10 digits starting with 0 (a 02x landline may have 11). One number only; others under Notes.',
    '6. Each team has exactly one leader (Tổ trưởng), and may have deputies (Tổ phó).',
    '7. A prefilled list: change only what changed. Someone who left: delete the row. Someone new: add a row at the end.',
    '   Prefilled IDs and phones are masked (e.g. 079******345): leave them as they are if unchanged; the stored number is kept.',
    '   The "Member id" column is hidden: do not edit it or copy it to another person’s row.',
    '8. When Excel says a value is not valid, correct it as the message says.',
    '9. Save as .xlsx and send it back to the ward.',
    '',
    'Personal data (IDs, phones, e-mail) is protected by the Personal Data Protection Law: send the file only to the ward officer in charge.',
  ],
};

function monthText(period: string): string {
  const [y, m] = period.split('-');
  return `${m}/${y}`;
}

const font = (o: Partial<ExcelJS.Font> = {}): Partial<ExcelJS.Font> => ({ name: FONT, size: 12, ...o });

function dateOrText(iso: string | null): SafeValue {
  if (!iso) return null;
  return /^\d{4}-\d{2}-\d{2}$/.test(iso) ? new Date(`${iso}T00:00:00Z`) : iso;
}

/** The dropdown lists' values, in the lists sheet's column order. */
function listValues(o: TemplateOptions): string[][] {
  const l = L[o.lang];
  const neighbourhoods = [...new Set(o.data.teams.map((t) => t.neighbourhood).filter(Boolean))];
  return [neighbourhoods, o.data.wards.map((w) => w.name), l.roles, l.genders, l.yesNo];
}

/** Where each list lies on the lists sheet; an empty list has no reference (its column gets no dropdown). */
function listRefs(o: TemplateOptions): ListRefs {
  const refs = listValues(o).map((values, k) => {
    const c = colLetter(k + 1);
    return values.length ? `'${LISTS_SHEET}'!$${c}$2:$${c}$${values.length + 1}` : undefined;
  });
  return { neighbourhood: refs[0], ward: refs[1], role: refs[2] as string, gender: refs[3] as string, yesNo: refs[4] as string };
}

/** The lists sheet: hidden and protected, so the dropdowns cannot be changed by accident. */
async function writeLists(wb: ExcelJS.Workbook, o: TemplateOptions): Promise<void> {
  const heads = L[o.lang].listHeads;
  const ws = wb.addWorksheet(LISTS_SHEET, { state: 'hidden' });
  listValues(o).forEach((values, k) => {
    ws.getColumn(k + 1).width = 24;
    setCell(ws.getCell(1, k + 1), heads[k]);
    ws.getCell(1, k + 1).font = font({ bold: true });
    values.forEach((v, i) => {
      setCell(ws.getCell(i + 2, k + 1), v);
    });
  });
  await ws.protect('', { selectLockedCells: true, selectUnlockedCells: true });
}

function prefillValues(p: PrefillRow, team: TemplateTeam, n: number, o: TemplateOptions): Map<string, SafeValue> {
  const l = L[o.lang];
  return new Map<string, SafeValue>([
    ['no', n],
    ['full_name', p.full_name],
    ['dob', dateOrText(p.dob)],
    ['gender', p.gender === 'male' ? l.genders[0] : p.gender === 'female' ? l.genders[1] : p.gender],
    ['person_id', pii(p.person_id, o.includePii) || null],
    ['phone', pii(p.phone, o.includePii) || null],
    ['email', maskEmail(p.email, o.includePii) || null],
    ['role', p.role === 'leader' ? l.roles[0] : p.role === 'deputy' ? l.roles[1] : p.role === 'member' ? l.roles[2] : p.role],
    ['organisation', p.organisation],
    ['neighbourhood', team.neighbourhood],
    ['ward', team.wardName],
    ['joined_on', dateOrText(p.joined_on)],
    ['onetouch', p.onetouch === 1 ? l.yesNo[0] : p.onetouch === 0 ? l.yesNo[1] : null],
    ['member_id', p.memberId],
  ]);
}

interface SheetPlan {
  name: string;
  title: string;
  teams: TemplateTeam[];
  /** The team of a per-khu-phố sheet. */
  team?: TemplateTeam;
}

function plan(o: TemplateOptions): SheetPlan[] {
  const l = L[o.lang];
  const taken = new Set<string>([GUIDE_SHEET, LISTS_SHEET, MARKER_SHEET].map((s) => s.toLowerCase()));
  if (o.sheets === 'single' || o.data.teams.length === 0) return [{ name: sheetName(l.single, taken), title: l.title, teams: o.data.teams }];
  const manyWards = new Set(o.data.teams.map((t) => t.wardCode)).size > 1;
  return o.data.teams.map((t) => {
    const kp = t.neighbourhood || l.wardTeam;
    const short = t.wardName.replace(/^(Phường|Xã|Thị trấn|Đặc khu)\s+/i, '');
    return {
      name: sheetName(manyWards ? `${kp} - ${short}` : kp, taken),
      title: `${l.title} - ${[t.neighbourhood, t.wardName].filter(Boolean).join(', ').toUpperCase()}`,
      teams: [t],
      team: t,
    };
  });
}

function titleBlock(ws: ExcelJS.Worksheet, o: TemplateOptions, title: string, ncols: number): void {
  const l = L[o.lang];
  const rows: [string, Partial<ExcelJS.Font>][] = [
    [o.data.office.name.toUpperCase(), font({ bold: true })],
    [title, font({ bold: true, size: 14 })],
    [l.month(monthText(o.period)), font({ bold: true })],
    [l.hint, font({ italic: true, size: 10 })],
  ];
  rows.forEach(([text, f], i) => {
    const r = i + 1;
    ws.mergeCells(r, 1, r, i === 0 ? Math.min(6, ncols) : ncols);
    const c = ws.getCell(r, 1);
    setCell(c, text);
    c.font = f;
    c.alignment = { horizontal: i === 0 ? 'left' : 'center', vertical: 'middle', wrapText: true };
  });
  ws.getRow(2).height = 36;
  ws.getRow(4).height = 30;
}

function dataSheet(wb: ExcelJS.Workbook, sp: SheetPlan, o: TemplateOptions, lists: ListRefs): { rows: number; sheet: TemplateSheet } {
  const cols = TEMPLATE_COLUMNS;
  const visible = cols.length - 1;
  const ws = wb.addWorksheet(sp.name, {
    views: [{ state: 'frozen', xSplit: 2, ySplit: HEADER_ROW }],
    pageSetup: a4Landscape(`${HEADER_ROW}:${HEADER_ROW}`, { left: 0.4, right: 0.3, top: 0.5, bottom: 0.5, header: 0.3, footer: 0.3 }),
    headerFooter: { oddFooter: o.lang === 'vi' ? '&C&"Times New Roman"&9Trang &P/&N' : '&C&"Times New Roman"&9Page &P of &N' },
  });
  // Column styles: every cell of the column, typed in later too, takes them.
  cols.forEach((c, k) => {
    const col = ws.getColumn(k + 1);
    col.width = c.width;
    col.font = font({ size: 11 });
    if (c.numFmt) col.numFmt = c.numFmt;
    if (c.field === 'member_id') col.hidden = true;
  });
  titleBlock(ws, o, sp.title, visible);
  const head = ws.getRow(HEADER_ROW);
  cols.forEach((c, k) => {
    const cell = head.getCell(k + 1);
    setCell(cell, c.header[o.lang]);
    cell.font = font({ bold: true, size: 11 });
    cell.fill = FILL.header;
    cell.border = THIN;
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  });
  head.height = 36;
  let r = FIRST_ROW;
  for (const t of sp.teams) {
    for (const p of o.prefill?.get(t.id) ?? []) {
      const vals = prefillValues(p, t, r - FIRST_ROW + 1, o);
      cols.forEach((c, k) => {
        const cell = ws.getCell(r, k + 1);
        setCell(cell, vals.get(c.field) ?? null);
        if (c.numFmt) cell.numFmt = c.numFmt;
      });
      r++;
    }
  }
  const filled = r - FIRST_ROW;
  const last = r + BLANK_ROWS - 1;
  // Borders on the rows that print: the filled ones and a blank page's worth.
  const printed = Math.max(r + 9, FIRST_ROW + 29);
  for (let row = FIRST_ROW; row <= printed; row++) for (let k = 1; k <= visible; k++) ws.getCell(row, k).border = THIN;
  ws.pageSetup.printArea = `A1:${colLetter(visible)}${printed}`;
  cols.forEach((c, k) => {
    const L1 = colLetter(k + 1);
    const dv = columnValidation(c.field, `${L1}${FIRST_ROW}`, lists, o.lang, endOf(o.period));
    if (dv) validations(ws).add(`${L1}${FIRST_ROW}:${L1}${last}`, dv);
  });
  const t = sp.team;
  return {
    rows: filled,
    sheet: { name: sp.name, headerRow: HEADER_ROW, firstRow: FIRST_ROW, wardCode: t?.wardCode ?? '', wardName: t?.wardName ?? '', neighbourhood: t?.neighbourhood ?? '' },
  };
}

/** exceljs has worksheet data validations (regular and streaming writer) but its typings lack them. */
export function validations(ws: ExcelJS.Worksheet): { add(range: string, dv: ExcelJS.DataValidation): void } {
  return (ws as unknown as { dataValidations: { add(range: string, dv: ExcelJS.DataValidation): void } }).dataValidations;
}

function guide(wb: ExcelJS.Workbook, lang: Lang): void {
  const ws = wb.addWorksheet(GUIDE_SHEET, { pageSetup: { paperSize: 9, orientation: 'portrait', fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
  ws.getColumn(1).width = 120;
  GUIDE[lang].forEach((line, i) => {
    const c = ws.getCell(i + 1, 1);
    setCell(c, line);
    c.font = font({ bold: i === 0, size: i === 0 ? 13 : 12 });
    c.alignment = { wrapText: true, vertical: 'top' };
  });
}

function marker(wb: ExcelJS.Workbook, o: TemplateOptions, sheets: TemplateSheet[]): void {
  const ws = wb.addWorksheet(MARKER_SHEET, { state: 'veryHidden' });
  const rows: SafeValue[][] = [
    [TEMPLATE_FORMAT, TEMPLATE_VERSION, o.data.office.name, o.period, o.now.toISOString(), `roster ${TOOL_VERSION}`],
    ...sheets.map((s) => ['sheet', s.name, s.headerRow, s.firstRow, s.wardCode, s.wardName, s.neighbourhood]),
    ...TEMPLATE_COLUMNS.map((c, k) => ['column', colLetter(k + 1), c.field, c.header[o.lang]]),
    ...o.data.wards.map((w) => ['ward', w.code, w.name]),
  ];
  rows.forEach((vals, i) => {
    vals.forEach((v, k) => {
      setCell(ws.getCell(i + 1, k + 1), v);
    });
  });
  wb.definedNames.add(`${MARKER_SHEET}!$A$1:$F$1`, MARKER_NAME);
}

export async function writeTemplate(file: string, o: TemplateOptions): Promise<TemplateResult> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'roster';
  wb.lastModifiedBy = 'roster';
  wb.created = o.now;
  wb.modified = o.now;
  // Data sheets first (Excel opens the first), then the guide, the lists and the marker.
  const refs = listRefs(o);
  const sheets: TemplateSheet[] = [];
  let prefilled = 0;
  for (const p of plan(o)) {
    const res = dataSheet(wb, p, o, refs);
    sheets.push(res.sheet);
    prefilled += res.rows;
  }
  guide(wb, o.lang);
  await writeLists(wb, o);
  marker(wb, o, sheets);
  await wb.xlsx.writeFile(file);
  return { sheets: sheets.map((s) => s.name), prefilled, teams: o.data.teams.length };
}
