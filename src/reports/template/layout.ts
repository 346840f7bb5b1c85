/**
 * The roster template's layout, shared by the writer (`roster template`) and
 * the importer's recogniser (src/importer/template-marker.ts): the columns in
 * the order of the form (DECISIONS § Template), where the header and the
 * first member row are, and the hidden marker sheet that says "this workbook
 * is roster's template, version N, for this office".
 *
 *   _roster_template (very hidden), defined name ROSTER_TEMPLATE over A1:F1:
 *     roster-template | version | office | period | generated | tool
 *     sheet  | name | header row | first row | ward code | ward name | khu phố   (one per data sheet)
 *     column | letter | field | header                                          (one per column)
 *     ward   | code | name                                                      (the wards of the dropdown)
 *
 * No exceljs here.
 */
import type { Field } from '../../roster/fields.js';

export const TEMPLATE_FORMAT = 'roster-template';
export const TEMPLATE_VERSION = 1;
export const MARKER_SHEET = '_roster_template';
export const MARKER_NAME = 'ROSTER_TEMPLATE';
export const LISTS_SHEET = 'Danh mục';
export const GUIDE_SHEET = 'Hướng dẫn';

/** The member id column: hidden, filled on prefilled rows only. */
export type TemplateField = Field | 'member_id' | 'no';

export interface TemplateColumn {
  field: TemplateField;
  header: { vi: string; en: string };
  width: number;
  /** Number format of the column's cells: '@' text, dates dd/mm/yyyy. */
  numFmt?: string;
}

export const DATE_FORMAT = 'dd/mm/yyyy';

/** DECISIONS § Template: STT … Ghi chú, then the hidden member id. */
export const TEMPLATE_COLUMNS: readonly TemplateColumn[] = [
  { field: 'no', header: { vi: 'STT', en: '#' }, width: 6 },
  { field: 'full_name', header: { vi: 'Họ và tên', en: 'Full name' }, width: 26, numFmt: '@' },
  { field: 'dob', header: { vi: 'Ngày sinh', en: 'Date of birth' }, width: 12, numFmt: DATE_FORMAT },
  { field: 'gender', header: { vi: 'Giới tính', en: 'Gender' }, width: 9 },
  { field: 'person_id', header: { vi: 'Số CCCD', en: 'Personal ID (CCCD)' }, width: 15, numFmt: '@' },
  { field: 'phone', header: { vi: 'Số điện thoại', en: 'Phone' }, width: 14, numFmt: '@' },
  { field: 'email', header: { vi: 'Email', en: 'Email' }, width: 24, numFmt: '@' },
  { field: 'role', header: { vi: 'Chức danh trong tổ', en: 'Role in the team' }, width: 14 },
  { field: 'organisation', header: { vi: 'Đơn vị công tác', en: 'Organisation' }, width: 22, numFmt: '@' },
  { field: 'neighbourhood', header: { vi: 'Khu phố/Ấp', en: 'Neighbourhood' }, width: 14 },
  { field: 'ward', header: { vi: 'Phường/Xã', en: 'Ward' }, width: 20 },
  { field: 'joined_on', header: { vi: 'Ngày tham gia', en: 'Joined on' }, width: 12, numFmt: DATE_FORMAT },
  { field: 'onetouch', header: { vi: 'Hoàn thành OneTouch', en: 'OneTouch completed' }, width: 12 },
  { field: 'notes', header: { vi: 'Ghi chú', en: 'Notes' }, width: 24, numFmt: '@' },
  { field: 'member_id', header: { vi: 'Mã thành viên (không sửa)', en: 'Member id (do not edit)' }, width: 10 },
];

/** Title block rows 1–3, hint row 4, header row 5, members from row 6. */
export const HEADER_ROW = 5;
export const FIRST_ROW = HEADER_ROW + 1;
/** Empty rows with validations below the prefilled ones. */
export const BLANK_ROWS = 300;

/** One data sheet as the marker records it. */
export interface TemplateSheet {
  name: string;
  headerRow: number;
  firstRow: number;
  /** The team of a per-khu-phố sheet: rows without a ward or khu phố belong to it. */
  wardCode: string;
  wardName: string;
  neighbourhood: string;
}

export interface TemplateMarker {
  version: number;
  office: string;
  period: string;
  generated: string;
  tool: string;
  sheets: TemplateSheet[];
  /** 0-based column index of each field. */
  columns: { field: TemplateField; index: number; header: string }[];
  /** Ward name (as in the dropdown) → code. */
  wards: Map<string, string>;
}
