/** The .xls reader's refusals: each an InputError (exit 2) naming the file and what to do. */
import { InputError } from '../../errors.js';
import { msg, type Msg } from '../../text/i18n.js';

export function damaged(file: string, detail: string): InputError {
  return new InputError(
    msg(`${file}: tệp .xls bị hỏng hoặc không đầy đủ (${detail}).`, `${file}: the .xls file is damaged or incomplete (${detail}).`),
    msg('Mở tệp bằng Excel hoặc LibreOffice, lưu lại thành .xlsx rồi nhập lại.', 'Open the file in Excel or LibreOffice, save it as .xlsx, then import it again.'),
    file,
  );
}

export function tooLarge(file: string, what: Msg): InputError {
  return new InputError(
    msg(`${file}: ${what.vi} quá lớn; có thể là tệp độc hại.`, `${file}: ${what.en} is too large; the file may be hostile.`),
    msg('Kiểm tra lại tệp; danh sách thành viên không lớn đến vậy.', 'Check the file; a roster is never that large.'),
    file,
  );
}

export function encrypted(file: string): InputError {
  return new InputError(
    msg(`${file}: tệp được đặt mật khẩu (mã hóa), không đọc được.`, `${file}: the file is password-protected (encrypted) and cannot be read.`),
    msg(
      'Mở tệp bằng Excel, gỡ mật khẩu (Tệp › Thông tin › Bảo vệ sổ làm việc) rồi lưu lại và nhập lại.',
      'Open it in Excel, remove the password (File › Info › Protect Workbook), save, then import it again.',
    ),
    file,
  );
}

export function notAWorkbook(file: string): InputError {
  return new InputError(
    msg(
      `${file}: tệp Office cũ nhưng không chứa bảng tính Excel (có thể là tệp Word hoặc PowerPoint).`,
      `${file}: an old Office file, but not an Excel workbook (perhaps Word or PowerPoint).`,
    ),
    msg('Hãy chọn tệp danh sách Excel (.xls, .xlsx) hoặc CSV.', 'Choose the Excel roster (.xls, .xlsx) or a CSV file.'),
    file,
  );
}
