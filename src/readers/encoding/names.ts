/** The names of the text encodings a roster file may be in, and the aliases --encoding accepts. */
import { UsageError } from '../../errors.js';
import { msg } from '../../text/i18n.js';

export type EncodingName = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1258' | 'tcvn3' | 'vni';

export const ENCODING_NAMES: readonly EncodingName[] = ['utf-8', 'utf-16le', 'utf-16be', 'windows-1258', 'tcvn3', 'vni'];

const ALIASES: Record<string, EncodingName> = {
  utf8: 'utf-8',
  'utf-8': 'utf-8',
  'utf-8-sig': 'utf-8',
  utf16le: 'utf-16le',
  'utf-16le': 'utf-16le',
  'utf-16': 'utf-16le',
  utf16: 'utf-16le',
  ucs2: 'utf-16le',
  unicode: 'utf-16le',
  utf16be: 'utf-16be',
  'utf-16be': 'utf-16be',
  'windows-1258': 'windows-1258',
  windows1258: 'windows-1258',
  cp1258: 'windows-1258',
  'cp-1258': 'windows-1258',
  win1258: 'windows-1258',
  tcvn3: 'tcvn3',
  tcvn: 'tcvn3',
  'tcvn-3': 'tcvn3',
  abc: 'tcvn3',
  vn3: 'tcvn3',
  vni: 'vni',
  'vni-windows': 'vni',
  'vni-win': 'vni',
};

/** The canonical name for --encoding, or a UsageError listing the names. */
export function encodingName(name: string): EncodingName {
  const e = ALIASES[name.trim().toLowerCase().replace(/_/g, '-')];
  if (e) return e;
  throw new UsageError(
    msg(`Không biết bảng mã "${name}".`, `Unknown encoding "${name}".`),
    msg(`Dùng một trong: utf-8, utf-16le, utf-16be, windows-1258 (cp1258), tcvn3 (abc), vni.`, `Use one of: utf-8, utf-16le, utf-16be, windows-1258 (cp1258), tcvn3 (abc), vni.`),
  );
}
