/**
 * The roster fields the importer understands and the header texts that name
 * them (DOMAIN.md § Roster columns). Headers are compared folded: without
 * diacritics, case, punctuation or spacing, so "Họ và tên", "HO VA TEN" and
 * "Ho-va-ten" are the same header.
 */
import { fold } from '../text/fold.js';

export type Field =
  | 'full_name'
  | 'dob'
  | 'gender'
  | 'person_id'
  | 'phone'
  | 'email'
  | 'role'
  | 'organisation'
  | 'neighbourhood'
  | 'ward'
  | 'ward_code'
  | 'district'
  | 'joined_on'
  | 'left_on'
  | 'onetouch'
  | 'notes';

export const FIELDS: readonly Field[] = [
  'full_name',
  'dob',
  'gender',
  'person_id',
  'phone',
  'email',
  'role',
  'organisation',
  'neighbourhood',
  'ward',
  'ward_code',
  'district',
  'joined_on',
  'left_on',
  'onetouch',
  'notes',
];

/**
 * Required fields. `ward` stands for "ward or ward_code": a roster that has
 * either column satisfies it (see `missingRequired`).
 */
export const REQUIRED: readonly Field[] = ['full_name', 'role', 'ward'];

export const FIELD_LABELS: Record<Field, { vi: string; en: string }> = {
  full_name: { vi: 'Họ và tên', en: 'Full name' },
  dob: { vi: 'Ngày sinh', en: 'Date of birth' },
  gender: { vi: 'Giới tính', en: 'Gender' },
  person_id: { vi: 'Số CCCD', en: 'Personal ID' },
  phone: { vi: 'Số điện thoại', en: 'Phone' },
  email: { vi: 'Email', en: 'E-mail' },
  role: { vi: 'Chức danh', en: 'Role' },
  organisation: { vi: 'Đơn vị công tác', en: 'Organisation' },
  neighbourhood: { vi: 'Khu phố/Ấp', en: 'Neighbourhood' },
  ward: { vi: 'Phường/Xã', en: 'Ward' },
  ward_code: { vi: 'Mã phường/xã', en: 'Ward code' },
  district: { vi: 'Quận/Huyện', en: 'District' },
  joined_on: { vi: 'Ngày tham gia', en: 'Joined on' },
  left_on: { vi: 'Ngày rời tổ', en: 'Left on' },
  onetouch: { vi: 'Hoàn thành OneTouch', en: 'OneTouch completed' },
  notes: { vi: 'Ghi chú', en: 'Notes' },
};

/** Header synonyms per field, as clerks write them. */
const SYNONYMS: Record<Field, string[]> = {
  full_name: ['Họ và tên', 'Họ tên', 'Tên thành viên', 'Họ và tên thành viên', 'Full name', 'Name', 'Fullname'],
  dob: ['Ngày sinh', 'Ngày tháng năm sinh', 'Ngày, tháng, năm sinh', 'Năm sinh', 'DOB', 'Date of birth', 'Birth date'],
  gender: ['Giới tính', 'Nam/Nữ', 'Gender', 'Sex', 'Phái'],
  person_id: [
    'Số CCCD',
    'CCCD',
    'Số định danh',
    'Số định danh cá nhân',
    'CMND/CCCD',
    'Số CMND/CCCD',
    'CCCD/CMND',
    'Số CCCD/CMND',
    'CMND',
    'Số CMND',
    'ID',
    'Personal ID',
    'ID number',
  ],
  phone: ['Số điện thoại', 'Điện thoại', 'SĐT', 'SĐT liên hệ', 'Điện thoại liên hệ', 'Phone', 'Phone number', 'Mobile', 'Di động'],
  email: ['Email', 'E-mail', 'Thư điện tử', 'Địa chỉ email'],
  role: ['Chức danh', 'Chức danh trong tổ', 'Chức vụ', 'Chức vụ trong tổ', 'Vai trò', 'Role', 'Position'],
  organisation: ['Đơn vị công tác', 'Cơ quan', 'Nơi công tác', 'Cơ quan công tác', 'Organisation', 'Organization'],
  neighbourhood: ['Khu phố/Ấp', 'Khu phố', 'Ấp', 'Thôn', 'Tổ dân phố', 'KP', 'KP/Ấp', 'Khu phố, ấp', 'Neighbourhood', 'Neighborhood'],
  ward: ['Phường/Xã', 'Phường', 'Xã', 'Phường/Xã/Thị trấn', 'Đơn vị hành chính', 'Ward', 'Commune', 'Ward/Commune'],
  ward_code: ['Mã phường/xã', 'Mã ĐVHC', 'Mã xã', 'Mã phường', 'Mã đơn vị hành chính', 'Ward code'],
  district: ['Quận/Huyện', 'Quận', 'Huyện', 'Quận/Huyện/Thị xã', 'District'],
  joined_on: ['Ngày tham gia', 'Ngày vào tổ', 'Ngày tham gia tổ', 'Joined', 'Joined on', 'Date joined'],
  left_on: ['Ngày rời tổ', 'Ngày thôi', 'Ngày rời', 'Ngày thôi tham gia', 'Left', 'Left on', 'Date left'],
  onetouch: ['OneTouch', 'Hoàn thành OneTouch', 'Đã học OneTouch', 'Đã hoàn thành OneTouch', 'Học OneTouch', 'OneTouch completed'],
  notes: ['Ghi chú', 'Notes', 'Note', 'Remarks'],
};

