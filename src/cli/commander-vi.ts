/**
 * Commander's own words in the clerk's language: help headings ("Usage:",
 * "Options:", "Commands:"), "(default: …)" and "(choices: …)", the help
 * option and command, and the parse errors (unknown command or option, a
 * missing argument or option, a value outside its choices). English stays as
 * Commander writes it.
 */
import { Command, Help, type Argument, type Option } from 'commander';
import type { Lang } from '../text/i18n.js';

const TITLES: Record<string, string> = {
  'Usage:': 'Cách dùng:',
  'Options:': 'Tùy chọn:',
  'Commands:': 'Lệnh:',
  'Arguments:': 'Tham số:',
  'Global Options:': 'Tùy chọn chung:',
};

const USAGE_WORDS: [RegExp, string][] = [
  [/\[options\]/g, '[tùy chọn]'],
  [/\[command\]/g, '[lệnh]'],
];

function viUsage(s: string): string {
  return USAGE_WORDS.reduce((t, [re, w]) => t.replace(re, w), s);
}

const quote = (v: unknown) => JSON.stringify(v);

/** "(lựa chọn: …, mặc định: …)" after a description, as Commander does in English. */
function extras(description: string, choices: readonly string[] | undefined, dflt: string | undefined): string {
  const extra: string[] = [];
  if (choices) extra.push(`lựa chọn: ${choices.map(quote).join(', ')}`);
  if (dflt !== undefined) extra.push(`mặc định: ${dflt}`);
  if (extra.length === 0) return description;
  return description ? `${description} (${extra.join(', ')})` : `(${extra.join(', ')})`;
}

/**
 * A command listed before its module has declared it (src/cli/tree.ts): the
 * term its parent's list of commands shows, `[options]` and arguments included.
 */
export type ListedCommand = Command & { listedTerm?: string };

/** The term of a command in its parent's list: as listed, else as Commander writes it. */
function listedTerm(help: Help, cmd: Command): string {
  return (cmd as ListedCommand).listedTerm ?? Help.prototype.subcommandTerm.call(help, cmd);
}

/** Help settings for configureHelp() in English: the terms of listed commands. */
export function enHelp(): Partial<Help> {
  return {
    subcommandTerm(this: Help, cmd: Command) {
      return listedTerm(this, cmd);
    },
  };
}

/** Help settings for configureHelp(): Vietnamese headings, usage words and extras. */
export function viHelp(): Partial<Help> {
  return {
    styleTitle: (s: string) => TITLES[s] ?? s,
    commandUsage(this: Help, cmd: Command) {
      return viUsage(Help.prototype.commandUsage.call(this, cmd));
    },
    subcommandTerm(this: Help, cmd: Command) {
      return viUsage(listedTerm(this, cmd));
    },
    optionDescription(option: Option) {
      const shown =
        option.defaultValue !== undefined && (option.required || option.optional || (option.isBoolean() && typeof option.defaultValue === 'boolean'))
          ? option.defaultValueDescription || quote(option.defaultValue)
          : undefined;
      return extras(option.description, option.argChoices, shown);
    },
    argumentDescription(argument: Argument) {
      const shown = argument.defaultValue !== undefined ? argument.defaultValueDescription || quote(argument.defaultValue) : undefined;
      return extras(argument.description, argument.argChoices, shown);
    },
  };
}

/** Commander's parse errors, by code, in Vietnamese. `q` are the quoted parts of the English message, in order. */
const ERRORS: Record<string, (q: string[], m: string) => string | null> = {
  'commander.unknownCommand': (q) => `lệnh không tồn tại: '${q[0]}'`,
  'commander.unknownOption': (q) => `không có tùy chọn '${q[0]}'`,
  'commander.missingArgument': (q) => `thiếu tham số bắt buộc '${q[0]}'`,
  'commander.optionMissingArgument': (q) => `tùy chọn '${q[0]}' cần một giá trị`,
  'commander.missingMandatoryOptionValue': (q) => `thiếu tùy chọn bắt buộc '${q[0]}'`,
  'commander.conflictingOption': (q) => `không dùng được '${q[0]}' cùng với '${q[1]}'`,
  'commander.excessArguments': (_q, m) => {
    const n = /Expected (\d+) arguments? but got (\d+)/.exec(m);
    return n ? `thừa tham số: lệnh nhận ${n[1]} tham số, nhưng có ${n[2]}` : 'thừa tham số';
  },
  'commander.invalidArgument': (q, m) => {
    const choices = /Allowed choices are (.*)\.\s*$/.exec(m);
    const tail = choices
      ? ` Chọn một trong: ${(choices[1] ?? '')
          .split(', ')
          .map((c) => `'${c}'`)
          .join(', ')}.`
      : '';
    return m.startsWith('error: option') ? `giá trị '${q[1]}' của tùy chọn '${q[0]}' không hợp lệ.${tail}` : `giá trị '${q[0]}' của tham số '${q[1]}' không hợp lệ.${tail}`;
  },
};

/** The Vietnamese form of a Commander error message (the English one when there is no translation). */
export function viError(message: string, code: string | undefined): string {
  const [main = '', ...rest] = message.split('\n');
  const q = [...main.matchAll(/'([^']*)'/g)].map((x) => x[1] ?? '');
  const t = code ? ERRORS[code]?.(q, main) : null;
  if (!t) return message;
  const quoted = (list: string) =>
    list
      .split(', ')
      .map((w) => `'${w}'`)
      .join(', ');
  const similar = rest
    .join('\n')
    .replace(/^\(Did you mean one of (.*)\?\)$/, (_m, l: string) => `(Có phải bạn muốn gõ một trong: ${quoted(l)}?)`)
    .replace(/^\(Did you mean (.*)\?\)$/, (_m, l: string) => `(Có phải bạn muốn gõ ${quoted(l)}?)`);
  return `Lỗi: ${t}${similar ? `\n${similar}` : ''}`;
}

/**
 * The program's Command class: subcommands are of it too, and its error()
 * speaks the language scanned from argv before parsing.
 */
export function commandClass(lang: Lang): typeof Command {
  class RosterCommand extends Command {
    override createCommand(name?: string): Command {
      return new RosterCommand(name);
    }
    override error(message: string, errorOptions?: { code?: string; exitCode?: number }): never {
      return super.error(lang === 'vi' ? viError(message, errorOptions?.code) : message, errorOptions);
    }
  }
  return RosterCommand;
}

/** Help option, help command and version texts of every command in the language. */
export function localise(cmd: Command, lang: Lang): void {
  if (lang !== 'vi') {
    cmd.configureHelp(enHelp());
    return;
  }
  cmd.configureHelp(viHelp());
  cmd.helpOption('-h, --help', 'xem hướng dẫn của lệnh');
  if (cmd.commands.length > 0) cmd.helpCommand('help [lệnh]', 'xem hướng dẫn của một lệnh');
}
