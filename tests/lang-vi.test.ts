/**
 * The clerk's language everywhere with --lang vi: every command's --help,
 * Commander's own errors, and every catalogued message of the source (the
 * Vietnamese side of each msg(vi, en), of each { vi, en } object, and of each
 * `vi ? … : …` choice) hold no English words, apart from an allowlist of
 * names (CCCD, OneTouch, CSV, XLSX, JSON, SQLite, …), flags, file names,
 * commands and quoted literals.
 */
import fs from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { stripVTControlCharacters } from 'node:util';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { App } from '../src/cli/app.js';
import { allCommands, buildProgram } from '../src/cli/main.js';
import { inquirerPrompter, PROMPT_WORDS, type Prompter } from '../src/cli/prompter.js';
import { ROOT, roster } from './helpers/cli.js';
import { at as elementAt } from './helpers/defined.js';

/** English words a Vietnamese text must not contain (Commander's, inquirer's, the summaries' and common ones). */
const ENGLISH = new Set(
  `usage options option commands command arguments argument display help default choices choice unknown missing required
   error errors warning warnings info notes note file files sheet sheets header row rows column columns sync append
   the and of with from for this that these those is are was were be been not yes no navigate select output version number
   member members team teams period periods imported import export skipped blank footer left joined moved updated added
   invalid allowed expected got too many did you mean cancel cancelled written nothing found leader deputy male female
   ward wards neighbourhood unit units level name names value values mode dry run check see when which what there here
   only all any none must should please run again found done report reports rule rules`
    .split(/\s+/)
    .filter(Boolean),
);

/** Names and terms the clerk's documents use as they are. */
const ALLOWED = new Set([
  'cccd',
  'cmnd',
  'onetouch',
  'csv',
  'xlsx',
  'xls',
  'tsv',
  'txt',
  'json',
  'sqlite',
  'excel',
  'libreoffice',
  'utf',
  'bom',
  'vba',
  'roster',
  'yyyy',
  'mm',
  'dd',
  'id',
]);

/** The text with what may stay as it is removed: quoted literals, commands, flags, placeholders, file names, codes. */
function prose(text: string): string {
  return text
    .replace(/"[^"\n]*"|“[^”\n]*”|'[^'\n]*'/g, ' ')
    .replace(/\broster(\s+[a-z][a-z-]*)+/g, ' ')
    .replace(/(^|[\s(])--?[a-zA-Z][\w-]*(\s+[a-z][a-z0-9-]*(?=[\s;,.)]|$))?/g, ' ') // a flag and its value
    .replace(/\b[a-z0-9_]+(,[a-z0-9_]+)+\b|\b[a-z]+(_[a-z]+)+\b/g, ' ') // column names of a file format: team_id,new_unit_code
    .replace(/\butf-\d+(le|be)?\b/gi, ' ')
    .replace(/\{[a-z]+\}/g, ' ')
    .replace(/<[^>\n]*>|\[[^\]\n]*\]|\$\{[^}]*\}|\$[A-Z_]+/g, ' ')
    .replace(/[\w.-]+\.(csv|xlsx|xls|json|db|txt|tsv|md|ts|js)\b/gi, ' ')
    .replace(/\b[a-z]+(\.[a-z-]+)+\b/g, ' ') // rule ids: person.name.format
    .replace(/https?:\/\/\S+/g, ' ');
}

function englishWords(text: string): string[] {
  return [
    ...new Set(
      prose(text)
        .split(/[^\p{L}]+/u)
        .map((w) => w.toLowerCase()),
    ),
  ].filter((w) => ENGLISH.has(w) && !ALLOWED.has(w));
}

/** Literal text of a string or template expression; substitutions become "…". */
function literal(n: ts.Node): string | null {
  if (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n)) return n.text;
  if (ts.isTemplateExpression(n)) return n.head.text + n.templateSpans.map((s) => `…${s.literal.text}`).join('');
  return null;
}

/** Every string literal inside a node (objects and arrays of labels). */
function literalsIn(n: ts.Node, out: string[]): void {
  const l = literal(n);
  if (l !== null) {
    out.push(l);
    return;
  }
  n.forEachChild((c) => literalsIn(c, out));
}

interface Catalogued {
  where: string;
  text: string;
}

/** The Vietnamese texts of the source: msg(vi, en), { vi: …, en: … }, and `vi ? … : …` / `lang === 'vi' ? … : …`. */
function catalogue(): Catalogued[] {
  const out: Catalogued[] = [];
  const files: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.ts')) files.push(p);
    }
  };
  walk(path.join(ROOT, 'src'));
  for (const file of files) {
    const src = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const at = (n: ts.Node) => `${path.relative(ROOT, file)}:${src.getLineAndCharacterOfPosition(n.getStart()).line + 1}`;
    const visit = (n: ts.Node) => {
      if (ts.isCallExpression(n) && ts.isIdentifier(n.expression) && n.expression.text === 'msg' && n.arguments.length === 2) {
        const texts: string[] = [];
        literalsIn(elementAt(n.arguments, 0), texts);
        for (const t of texts) out.push({ where: at(n), text: t });
      }
      if (ts.isObjectLiteralExpression(n)) {
        const props = new Map(n.properties.filter(ts.isPropertyAssignment).map((p) => [p.name.getText(src), p.initializer]));
        const vi = props.get('vi');
        if (vi && props.has('en')) {
          const texts: string[] = [];
          literalsIn(vi, texts);
          for (const t of texts) out.push({ where: at(vi), text: t });
        }
      }
      if (ts.isConditionalExpression(n)) {
        const c = n.condition.getText(src);
        if (c === 'vi' || /=== 'vi'$/.test(c)) {
          const texts: string[] = [];
          literalsIn(n.whenTrue, texts);
          for (const t of texts) out.push({ where: at(n), text: t });
        }
      }
      n.forEachChild(visit);
    };
    visit(src);
  }
  return out;
}

