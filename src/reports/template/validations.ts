/**
 * Excel data validation for each column of the roster template, with an
 * input message and an error alert in the user's language. The lists come
 * from the hidden lists sheet; CCCD and phone are text of digits (the cells
 * are formatted as text, so Excel cannot drop a leading zero or round the
 * number into scientific notation).
 *
 * Type-only exceljs import: the module is cheap to load.
 */
import type ExcelJS from 'exceljs';
import type { Lang } from '../../text/i18n.js';
import type { TemplateField } from './layout.js';

/** Absolute references of the dropdown lists, e.g. `'Danh mục'!$A$2:$A$9`; absent when the list is empty. */
export interface ListRefs {
  neighbourhood?: string;
  ward?: string;
  role: string;
  gender: string;
  yesNo: string;
}

interface Texts {
  title: string;
  prompt: string;
  errorTitle: string;
  error: string;
}

const dmy = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

function textsVi(periodEnd: string): Partial<Record<TemplateField, Texts>> {
  return {
    full_name: { title: 'Họ và tên', prompt: 'Ghi đầy đủ họ và tên có dấu, ví dụ: Nguyễn Thị Lan.', errorTitle: 'Họ và tên', error: 'Họ và tên phải có từ 2 đến 100 ký tự.' },
    dob: {
      title: 'Ngày sinh',
      prompt: 'Ngày/tháng/năm, ví dụ 05/09/1985.',
      errorTitle: 'Ngày sinh không hợp lệ',
      error: `Nhập ngày theo dạng dd/mm/yyyy, từ 01/01/1920 đến ${dmy(periodEnd)}.`,
    },
    gender: { title: 'Giới tính', prompt: 'Chọn Nam hoặc Nữ trong danh sách.', errorTitle: 'Giới tính', error: 'Chỉ chọn Nam hoặc Nữ.' },
    person_id: {
      title: 'Số CCCD',
      prompt: 'Số định danh cá nhân: đúng 12 chữ số, giữ số 0 ở đầu (ví dụ 079185001234).',
      errorTitle: 'Số CCCD không hợp lệ',
      error: 'Số CCCD phải gồm đúng 12 chữ số (không dấu cách, không dấu chấm). CMND 9 số đã hết hạn.',
    },
    phone: {
      title: 'Số điện thoại',
      prompt: 'Số di động 10 chữ số bắt đầu bằng 0 (ví dụ 0903123456), hoặc số cố định 02x.',
      errorTitle: 'Số điện thoại không hợp lệ',
      error: 'Số điện thoại gồm 10 hoặc 11 chữ số, bắt đầu bằng 0, không dấu cách.',
    },
    email: {
      title: 'Email',
      prompt: 'Địa chỉ thư điện tử, ví dụ ten@gmail.com (có thể để trống).',
      errorTitle: 'Email không hợp lệ',
      error: 'Email phải có dạng ten@mien.vn, không có dấu cách.',
    },
    role: {
      title: 'Chức danh trong tổ',
      prompt: 'Chọn Tổ trưởng, Tổ phó hoặc Thành viên. Mỗi tổ có đúng một Tổ trưởng.',
      errorTitle: 'Chức danh',
      error: 'Chỉ chọn Tổ trưởng, Tổ phó hoặc Thành viên.',
    },
    neighbourhood: {
      title: 'Khu phố/Ấp',
      prompt: 'Chọn khu phố/ấp trong danh sách. Để trống nếu là tổ cấp phường/xã.',
      errorTitle: 'Khu phố/Ấp',
      error: 'Chọn khu phố/ấp trong danh sách. Khu phố mới: ghi vào cột Ghi chú và báo phường.',
    },
    ward: { title: 'Phường/Xã', prompt: 'Chọn phường/xã trong danh sách (tên sau sắp xếp năm 2025).', errorTitle: 'Phường/Xã', error: 'Chọn phường/xã trong danh sách.' },
    joined_on: {
      title: 'Ngày tham gia',
      prompt: 'Ngày vào tổ: dd/mm/yyyy, ví dụ 15/03/2022.',
      errorTitle: 'Ngày tham gia không hợp lệ',
      error: `Nhập ngày theo dạng dd/mm/yyyy, từ 01/01/2020 đến ${dmy(periodEnd)}.`,
    },
    onetouch: { title: 'Hoàn thành OneTouch', prompt: 'Đã hoàn thành khóa học trên OneTouch? Chọn Có hoặc Không.', errorTitle: 'OneTouch', error: 'Chỉ chọn Có hoặc Không.' },
  };
}

