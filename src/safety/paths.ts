/**
 * The output path guard: every file a command writes (`-o`, `--save-map`,
 * `--out`, backups) is checked here before anything is read or written.
 * Refused (exit 2): the database or its `-wal`/`-shm`, an input file of the
 * same command (compared by real path and by device/inode, so `./a.csv`,
 * `a.csv`, a symlink or a hard link to it are all the same file), a symlink,
 * a directory or anything else that is not a regular file, a folder that does
 * not exist or is not writable, a file name longer than the file system takes.
 */
import fs from 'node:fs';
import path from 'node:path';
import { UsageError } from '../errors.js';
import { msg } from '../text/i18n.js';

/** Longest file name (bytes) common file systems accept (NAME_MAX). */
export const NAME_MAX = 255;
/** Longest path (bytes) Linux accepts (PATH_MAX). */
export const PATH_MAX = 4095;

export interface OutputRules {
  /** Directory relative paths are resolved against. */
  cwd: string;
  /** The flag that named the output, for the message (`-o`, `--save-map`, `--out`). */
  flag: string;
  /** The command's database file, when it has one. */
  db?: string;
  /** The command's input files. */
  inputs?: readonly string[];
  /** Inputs this output may replace (`--save-map` naming the `--map` file). */
  mayReplace?: readonly string[];
}

interface Identity {
  /** Real path (symlinks in the folder resolved; the file itself need not exist). */
  real: string;
  dev?: number;
  ino?: number;
}

function realPathOf(p: string): string {
  try {
    return fs.realpathSync(p);
  } catch {
    const dir = path.dirname(p);
    if (dir === p) return p;
    return path.join(realPathOf(dir), path.basename(p));
  }
}

function identity(p: string): Identity {
  const real = realPathOf(p);
  try {
    const st = fs.statSync(p);
    return { real, dev: st.dev, ino: st.ino };
  } catch {
    return { real };
  }
}

/** Two paths name the same file: same real path, or same device and inode (a hard link). */
export function sameFile(a: string, b: string): boolean {
  const x = identity(a);
  const y = identity(b);
  if (x.real === y.real) return true;
  return x.ino !== undefined && x.ino === y.ino && x.dev === y.dev;
}

/** The database and the files SQLite keeps beside it (also beside its real path when it is a symlink). */
export function databaseFiles(db: string): string[] {
  const real = realPathOf(db);
  const all = [db, `${db}-wal`, `${db}-shm`, `${db}-journal`, real, `${real}-wal`, `${real}-shm`, `${real}-journal`];
  return [...new Set(all)];
}

function refuse(out: string, flag: string, vi: string, en: string, hintVi?: string, hintEn?: string): UsageError {
  return new UsageError(
    msg(`Không ghi ${flag} ${out}: ${vi}`, `Will not write ${flag} ${out}: ${en}`),
    msg(hintVi ?? `Chọn một tên tệp khác cho ${flag}; không có gì được ghi.`, hintEn ?? `Choose another file name for ${flag}; nothing was written.`),
  );
}

/**
 * Checks an output path against the rules above; returns it as an absolute
 * path. Throws UsageError (exit 2) naming what is wrong.
 */
