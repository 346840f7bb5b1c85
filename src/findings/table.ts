/**
 * Findings as a table for people: grouped by severity (errors first), then
 * file, then rule (in the order each first appears); rows with the same
 * message and suggestion listed together. Streams: the groups are formed by
 * two sorts that spill to disk, so memory does not grow with the findings.
 */
import type { Finding, Severity } from '../rules/types.js';
import type { Lang } from '../text/i18n.js';
import { SpillSorter, WRITE_CHARS } from './spill.js';
import type { FindingsStream } from './stream.js';
import { suggestionText } from './suggestion.js';

/** The severity words of the table: the group headings and the summary line use the same ones. */
export const SEVERITY_LABEL = {
  vi: { error: 'Lỗi', warning: 'Cảnh báo', info: 'Thông tin' },
  en: { error: 'Errors', warning: 'Warnings', info: 'Notes' },
} as const;

const RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** The terminal styles the table uses (the command layer passes chalk, or plain text). */
export interface TextStyle {
  red(s: string): string;
  yellow(s: string): string;
  cyan(s: string): string;
  bold(s: string): string;
  dim(s: string): string;
}

export interface TableOptions {
  lang: Lang;
  style: TextStyle;
  /** Rows of the period (the summary line). */
  rows: number;
  /** Items kept in memory by each sort before it spills (tests use small ones). */
  batch?: number;
}

/** A finding as the table needs it: severity, rule's first place, message key, order, where, message, suggestion. */
type Item = [sev: number, ruleSeq: number, key: string, seq: number, at: string, message: string, suggestion: string];
/** A group of findings with one message: severity, rule's first place, group's first place, rule key, its text. */
type Group = [sev: number, ruleSeq: number, firstSeq: number, ruleKey: string, text: string];

const cmpItem = (a: Item, b: Item) => a[0] - b[0] || a[1] - b[1] || (a[2] < b[2] ? -1 : a[2] > b[2] ? 1 : a[3] - b[3]);
const cmpGroup = (a: Group, b: Group) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2];

interface RuleGroup {
  sev: Severity;
  file: string;
  rule: string;
  seq: number;
  count: number;
}

function fileLabel(f: Finding, lang: Lang): string {
  return f.source?.file ?? (lang === 'vi' ? '(không gắn tệp)' : '(no file)');
}

/** First pass: each (severity, file, rule) with its first place and its count. */
function ruleGroups(r: FindingsStream, lang: Lang): Map<string, RuleGroup> {
  const groups = new Map<string, RuleGroup>();
  let seq = 0;
  for (const f of r.findings()) {
    const file = fileLabel(f, lang);
    const key = `${f.severity}\u0001${file}\u0001${f.rule}`;
    const g = groups.get(key);
    if (g) g.count++;
    else groups.set(key, { sev: f.severity, file, rule: f.rule, seq, count: 1 });
    seq++;
  }
  return groups;
}

function where(f: Finding, lang: Lang): string {
  return f.source?.cell ?? (f.source?.row !== undefined ? `${lang === 'vi' ? 'dòng' : 'row'} ${f.source.row}` : '');
}

function groupText(cells: string[], count: number, last: string, message: string, suggestion: string, style: TextStyle): string {
  const at = count > 6 ? `${cells.slice(0, 5).join(', ')}, … ${last} (${count})` : cells.join(', ');
  return `${at ? `      ${style.dim(at)}\n` : ''}        ${message}${suggestion ? style.dim(` → ${suggestion}`) : ''}\n`;
}