/** The header names of a field (for the mapping question's suggestion). */
export function synonymsOf(field: Field): readonly string[] {
  return SYNONYMS[field];
}

/** Folded and stripped of everything but letters and digits: "Nam/Nữ" -> "namnu". */
export function headerKey(header: string): string {
  return fold(header).replace(/[^a-z0-9]+/g, '');
}

const BY_KEY = new Map<string, Field>();
for (const f of FIELDS) for (const s of SYNONYMS[f]) BY_KEY.set(headerKey(s), f);

/** The field a header names, or null. */
export function fieldForHeader(header: string): Field | null {
  return fieldForHeaderKey(header, headerKey(header));
}

/** fieldForHeader of a header whose headerKey is known. */
export function fieldForHeaderKey(header: string, key: string): Field | null {
  if (!key) return null;
  const direct = BY_KEY.get(key);
  if (direct) return direct;
  // Nothing to strip: the bare key is the key.
  if (!header.includes('(') && !header.includes('[') && !header.includes('*')) return null;
  // Common decorations: "Họ và tên (*)", "Số CCCD (12 số)", "Ngày sinh (dd/mm/yyyy)".
  const bare = headerKey(header.replace(/\([^)]*\)|\[[^\]]*\]|\*/g, ' '));
  return (bare && BY_KEY.get(bare)) || null;
}

/** The required fields a set of mapped fields lacks (`ward` is satisfied by `ward_code`). */
export function missingRequired(fields: Iterable<Field>): Field[] {
  const have = new Set(fields);
  return REQUIRED.filter((f) => !(have.has(f) || (f === 'ward' && have.has('ward_code'))));
}

/** A part of a name split over several columns, in the order they are joined. */
export type NamePart = 'family' | 'middle' | 'given';

const NAME_PARTS = new Map<string, NamePart>([
  ['ho', 'family'],
  ['hovatendem', 'family'],
  ['hovachulot', 'family'],
  ['hodem', 'family'],
  ['hochulot', 'family'],
  ['tendem', 'middle'],
  ['chulot', 'middle'],
  ['ten', 'given'],
  ['tenrieng', 'given'],
  ['familyname', 'family'],
  ['lastname', 'family'],
  ['surname', 'family'],
  ['middlename', 'middle'],
  ['givenname', 'given'],
  ['firstname', 'given'],
]);

/** "Họ và tên đệm", "Họ", "Tên đệm", "Tên": the part of a split name a header (made a key by headerKey) names, or null. */
export function namePartOfKey(key: string): NamePart | null {
  return NAME_PARTS.get(key) ?? null;
}

/** "Nam" or "Nữ" as a header (made a key by headerKey) by itself (the sub-columns of an old form), or null. */
export function genderOfKey(k: string): 'male' | 'female' | null {
  return k === 'nam' || k === 'male' ? 'male' : k === 'nu' || k === 'female' ? 'female' : null;
}
