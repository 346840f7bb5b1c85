/** What a text file that does not decode is told as. */
import { InputError } from '../../errors.js';
import { msg } from '../../text/i18n.js';

export function badLineError(file: string, line: number, enc: string): InputError {
  return new InputError(
    msg(`${file}: dòng ${line} không đọc được theo bảng mã ${enc}.`, `${file}: line ${line} does not decode as ${enc}.`),
    msg(
      `Lưu lại tệp dưới dạng CSV UTF-8, hoặc chỉ rõ bảng mã bằng --encoding (utf-8, utf-16le, windows-1258, tcvn3, vni).`,
      `Save the file again as CSV UTF-8, or name its encoding with --encoding (utf-8, utf-16le, windows-1258, tcvn3, vni).`,
    ),
    file,
  );
}

export function binaryError(file: string): InputError {
  return new InputError(
    msg(`${file}: không phải tệp văn bản hay bảng tính (có byte nhị phân).`, `${file}: not a text file or a spreadsheet (it holds binary bytes).`),
    msg('Hãy gửi tệp .xlsx, .csv hoặc .txt xuất từ Excel.', 'Give an .xlsx, .csv or .txt file exported from Excel.'),
    file,
  );
}