function textsEn(periodEnd: string): Partial<Record<TemplateField, Texts>> {
  return {
    full_name: { title: 'Full name', prompt: 'Full name with diacritics, e.g. Nguyễn Thị Lan.', errorTitle: 'Full name', error: 'The name must have 2 to 100 characters.' },
    dob: {
      title: 'Date of birth',
      prompt: 'Day/month/year, e.g. 05/09/1985.',
      errorTitle: 'Invalid date of birth',
      error: `Enter a date as dd/mm/yyyy, from 01/01/1920 to ${dmy(periodEnd)}.`,
    },
    gender: { title: 'Gender', prompt: 'Choose Nam (male) or Nữ (female).', errorTitle: 'Gender', error: 'Choose Nam or Nữ only.' },
    person_id: {
      title: 'Personal ID (CCCD)',
      prompt: 'Exactly 12 digits, keep the leading 0 (e.g. 079185001234).',
      errorTitle: 'Invalid personal ID',
      error: 'The ID must be exactly 12 digits (no spaces or dots). 9-digit CMND cards have expired.',
    },
    phone: {
      title: 'Phone',
      prompt: 'A 10-digit mobile starting with 0 (e.g. 0903123456), or a 02x landline.',
      errorTitle: 'Invalid phone',
      error: 'A phone number has 10 or 11 digits and starts with 0, without spaces.',
    },
    email: {
      title: 'Email',
      prompt: 'E-mail address, e.g. name@gmail.com (may be blank).',
      errorTitle: 'Invalid e-mail',
      error: 'An e-mail looks like name@domain.vn, without spaces.',
    },
    role: {
      title: 'Role in the team',
      prompt: 'Choose Tổ trưởng (leader), Tổ phó (deputy) or Thành viên (member). One leader per team.',
      errorTitle: 'Role',
      error: 'Choose Tổ trưởng, Tổ phó or Thành viên only.',
    },
    neighbourhood: {
      title: 'Neighbourhood',
      prompt: 'Choose the khu phố/ấp from the list. Blank for the ward-level team.',
      errorTitle: 'Neighbourhood',
      error: 'Choose a khu phố/ấp from the list. A new one: write it under Notes and tell the ward.',
    },
    ward: { title: 'Ward', prompt: 'Choose the ward from the list (names after the 2025 reorganisation).', errorTitle: 'Ward', error: 'Choose a ward from the list.' },
    joined_on: {
      title: 'Joined on',
      prompt: 'Date of joining: dd/mm/yyyy, e.g. 15/03/2022.',
      errorTitle: 'Invalid joining date',
      error: `Enter a date as dd/mm/yyyy, from 01/01/2020 to ${dmy(periodEnd)}.`,
    },
    onetouch: { title: 'OneTouch completed', prompt: 'Completed the OneTouch course? Choose Có (yes) or Không (no).', errorTitle: 'OneTouch', error: 'Choose Có or Không only.' },
  };
}

function texts(field: TemplateField, lang: Lang, periodEnd: string): Texts | undefined {
  return (lang === 'vi' ? textsVi(periodEnd) : textsEn(periodEnd))[field];
}

const utcDate = (iso: string) => new Date(`${iso}T00:00:00Z`);

/**
 * `ref` is text of exactly `len` digits (or of `min`–`max` digits starting with 0):
 * the number the text stands for, written back with as many digits, must be
 * the text itself. A number cell (leading zero lost) fails, so does "1.2E+11".
 */
function digitsFormula(ref: string, lengths: number[], leadingZero: boolean): string {
  const len = lengths.map((n) => `LEN(${ref})=${n}`);
  const lenOk = len.length === 1 ? len[0] : `OR(${len.join(',')})`;
  const parts = [lenOk, `ISTEXT(${ref})`, `TEXT(--${ref},REPT("0",LEN(${ref})))=${ref}`];
  if (leadingZero) parts.push(`LEFT(${ref},1)="0"`);
  return `IFERROR(AND(${parts.join(',')}),FALSE)`;
}

function rule(field: TemplateField, ref: string, lists: ListRefs, periodEnd: string): Omit<ExcelJS.DataValidation, 'promptTitle' | 'prompt' | 'errorTitle' | 'error'> | undefined {
  const list = (r: string | undefined) => (r ? { type: 'list' as const, allowBlank: true, formulae: [r] } : undefined);
  switch (field) {
    case 'full_name':
      return { type: 'textLength', operator: 'between', allowBlank: true, formulae: [2, 100] };
    case 'dob':
      return { type: 'date', operator: 'between', allowBlank: true, formulae: [utcDate('1920-01-01'), utcDate(periodEnd)] };
    case 'joined_on':
      return { type: 'date', operator: 'between', allowBlank: true, formulae: [utcDate('2020-01-01'), utcDate(periodEnd)] };
    case 'gender':
      return list(lists.gender);
    case 'role':
      return list(lists.role);
    case 'onetouch':
      return list(lists.yesNo);
    case 'neighbourhood':
      return list(lists.neighbourhood);
    case 'ward':
      return list(lists.ward);
    case 'person_id':
      return { type: 'custom', allowBlank: true, formulae: [digitsFormula(ref, [12], false)] };
    case 'phone':
      return { type: 'custom', allowBlank: true, formulae: [digitsFormula(ref, [10, 11], true)] };
    case 'email':
      return { type: 'custom', allowBlank: true, formulae: [`IFERROR(AND(ISNUMBER(SEARCH("?@?*.?*",${ref})),ISERROR(SEARCH(" ",${ref}))),FALSE)`] };
    default:
      return undefined;
  }
}

/** The validation of a column whose first cell is `ref` (e.g. "E6"), or undefined when the column has none. */
export function columnValidation(field: TemplateField, ref: string, lists: ListRefs, lang: Lang, periodEnd: string): ExcelJS.DataValidation | undefined {
  const r = rule(field, ref, lists, periodEnd);
  const t = texts(field, lang, periodEnd);
  if (!r || !t) return undefined;
  return {
    ...r,
    showInputMessage: true,
    promptTitle: t.title,
    prompt: t.prompt,
    showErrorMessage: true,
    errorStyle: 'stop',
    errorTitle: t.errorTitle,
    error: t.error,
  } as ExcelJS.DataValidation;
}
