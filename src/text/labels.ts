/**
 * Stored codes shown in the clerk's words: gender, role, yes/no, team level.
 * Codes ("male", "leader", 1) stay in --json; every CSV and XLSX a person
 * reads shows these labels in the language of --lang.
 */
import type { Lang } from './i18n.js';

export type LabelKind = 'gender' | 'role' | 'yesNo' | 'level' | 'lineKind' | 'severity';

const LABELS: Record<LabelKind, Record<string, { vi: string; en: string }>> = {
  gender: { male: { vi: 'Nam', en: 'Male' }, female: { vi: 'Nữ', en: 'Female' } },
  role: { leader: { vi: 'Tổ trưởng', en: 'Leader' }, deputy: { vi: 'Tổ phó', en: 'Deputy' }, member: { vi: 'Thành viên', en: 'Member' } },
  yesNo: { '1': { vi: 'Có', en: 'Yes' }, '0': { vi: 'Không', en: 'No' }, true: { vi: 'Có', en: 'Yes' }, false: { vi: 'Không', en: 'No' } },
  level: { ward: { vi: 'Cấp phường/xã', en: 'Ward level' }, neighbourhood: { vi: 'Khu phố/ấp', en: 'Neighbourhood' } },
  // English keeps the codes that scripts filter on.
  severity: { error: { vi: 'Lỗi', en: 'error' }, warning: { vi: 'Cảnh báo', en: 'warning' }, info: { vi: 'Thông tin', en: 'info' } },
  lineKind: { outside: { vi: 'ngoài địa bàn', en: 'outside the jurisdiction' }, unresolved: { vi: 'chưa xác định đơn vị', en: 'unit not resolved' } },
};

/** The label of a stored code; a value that is not a known code is shown as it is. */
export function label(kind: LabelKind, value: unknown, lang: Lang): string | null {
  if (value === null || value === undefined || value === '') return null;
  const l = LABELS[kind][String(value)];
  return l ? l[lang] : String(value);
}