export function checkOutput(out: string, rules: OutputRules): string {
  const { flag } = rules;
  if (out.trim() === '') throw refuse(out, flag, 'tên tệp trống.', 'the file name is empty.');
  const target = path.resolve(rules.cwd, out);
  const name = path.basename(target);
  if (out.endsWith('/') || out.endsWith(path.sep)) throw refuse(out, flag, 'đây là tên một thư mục, không phải tệp.', 'that names a folder, not a file.');
  if (Buffer.byteLength(name) > NAME_MAX) {
    throw refuse(
      out,
      flag,
      `tên tệp dài ${Buffer.byteLength(name)} byte, quá ${NAME_MAX} byte mà hệ thống tệp cho phép.`,
      `the file name is ${Buffer.byteLength(name)} bytes long, more than the ${NAME_MAX} the file system allows.`,
      `Chọn tên ngắn hơn cho ${flag}.`,
      `Choose a shorter name for ${flag}.`,
    );
  }
  if (Buffer.byteLength(target) > PATH_MAX) throw refuse(out, flag, 'đường dẫn quá dài.', 'the path is too long.');
  const dir = path.dirname(target);
  let dirStat: fs.Stats | undefined;
  try {
    dirStat = fs.statSync(dir);
  } catch {
    dirStat = undefined;
  }
  if (!dirStat?.isDirectory()) {
    throw refuse(
      out,
      flag,
      `không có thư mục ${dir}.`,
      `there is no folder ${dir}.`,
      'Tạo thư mục trước, hoặc chọn một thư mục có sẵn.',
      'Create the folder first, or choose one that exists.',
    );
  }
  try {
    fs.accessSync(dir, fs.constants.W_OK | fs.constants.X_OK);
  } catch {
    throw refuse(
      out,
      flag,
      `không có quyền ghi vào thư mục ${dir}.`,
      `the folder ${dir} is not writable.`,
      'Chọn một thư mục bạn có quyền ghi.',
      'Choose a folder you can write to.',
    );
  }
  let st: fs.Stats | undefined;
  try {
    st = fs.lstatSync(target);
  } catch {
    st = undefined;
  }
  if (st?.isSymbolicLink())
    throw refuse(out, flag, 'đây là một liên kết tượng trưng (symlink); roster không ghi qua liên kết.', 'it is a symbolic link; roster does not write through links.');
  if (st?.isDirectory()) throw refuse(out, flag, 'đây là một thư mục, không phải tệp.', 'it is a folder, not a file.');
  if (st && !st.isFile()) throw refuse(out, flag, 'đây không phải là một tệp thông thường.', 'it is not a regular file.');
  if (rules.db) {
    const db = path.resolve(rules.cwd, rules.db);
    if (databaseFiles(db).some((f) => sameFile(target, f))) {
      throw refuse(out, flag, `đây là cơ sở dữ liệu ${rules.db} (hoặc tệp -wal/-shm của nó).`, `it is the database ${rules.db} (or its -wal/-shm file).`);
    }
  }
  const allowed = (rules.mayReplace ?? []).map((f) => path.resolve(rules.cwd, f));
  for (const input of rules.inputs ?? []) {
    const i = path.resolve(rules.cwd, input);
    if (allowed.some((a) => sameFile(a, i))) continue;
    if (sameFile(target, i)) throw refuse(out, flag, `đây là tệp đầu vào ${input} của chính lệnh này.`, `it is ${input}, an input of this very command.`);
  }
  return target;
}

/**
 * A folder a command fills with its own files (`demo --out`): an existing
 * directory (not a link), or a name that can be created. Returns the absolute path.
 */
export function checkOutputDir(out: string, rules: { cwd: string; flag: string }): string {
  const target = path.resolve(rules.cwd, out);
  let st: fs.Stats | undefined;
  try {
    st = fs.lstatSync(target);
  } catch {
    st = undefined;
  }
  if (st?.isSymbolicLink()) throw refuse(out, rules.flag, 'đây là một liên kết tượng trưng (symlink).', 'it is a symbolic link.', 'Cho một thư mục thật.', 'Give a real folder.');
  if (st && !st.isDirectory())
    throw refuse(
      out,
      rules.flag,
      'đã có một tệp mang tên này; cần một thư mục.',
      'a file of that name exists; a folder is needed.',
      'Chọn tên thư mục khác.',
      'Choose another folder name.',
    );
  if (!st) {
    // The nearest existing ancestor must be a writable folder.
    let p = path.dirname(target);
    while (!fs.existsSync(p) && path.dirname(p) !== p) p = path.dirname(p);
    const a = fs.statSync(p);
    if (!a.isDirectory()) throw refuse(out, rules.flag, `${p} là một tệp, không phải thư mục.`, `${p} is a file, not a folder.`, 'Chọn đường dẫn khác.', 'Choose another path.');
    try {
      fs.accessSync(p, fs.constants.W_OK | fs.constants.X_OK);
    } catch {
      throw refuse(
        out,
        rules.flag,
        `không có quyền ghi vào thư mục ${p}.`,
        `the folder ${p} is not writable.`,
        'Chọn một thư mục bạn có quyền ghi.',
        'Choose a folder you can write to.',
      );
    }
    if (path.basename(target).length > NAME_MAX) throw refuse(out, rules.flag, 'tên quá dài.', 'the name is too long.');
  } else {
    try {
      fs.accessSync(target, fs.constants.W_OK | fs.constants.X_OK);
    } catch {
      throw refuse(
        out,
        rules.flag,
        'không có quyền ghi vào thư mục này.',
        'the folder is not writable.',
        'Chọn một thư mục bạn có quyền ghi.',
        'Choose a folder you can write to.',
      );
    }
  }
  return target;
}
