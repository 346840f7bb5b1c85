/** Flags shared by several commands: their help texts and parsers. */
import { Option } from 'commander';
import { msg, type Lang, type Msg } from '../text/i18n.js';
import { periodArg } from '../text/period.js';

export const PERIOD_DEFAULT_LATEST = msg('kỳ báo cáo YYYY-MM (mặc định: kỳ mới nhất đã nhập)', 'period YYYY-MM (default: the latest imported)');

/**
 * A period flag (`--period`, `--from`, `--to`, `--prefill`): parsed by the one
 * period parser (trimmed, YYYY-MM, exit 2 otherwise); its help states the
 * default (or that the flag is required).
 */
export function periodOption(lang: Lang, flag: string, what: Msg, dflt: Msg | 'required'): Option {
  const tail = dflt === 'required' ? msg('bắt buộc', 'required') : msg(`mặc định: ${dflt.vi}`, `default: ${dflt.en}`);
  const o = new Option(`${flag} <YYYY-MM>`, `${what[lang]} (${tail[lang]})`).argParser(periodArg(flag));
  if (dflt === 'required') o.makeOptionMandatory(true);
  return o;
}

export const LATEST_IMPORTED = msg('kỳ mới nhất đã nhập', 'the latest imported');
