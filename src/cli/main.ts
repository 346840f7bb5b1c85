/**
 * The CLI entry: parses argv with Commander, runs one command, maps every
 * error to an exit code in one place. Only bin/roster.js sets the process exit
 * code. Command modules are small; heavy libraries load inside their run().
 */
import { type Command, CommanderError, Option } from 'commander';
import { commandClass } from './commander-vi.js';
import { EXIT, RosterError } from '../errors.js';
import { isLang, type Lang, msg } from '../text/i18n.js';
import { App, type AppDeps } from './app.js';
import { COMMANDS } from './commands.js';
import { declareNamed, listCommands, prepareCommand, trimFlagValues } from './tree.js';

function scanLang(argv: string[], env: Record<string, string | undefined>): Lang {
  for (const [i, a] of argv.entries()) {
    const v = a === '--lang' ? argv[i + 1] : a.startsWith('--lang=') ? a.slice(7) : undefined;
    if (v !== undefined && isLang(v)) return v;
  }
  const e = env.ROSTER_LANG;
  return e && isLang(e) ? e : 'vi';
}

export function buildProgram(app: App): Command {
  const d = app.d.bind(app);
  const RosterCommand = commandClass(app.lang);
  const program = new RosterCommand('roster')
    .description(
      d(
        msg(
          'Quản lý danh sách thành viên Tổ công nghệ số cộng đồng: nhập, kiểm tra theo sắp xếp đơn vị hành chính, báo cáo tháng.',
          'Rosters of the Community Digital Technology Teams: import, check against the ward reorganisation, monthly report.',
        ),
      ),
    )
    .version('0.1.0', '-V, --version', d(msg('in số phiên bản', 'output the version number')))
    .option('--db <path>', d(msg('tệp cơ sở dữ liệu (mặc định $ROSTER_DB, hoặc ./roster.db)', 'database file (default $ROSTER_DB, else ./roster.db)')))
    .option('--json', d(msg('xuất dữ liệu dạng JSON trên stdout', 'machine-readable JSON on stdout')))
    .addOption(new Option('--lang <lang>', d(msg('ngôn ngữ thông báo', 'language of messages'))).choices(['vi', 'en']))
    .option('--no-color', d(msg('không tô màu', 'plain output without colour')))
    .option('-q, --quiet', d(msg('chỉ in lỗi', 'print only errors')))
    .option('-y, --yes', d(msg('tự chọn phương án an toàn, không hỏi', 'answer prompts with the safe default')))
    .showSuggestionAfterError(true);
  listCommands(program, COMMANDS, app);
  prepareCommand(program, app);
  trimFlagValues(program);
  return program;
}

/** The program with the commands `argv` names declared (src/cli/tree.ts): what parses `argv`. */
export async function programFor(app: App, argv: readonly string[]): Promise<Command> {
  const program = buildProgram(app);
  await declareNamed(program, COMMANDS, argv, app);
  return program;
}

export function allCommands(c: Command): Command[] {
  return c.commands.flatMap((s) => [s, ...allCommands(s)]);
}

/**
 * The process's streams, each taken when first used: Node builds a stream when
 * it is first read (stdin from /dev/null loads the file streams, a pipe the
 * network stack), and `roster --help` writes to stdout only.
 */
function defaultDeps(): AppDeps {
  return {
    io: {
      get stdout() {
        return process.stdout;
      },
      get stderr() {
        return process.stderr;
      },
      get stdinIsTTY() {
        return Boolean(process.stdin.isTTY);
      },
      get stdoutIsTTY() {
        return Boolean(process.stdout.isTTY);
      },
      get stderrIsTTY() {
        return Boolean(process.stderr.isTTY);
      },
    },
    env: process.env,
    cwd: process.cwd(),
  };
}

/** Runs the CLI; returns the exit code. */
export async function main(argv: string[], deps: AppDeps = defaultDeps()): Promise<number> {
  const lang = scanLang(argv, deps.env);
  const app = new App(deps, lang, programFor);
  const program = await programFor(app, argv);
  const json = argv.includes('--json');
  try {
    await program.parseAsync(argv, { from: 'user' });
    return app.exitCode;
  } catch (caught) {
    if (caught instanceof CommanderError) {
      if (caught.code === 'commander.helpDisplayed' || caught.code === 'commander.version' || caught.code === 'commander.help') return EXIT.ok;
      return EXIT.usage; // Commander already printed what was wrong
    }
    const err = deps.io.stderr;
    // Loaded on the way out: `roster --help` needs neither.
    const { maskMessage } = await import('../privacy/mask.js');
    const { diskFull, isDiskFull } = await import('../safety/atomic.js');
    const e: unknown = isDiskFull(caught) ? diskFull(lang === 'vi' ? 'cơ sở dữ liệu' : 'the database') : caught;
    if (e instanceof RosterError) {
      // Messages never print values that look like personal data (a headerless roster's "headers" are a person).
      const text = maskMessage(e.msg[lang]);
      if (text) err.write(`${lang === 'vi' ? 'Lỗi' : 'Error'}: ${text}\n`);
      if (e.hint) err.write(`  ${maskMessage(e.hint[lang])}\n`);
      if (json && e.exitCode !== EXIT.dataErrors) {
        deps.io.stdout.write(`${JSON.stringify({ ok: false, error: { exitCode: e.exitCode, message: text } })}\n`);
      }
      if (deps.env.ROSTER_DEBUG === '1') err.write(`${String(e.stack)}\n`);
      return e.exitCode;
    }
    const sqliteCode = (e as { code?: unknown }).code;
    if (sqliteCode === 'SQLITE_BUSY' || sqliteCode === 'SQLITE_LOCKED') {
      err.write(
        lang === 'vi'
          ? 'Lỗi: cơ sở dữ liệu đang được một tiến trình roster khác sử dụng. Chờ nó xong rồi chạy lại; không có gì được ghi.\n'
          : 'Error: the database is in use by another roster process. Wait for it to finish and run again; nothing was written.\n',
      );
      return EXIT.usage;
    }
    err.write(
      lang === 'vi'
        ? `Lỗi nội bộ của roster (không phải lỗi dữ liệu của bạn): ${maskMessage(String((e as Error)?.message ?? e))}\n  Vui lòng báo lỗi theo mục "Reporting a problem" của README, kèm lệnh đã chạy (chạy lại với ROSTER_DEBUG=1 để xem chi tiết).\n`
        : `Internal roster failure (not a problem in your data): ${maskMessage(String((e as Error)?.message ?? e))}\n  Please report it as README § "Reporting a problem" says, with the command you ran (run again with ROSTER_DEBUG=1 for details).\n`,
    );
    if (deps.env.ROSTER_DEBUG === '1') err.write(`${String((e as Error)?.stack)}\n`);
    return EXIT.internal;
  }
}
