/**
 * The command tree. Each command lives in src/commands/<name>.ts with its typed
 * options, a register() that declares its arguments and flags, and a run() that
 * tests call without the parser. This table holds what a list of commands
 * shows (name, the line that says what it does, the term after the name) and
 * how to load the module: `roster --help` lists every command without loading
 * one, and a command line loads only the modules of the commands it names
 * (src/cli/tree.ts).
 */
import type { Command } from 'commander';
import { msg, type Msg } from '../text/i18n.js';
import type { App } from './app.js';

/** What a command module offers the tree. */
export interface CommandModule {
  /** Declares the command (`parent.command(name)`) with its arguments, flags and action; not its description. */
  register(parent: Command, app: App): unknown;
}

export interface CommandEntry {
  name: string;
  /** Its description: the line under its usage and in its parent's list of commands. */
  summary: Msg;
  /** The list's term after the name, as the module declares them: it has flags (`[options]`), its arguments. */
  options?: boolean;
  args?: Msg;
  /** The module that declares it; a group without one only holds its subcommands. */
  load?: () => Promise<CommandModule>;
  subcommands?: CommandEntry[];
}

/** `roster --help` lists the commands in this order: the order of the month's work. */
export const COMMANDS: CommandEntry[] = [
  {
    name: 'init',
    summary: msg(
      'tạo tệp cơ sở dữ liệu, ghi đơn vị quản lý và địa bàn, nạp danh mục đơn vị',
      'create the database, record the office and its jurisdiction, load the unit reference',
    ),
    options: true,
    load: () => import('../commands/init.js'),
  },
  {
    name: 'units',
    summary: msg('danh mục đơn vị hành chính: nhập, tìm, xem lịch sử', 'administrative-unit reference: import, search, history'),
    subcommands: [
      {
        name: 'import',
        summary: msg(
          'nạp danh mục đơn vị: CSV của roster, danh mục ba cấp (units-2025-03-01.json), bảng sắp xếp 2025 (merges/splits-2025-07-01.json), CSV căn cứ pháp lý',
          'load unit reference data: our CSV, the three-level list (units-2025-03-01.json), the 2025 mapping (merges/splits-2025-07-01.json), a legal-basis CSV',
        ),
        options: true,
        args: msg('<tệp>', '<file>'),
        load: () => import('../commands/units-import.js'),
      },
      {
        name: 'search',
        summary: msg('tìm đơn vị theo tên (không phân biệt dấu, hoa thường, "P."/"Phường")', 'find units by name (ignoring diacritics, case and "P."/"Phường")'),
        options: true,
        args: msg('<chữ...>', '<text...>'),
        load: () => import('../commands/units-search.js'),
      },
      {
        name: 'show',
        summary: msg('xem một mã đơn vị qua các danh mục: đơn vị tiền thân, kế thừa, căn cứ pháp lý', 'show a unit code in every list: predecessors, successors, legal basis'),
        options: true,
        args: msg('<mã>', '<code>'),
        load: () => import('../commands/units-show.js'),
      },
    ],
  },
  {
    name: 'template',
    summary: msg(
      'lập biểu mẫu danh sách gửi khu phố: kiểm tra dữ liệu ngay trong Excel, danh sách thả xuống, đánh dấu để "roster import" đọc lại chính xác',
      'write the roster form to send to khu phố heads: Excel data validation, dropdowns from the database, a marker "roster import" recognises',
    ),
    options: true,
    load: () => import('../commands/template.js'),
  },
  {
    name: 'import',
    summary: msg('nhập danh sách thành viên từ tệp CSV/TSV/TXT/XLSX/XLS', 'import roster files (CSV/TSV/TXT/XLSX/XLS)'),
    options: true,
    args: msg('<tệp...>', '<files...>'),
    load: () => import('../commands/import.js'),
  },
  {
    name: 'imports',
    summary: msg('liệt kê các lần nhập: mã, kỳ, tệp, số dòng, thời điểm', 'list imports: id, period, file, rows, when'),
    options: true,
    load: () => import('../commands/imports.js'),
    subcommands: [
      {
        name: 'remove',
        summary: msg(
          'hủy một lần nhập: xóa các dòng của nó, khôi phục dòng nó đã thay thế, ghi vào lịch sử',
          'undo one import: remove its rows, restore the rows it replaced, keep it in history',
        ),
        options: true,
        args: msg('<id>', '<id>'),
        load: () => import('../commands/imports-remove.js'),
      },
    ],
  },
  {
    name: 'validate',
    summary: msg('kiểm tra danh sách theo mọi quy tắc, kể cả sắp xếp đơn vị hành chính', 'check the rosters against every rule, including the ward reorganisation'),
    options: true,
    load: () => import('../commands/validate.js'),
  },
  {
    name: 'remap',
    summary: msg(
      'chuyển các tổ từ phường/xã đã sáp nhập sang đơn vị kế thừa, ghi rõ căn cứ pháp lý',
      'move teams from retired wards to their successors, each move recorded with its legal basis',
    ),
    options: true,
    load: () => import('../commands/remap.js'),
  },
  {
    name: 'report',
    summary: msg('báo cáo tháng và tổng hợp', 'monthly and consolidated reports'),
    subcommands: [
      {
        name: 'monthly',
        summary: msg('lập báo cáo tháng (tệp .xlsx nộp UBND Thành phố)', 'write the monthly submission workbook (.xlsx)'),
        options: true,
        load: () => import('../commands/report-monthly.js'),
      },
      {
        name: 'consolidate',
        summary: msg('tổng hợp báo cáo tháng của nhiều đơn vị thành một tệp', "merge several offices' monthly workbooks into one"),
        options: true,
        args: msg('<tệp...>', '<files...>'),
        load: () => import('../commands/report-consolidate.js'),
      },
    ],
  },
  {
    name: 'teams',
    summary: msg('liệt kê các tổ: mã tổ, phường/xã, khu phố, số thành viên', 'list teams: id, ward, khu phố, members'),
    load: () => import('../commands/teams.js'),
    subcommands: [
      {
        name: 'close',
        summary: msg('giải thể một tổ từ một kỳ: thành viên được ghi là đã rời, lịch sử được giữ', 'close a dissolved team from a period: members marked as left, history kept'),
        options: true,
        args: msg('<team>', '<team>'),
        load: () => import('../commands/teams-close.js'),
      },
    ],
  },
  {
    name: 'history',
    summary: msg('lịch sử thay đổi của một thành viên hoặc một tổ, kèm tệp và dòng gốc', 'what changed for a member or a team, with the file and row each change came from'),
    options: true,
    load: () => import('../commands/history.js'),
  },
  {
    name: 'diff',
    summary: msg('so sánh danh sách hai kỳ: vào tổ, rời tổ, chuyển tổ', 'compare two periods: joined, left, moved'),
    options: true,
    load: () => import('../commands/diff.js'),
  },
  {
    name: 'export',
    summary: msg('xuất danh sách thành viên hoặc tổ ra CSV/XLSX', 'flat export of members or teams as CSV/XLSX'),
    options: true,
    args: msg('<loại>', '<what>'),
    load: () => import('../commands/export.js'),
  },
  {
    name: 'verify',
    summary: msg(
      'kiểm tra báo cáo tháng có còn nguyên như roster đã lập (mã kiểm tra SHA-256 trong trang ẩn); mã thoát 0 nguyên vẹn, 1 đã bị sửa, 2 không phải báo cáo của roster',
      "check that a monthly workbook's figures are as roster wrote them (SHA-256 digest in the hidden sheet); exit 0 untouched, 1 edited, 2 not a roster workbook",
    ),
    args: msg('<file.xlsx>', '<file.xlsx>'),
    load: () => import('../commands/verify.js'),
  },
  {
    name: 'purge',
    summary: msg('xóa dữ liệu cá nhân của một người theo yêu cầu (giữ số liệu thống kê ẩn danh)', "erase a person's personal data on request (anonymous counts are kept)"),
    options: true,
    load: () => import('../commands/purge.js'),
  },
  {
    name: 'demo',
    summary: msg('chạy toàn bộ quy trình tháng trên dữ liệu mẫu đi kèm', 'run the whole monthly job on the bundled sample'),
    options: true,
    load: () => import('../commands/demo.js'),
  },
  {
    name: 'doctor',
    summary: msg('kiểm tra tệp cơ sở dữ liệu: phiên bản lược đồ, tính toàn vẹn, số lượng', 'check the database file: schema version, integrity, counts'),
    load: () => import('../commands/doctor.js'),
  },
];

/** `roster --help` lists the commands in the order of the month's work. */
export const MONTH_ORDER = COMMANDS.map((c) => c.name);
