/**
 * The file under a roster reader: it exists, is a file, is not empty, is not
 * an .xlsx without a zip signature; its first bytes (the format signature) and
 * its SHA-256.
 */
import fs from 'node:fs';
import path from 'node:path';
import { InputError } from '../errors.js';
import { msg } from '../text/i18n.js';
import { hasCompoundSignature } from './xls/index.js';

/** The file's status; a folder, a missing or an unreadable file is an InputError. */
async function statFile(file: string): Promise<fs.Stats> {
  try {
    const st = await fs.promises.stat(file);
    if (st.isDirectory()) {
      throw new InputError(
        msg(`${file} là một thư mục, không phải tệp.`, `${file} is a folder, not a file.`),
        msg('Hãy chỉ đến tệp danh sách.', 'Name the roster file itself.'),
        file,
      );
    }
    return st;
  } catch (e) {
    if (e instanceof InputError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError(
      code === 'ENOENT' ? msg(`Không tìm thấy tệp ${file}.`, `File not found: ${file}.`) : msg(`Không đọc được tệp ${file} (${code}).`, `Cannot read ${file} (${code}).`),
      msg('Kiểm tra đường dẫn và quyền đọc tệp.', 'Check the path and that the file can be read.'),
      file,
    );
  }
}

/**
 * Opened without blocking: a named pipe given as a roster then fails at once
 * (nothing to read) instead of waiting for a writer.
 */
const READ_NOW = fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0);

/**
 * The first `n` bytes of the file (fewer when it is shorter). Read
 * synchronously: a few bytes cost less than a trip through the thread pool,
 * and an import reads the head of every file more than once.
 */
export async function readHead(file: string, n: number): Promise<Buffer> {
  const fd = fs.openSync(file, READ_NOW);
  try {
    const b = Buffer.alloc(n);
    const bytesRead = fs.readSync(fd, b, 0, n, 0);
    return b.subarray(0, bytesRead);
  } finally {
    fs.closeSync(fd);
  }
}

/** A zip archive (XLSX) starts with "PK". */
export function hasZipSignature(magic: Buffer): boolean {
  return magic[0] === 0x50 && magic[1] === 0x4b;
}

export function emptyError(file: string): InputError {
  return new InputError(msg(`${file}: tệp trống.`, `${file}: the file is empty.`), msg('Hãy chọn tệp danh sách có dữ liệu.', 'Choose a roster file that has data in it.'), file);
}

/** The file exists, is a file, is not empty, and is not a format we cannot read. */
export async function checkFile(file: string): Promise<void> {
  const st = await statFile(file);
  if (st.size === 0) throw emptyError(file);
  const magic = await readHead(file, 8);
  const ext = path.extname(file).toLowerCase();
  if (hasZipSignature(magic) || hasCompoundSignature(magic)) return;
  if (ext === '.xlsx' || ext === '.xlsm') {
    throw new InputError(
      msg(`${file}: không phải tệp .xlsx hợp lệ (thiếu chữ ký zip).`, `${file}: not a valid .xlsx file (no zip signature).`),
      msg('Mở tệp bằng Excel hoặc LibreOffice, lưu lại thành .xlsx rồi nhập lại.', 'Open the file in Excel or LibreOffice, save it as .xlsx, then import it again.'),
      file,
    );
  }
}
