/**
 * Every word of the monthly and consolidated workbooks, in Vietnamese and in
 * English: sheet names, titles, column heads, the names of roles, genders and
 * changes, and the sentences of the Kiểm tra sheet.
 */
import type { Lang } from '../../text/i18n.js';

export function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** 2026-11 → 11/2026, as titles write the month. */
export function monthText(period: string): string {
  const [y, m] = period.split('-');
  return `${m}/${y}`;
}

/** An ISO date as dd/mm/yyyy; anything else as written. */
export function dmy(iso: string | null | undefined): string {
  if (!iso) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : iso;
}

const VI = {
  sheets: ['Tổng hợp', 'Danh sách tổ', 'Thành viên', 'Biến động', 'Kiểm tra'] as [summary: string, teams: string, members: string, changes: string, checks: string],
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
  memberCols: [
    'STT',
    'Phường/Xã',
    'Khu phố/Ấp',
    'Họ và tên',
    'Ngày sinh',
    'Giới tính',
    'Số CCCD',
    'Số điện thoại',
    'Chức danh',
    'Đơn vị công tác',
    'OneTouch',
    'Ngày tham gia',
    'Tệp nguồn',
    'Dòng',
  ],
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
  acceptedHead: (who: string) =>
    `Chấp nhận báo cáo khi còn tổ chưa nộp danh sách (--accept-missing ${who}); người của các tổ này không tính là thành viên cũng không tính là rời tổ.`,
  moreFindings: (more: number, period: string) =>
    `… và ${more} phát hiện khác. Danh sách đầy đủ, chỉ đến từng ô: roster validate --period ${period} --format xlsx -o so-tay-loi.xlsx`,
  listedTwice: (n: number) =>
    `${n} người có tên nhiều lần trong danh sách kỳ này: mỗi người chỉ được tính một lần, ở tổ của lần nhập sớm nhất còn hiệu lực (rồi theo tệp, trang tính, dòng).`,
};

export type Labels = typeof VI;

/** The office line of a consolidated workbook that names no office. */
export const CITY_OFFICE = 'UBND THÀNH PHỐ HỒ CHÍ MINH';

const EN: Labels = {
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
  moreFindings: (more: number, period: string) => `… and ${more} more findings. The full list, cell by cell: roster validate --period ${period} --format xlsx -o errors.xlsx`,
  listedTwice: (n: number) => `${n} people are listed more than once this period: each counts once, in the team of the earliest import still in force (then file, sheet, row).`,
};

export const LABELS: Record<Lang, Labels> = { vi: VI, en: EN };
