/**
 * A full export of personal data is the clerk's decision, but never a silent
 * one: on a terminal, say what the file holds and what the law asks. Used by
 * every command with --include-pii that writes a file (export, report
 * monthly, template).
 */
import { msg, type Msg } from '../text/i18n.js';

export const PII_WARNING: Msg = msg(
  'Cảnh báo: tệp xuất có đầy đủ số CCCD, số điện thoại và email (--include-pii). Đây là dữ liệu cá nhân theo Luật Bảo vệ dữ liệu cá nhân 91/2025/QH15: chỉ gửi cho người có thẩm quyền, không gửi qua kênh không mã hóa, xóa khi không còn cần.',
  'Warning: the export holds personal ID numbers, phones and e-mail in full (--include-pii). This is personal data under the Personal Data Protection Law 91/2025/QH15: share it only with those entitled to it, never over unencrypted channels, and delete it when no longer needed.',
);

/** Where the warning goes: a command's context has this shape. */
export interface PiiWarningTarget {
  io: { stderrIsTTY: boolean };
  warn(m: Msg): void;
}

/** The warning, on a terminal only (a script redirecting stderr chose already). */
export function warnPii(to: PiiWarningTarget): void {
  if (!to.io.stderrIsTTY) return;
  to.warn(PII_WARNING);
}