/** Second pass: findings sorted by rule group and message; each message's rows become one group, sorted by its first place. */
function messageGroups(r: FindingsStream, rules: Map<string, RuleGroup>, o: TableOptions): SpillSorter<Group> {
  const items = new SpillSorter<Item>(cmpItem, o.batch);
  let seq = 0;
  for (const f of r.findings()) {
    const rg = rules.get(`${f.severity}\u0001${fileLabel(f, o.lang)}\u0001${f.rule}`) as RuleGroup;
    const s = suggestionText(f.suggestion);
    items.add([RANK[f.severity], rg.seq, `${f.message}\u0001${s}`, seq++, where(f, o.lang), f.message, s]);
  }
  const groups = new SpillSorter<Group>(cmpGroup, o.batch);
  let open: { first: Item; cells: string[]; count: number; last: string } | undefined;
  const close = () => {
    if (!open) return;
    const [sev, ruleSeq, , firstSeq, , message, suggestion] = open.first;
    groups.add([sev, ruleSeq, firstSeq, String(ruleSeq), groupText(open.cells, open.count, open.last, message, suggestion, o.style)]);
  };
  try {
    for (const it of items.sorted()) {
      if (open && open.first[1] === it[1] && open.first[2] === it[2]) {
        if (open.cells.length < 6) open.cells.push(it[4]);
        open.count++;
        open.last = it[4];
        continue;
      }
      close();
      open = { first: it, cells: [it[4]], count: 1, last: it[4] };
    }
    close();
  } finally {
    items.dispose();
  }
  return groups;
}

function summaryLines(r: FindingsStream, o: TableOptions, paint: Record<Severity, (s: string) => string>): string {
  const vi = o.lang === 'vi';
  const c = r.counts;
  let out = vi
    ? `Kỳ ${r.period}: ${o.rows} dòng; ${paint.error(`${c.error} lỗi`)}, ${paint.warning(`${c.warning} cảnh báo`)}, ${paint.info(`${c.info} thông tin`)}.\n`
    : `Period ${r.period}: ${o.rows} rows; ${paint.error(`${c.error} errors`)}, ${paint.warning(`${c.warning} warnings`)}, ${paint.info(`${c.info} notes`)}.\n`;
  if (c.error > 0) {
    out += vi
      ? 'Sửa các lỗi trong tệp gốc rồi nhập lại; các đơn vị đã sáp nhập: "roster remap". Sổ tay lỗi: roster validate --format xlsx -o loi.xlsx\n'
      : 'Fix the errors in the source files and import them again; for merged units run "roster remap". Annotated workbook: roster validate --format xlsx -o errors.xlsx\n';
  } else if (r.size === 0) out += vi ? 'Không có vấn đề nào.\n' : 'No problems found.\n';
  return out;
}

export function* tableChunks(r: FindingsStream, o: TableOptions): Generator<string> {
  const { style } = o;
  const words = SEVERITY_LABEL[o.lang];
  const paint: Record<Severity, (s: string) => string> = { error: style.red, warning: style.yellow, info: style.cyan };
  const rules = ruleGroups(r, o.lang);
  const bySeq = new Map([...rules.values()].map((g) => [String(g.seq), g]));
  const groups = messageGroups(r, rules, o);
  try {
    let sev: Severity | undefined;
    let file: string | undefined;
    let rule: string | undefined;
    let chunk = '';
    for (const [, , , ruleKey, text] of groups.sorted()) {
      const g = bySeq.get(ruleKey) as RuleGroup;
      if (g.sev !== sev) {
        if (sev !== undefined) chunk += '\n';
        sev = g.sev;
        file = rule = undefined;
        chunk += `${paint[sev](style.bold(`${words[sev]} (${r.counts[sev]})`))}\n`;
      }
      if (g.file !== file) {
        file = g.file;
        chunk += `  ${style.bold(file)}\n`;
      }
      if (ruleKey !== rule) chunk += `    ${paint[g.sev](g.rule)} (${g.count})\n`;
      rule = ruleKey;
      chunk += text;
      if (chunk.length >= WRITE_CHARS) {
        yield chunk;
        chunk = '';
      }
    }
    if (sev !== undefined) chunk += '\n';
    yield chunk + summaryLines(r, o, paint);
  } finally {
    groups.dispose();
  }
}