describe("the clerk's language (--lang vi)", () => {
  it('finds English words (the check itself works)', () => {
    expect(englishWords('Usage: roster [options]')).toEqual(['usage']);
    expect(englishWords('display help for command')).toEqual(['display', 'help', 'for', 'command']);
    expect(englishWords('sheet "DS", header row 4, chế độ sync')).toEqual(['sheet', 'header', 'row', 'sync']);
    expect(englishWords('Chạy "roster export members" rồi --mode sync; tệp ds-2026-11.csv; CCCD, OneTouch')).toEqual([]);
  });

  it("every command's --help is Vietnamese", async () => {
    const program = buildProgram(
      new App({ io: { stdout: { write: () => true }, stderr: { write: () => true }, stdinIsTTY: false, stdoutIsTTY: false, stderrIsTTY: false }, env: {}, cwd: ROOT }, 'vi'),
    );
    const paths = [
      [],
      ...allCommands(program).map((c) => {
        const names: string[] = [];
        for (let x: typeof c | null = c; x?.parent; x = x.parent) names.unshift(x.name());
        return names;
      }),
    ];
    expect(paths.length).toBeGreaterThan(10);
    const bad: string[] = [];
    for (const p of paths) {
      const r = await roster([...p, '--help']);
      expect(r.code, p.join(' ')).toBe(0);
      expect(r.stdout).toMatch(/^Cách dùng: roster/);
      // The term of each listed command or option is what the clerk types.
      const words = englishWords(r.stdout.replace(/^ {2}\S+/gm, ' '));
      if (words.length) bad.push(`roster ${p.join(' ')} --help: ${words.join(', ')}`);
    }
    expect(bad).toEqual([]);
  });

  it("Commander's errors are Vietnamese", async () => {
    const cases = [
      ['imprt'],
      ['import', '--perod', 'x'],
      ['import'],
      ['export', 'foo'],
      ['validate', '--format', 'pdf'],
      ['diff'],
      ['doctor', 'extra'],
      ['import', '--period'],
      ['units', 'nope'],
    ];
    for (const args of cases) {
      const r = await roster(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toMatch(/^Lỗi: /);
      expect(englishWords(r.stderr), `${args.join(' ')}: ${r.stderr}`).toEqual([]);
    }
    const en = await roster(['imprt', '--lang', 'en']);
    expect(en.stderr).toMatch(/^error: unknown command 'imprt'/);
  });

  it('prompt hints and Yes/No are Vietnamese', () => {
    const w = PROMPT_WORDS.vi;
    expect([w.yes, w.no]).toEqual(['Có', 'Không']);
    for (const t of [w.navigate, w.select, w.required, w.confirmError(w.yes, w.no)]) expect(englishWords(t), t).toEqual([]);
  });

  it('every catalogued message is Vietnamese', () => {
    const all = catalogue();
    expect(all.length).toBeGreaterThan(300);
    const bad = all.map((c) => ({ ...c, words: englishWords(c.text) })).filter((c) => c.words.length > 0);
    expect(bad.map((b) => `${b.where}: ${b.words.join(', ')} in "${b.text}"`)).toEqual([]);
  });
});

describe('the real prompts (inquirer) in Vietnamese', () => {
  async function ask<T>(run: (p: Prompter) => Promise<T>, keys: string): Promise<{ value: T; shown: string }> {
    const input = new PassThrough();
    const output = new PassThrough();
    let shown = '';
    output.on('data', (d) => (shown += String(d)));
    const io = { stdout: output, stderr: output, stdinIsTTY: true, stdoutIsTTY: true, stderrIsTTY: true };
    const p = await inquirerPrompter(io, 'vi', input);
    setTimeout(() => input.write(keys), 50);
    const value = await run(p);
    return { value, shown: stripVTControlCharacters(shown) };
  }

  it('select: Vietnamese key hints, and Enter takes the default, not the first choice', async () => {
    const { value, shown } = await ask(
      (p) =>
        p.select({
          message: 'Cột nào là "Họ và tên"?',
          choices: [
            { name: 'A: STT', value: 0 },
            { name: 'B: Người tham gia', value: 1 },
          ],
          default: 1,
        }),
      '\r',
    );
    expect(value).toBe(1);
    expect(shown).toContain('di chuyển');
    expect(shown).toContain('chọn');
    expect(englishWords(shown)).toEqual([]);
  });

  it('confirm: Có/Không, and Enter takes the default', async () => {
    const { value, shown } = await ask((p) => p.confirm({ message: 'Chuyển các tổ?', default: false }), '\r');
    expect(value).toBe(false);
    expect(shown).toContain('(c/K)');
    expect(shown).toContain('Không');
    const yes = await ask((p) => p.confirm({ message: 'Chuyển các tổ?', default: false }), 'c\r');
    expect(yes.value).toBe(true);
  });
});
