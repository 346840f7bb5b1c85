/**
 * One masking rule for every output without --include-pii: any run of 9 or
 * more digits (spaces, dots, dashes between digits; full-width digits and the
 * look-alike letters O/o/l/I inside the run folded first) and anything with an
 * @, in any column, message, comment or prompt. Digests stay as they are.
 * The roster fixture pii-malformed-values.xlsx carries the values that slipped
 * through before (made by fixtures/make/make_pii_fixture.py).
 */
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Prompter } from '../src/cli/prompter.js';
import { findingMasker, mayBeOtherDigit, maskMessage, maskText, maskValue } from '../src/privacy/mask.js';
import { FIXTURES, roster, rosterBin, tempDir } from './helpers/cli.js';
import { at } from './helpers/defined.js';

const FIXTURE = path.join(FIXTURES, 'rosters', 'pii-malformed-values.xlsx');
/** Every personal value of the fixture, as written. */
const SECRETS = [
  '０７９０８０１１１１１１',
  '079O90222222',
  '79085333333',
  '079085333333',
  '079O85333334',
  '079175444444',
  '0903.123.456',
  '0903-123-457',
  '0903 123 458',
  '903 123 459',
  '0912.345.678',
  'a.secret@@example.vn',
  'hai.vo@example.vn',
  'bon@',
];

/** An independent check: text with a 9-digit run after folding, or an @ after something other than a masked local part. */
function leaks(text: string): string[] {
  const folded = text
    .normalize('NFKC')
    .replace(/(?<=\d)[Oo]|[Oo](?=\d)/g, '0')
    .replace(/(?<=\d)[lI]|[lI](?=\d)/g, '1')
    .replace(/(?<=\d)[ .-](?=\d)/g, '')
    // Digests (and their first 16 hex digits) are technical, not personal.
    .replace(/(?<![0-9A-Za-z])(?=[0-9a-f]*[a-f])[0-9a-f]{16,64}(?![0-9A-Za-z])/g, '');
  const out = [...folded.matchAll(/\d{9,}/g)].map((m) => m[0]);
  for (const m of text.matchAll(/([^\s"'(),;:]*)@/g)) if (!/^\S?\*\*\*$/.test(at(m, 1))) out.push(m[0]);
  return out;
}

/** All text of a workbook: every cell value and every note (the hidden machine-readable sheet left out: technical). */
async function workbookText(file: string): Promise<string> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const parts: string[] = [];
  wb.eachSheet((ws) => {
    if (ws.state === 'veryHidden') return;
    ws.eachRow((row) => {
      row.eachCell((c) => {
        parts.push(typeof c.value === 'object' && c.value !== null && !(c.value instanceof Date) ? JSON.stringify(c.value) : String(c.value));
        const note = c.note as unknown;
        if (note) parts.push(typeof note === 'string' ? note : JSON.stringify(note));
      });
    });
  });
  return parts.join('\n');
}

describe('maskText: the one rule', () => {
  it('the quick test lets no decimal digit of Unicode through, and skips Vietnamese letters', () => {
    const missed: string[] = [];
    for (let cp = 0x80; cp <= 0x10ffff; cp++) {
      if (cp >= 0xd800 && cp <= 0xdfff) continue;
      const ch = String.fromCodePoint(cp);
      if (/\p{Nd}/u.test(ch) && !mayBeOtherDigit(ch.charCodeAt(0))) missed.push(cp.toString(16));
    }
    expect(missed).toEqual([]);
    for (const ch of 'ÀÁẢÃẠĂẮẰẲẴẶÂẤẦẨẪẬĐÈÉẺẼẸÊẾỀỂỄỆÌÍỈĨỊÒÓỎÕỌÔỐỒỔỖỘƠỚỜỞỠỢÙÚỦŨỤƯỨỪỬỮỰỲÝỶỸỴ'.normalize('NFC') +
      'àáảãạăắằẳẵặâấầẩẫậđèéẻẽẹêếềểễệìíỉĩịòóỏõọôốồổỗộơớờởỡợùúủũụưứừửữựỳýỷỹỵ'.normalize('NFC')) {
      expect(mayBeOtherDigit(ch.charCodeAt(0)), ch).toBe(false);
    }
    expect(maskText('Nguyễn Văn ٠٧٩٠٨٩٢٤٦٤٨٩', false)).toBe('Nguyễn Văn 079******489');
    expect(maskText('Trần Thị 𝟎𝟕𝟗𝟎𝟖𝟗𝟐𝟒𝟔𝟒𝟖𝟗', false)).toBe('Trần Thị 079******489');
  });

  it('masks digit runs written every way, and anything with an @', () => {
    const cases: [string, string][] = [
      ['079089246489', '079******489'],
      ['０７９０８９２４６４８９', '079******489'],
      ['079O80111111', '079******111'],
      ['O79080111111', '079******111'],
      ['079o8011l111', '079******111'],
      ['0903 123 456', '090****456'],
      ['0903.123.456', '090****456'],
      ['0903-123-456', '090****456'],
      ['+84 903 123 456', '849*****456'],
      ['٠٧٩٠٨٩٢٤٦٤٨٩', '079******489'],
      ['a.secret@@example.vn', 'a***@example.vn'],
      ['an.nguyen@example.vn', 'a***@example.vn'],
      ['bon@', 'b***@'],
      ['@x', '***@x'],
      ['CCCD079089246489.', 'CCCD079******489.'],
    ];
    for (const [v, want] of cases) expect(maskText(v, false), v).toBe(want);
    for (const [v] of cases) expect(maskText(v, true)).toBe(v);
  });

  it('leaves short numbers, dates, words with look-alike letters and digests alone', () => {
    for (const v of [
      'Khu phố 12',
      '2026-11-28',
      '01/01/1980',
      'Kỳ 2026-11: 120 dòng',
      'Hello Olli',
      'OneTouch',
      'sha256 3f2a1234567890abcdef1234567890abcdef1234567890abcdef12345678abcd',
      'digest 0123456789abcdef',
    ]) {
      expect(maskText(v, false), v).toBe(v);
    }
  });

  it('counts a run across single separators only: nine digits split by one space, dot or no-break space are masked, by two are not', () => {
    // Findings quote many short numbers (codes, dates, row numbers): none of them makes a run.
    const message = 'Tổ Khu phố 47, Phường Nhiêu Lộc (26740, 2025-03-01), 17-phuong-9-quan-3.xlsx dòng 280; lll 0o0';
    expect(maskText(message, false)).toBe(message);
    expect(maskText('số 0903\u00A0123\u00A0456 nhà', false)).toBe('số 090****456 nhà');
    expect(maskText('số ０９０３.123.456', false)).toBe('số 090****456');
    expect(maskText('số 0903  123  456', false)).toBe('số 0903  123  456');
    expect(maskText('mã 2025-03-01-7', false)).toBe('mã 202***017');
  });

  it('maskValue masks a 9+ digit number cell and leaves other numbers and dates', () => {
    expect(maskValue(79085333333, false)).toBe('790*****333');
    expect(maskValue(2026, false)).toBe(2026);
    const d = new Date('2026-11-28T00:00:00Z');
    expect(maskValue(d, false)).toBe(d);
    expect(maskValue(79085333333, true)).toBe(79085333333);
  });

  it('maskMessage keeps file names and paths (a backup stamp is not a phone) but masks the values around them', () => {
    expect(maskMessage('bản sao lưu d/roster.db.v1-20261128T090000.bak; E: 079080111111')).toBe('bản sao lưu d/roster.db.v1-20261128T090000.bak; E: 079******111');
    expect(maskMessage('ghi vào bao-cao-2026-11-28-1.xlsx')).toBe('ghi vào bao-cao-2026-11-28-1.xlsx');
    expect(maskMessage('tệp a.secret@example.vn/x.csv')).not.toContain('secret');
  });
});

describe('findings masked one by one', () => {
  it('findingMasker masks messages, values and suggested values exactly as maskText, on generated awkward texts', () => {
    const pieces = [
      '0',
      '9',
      '12',
      '079089',
      '246489',
      '０７９',
      '٠٧٩',
      'O',
      'o',
      'l',
      'I',
      ' ',
      '.',
      '-',
      '\u00A0',
      '  ',
      '@',
      '＠',
      'x@y.vn',
      '+84',
      'Phường ',
      'dòng ',
      'Khu phố ',
      '0123456789abcdef',
      'deadbeef',
      'é',
      '"',
      '\n',
      '𝟘𝟙𝟚',
    ];
    let seed = 5;
    const next = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed / 0x7fffffff;
    };
    const texts = Array.from({ length: 20_000 }, () => Array.from({ length: 1 + Math.floor(next() * 12) }, () => at(pieces, Math.floor(next() * pieces.length))).join(''));
    const mask = findingMasker(false);
    let masked = 0;
    for (const t of [...texts, ...texts]) {
      const f = mask({ rule: 'r', severity: 'info', message: t, value: t, suggestion: { value: t } });
      const want = maskText(t, false);
      expect([t, f.message, f.value, f.suggestion?.value]).toEqual([t, want, want, want]);
      if (want !== t) masked++;
    }
    // Both kinds are well represented.
    expect(masked).toBeGreaterThan(5000);
    expect(masked).toBeLessThan(35_000);
  });
});

describe('every output follows the rule', () => {
  let dir: string;
  let db: string;
  beforeAll(async () => {
    dir = tempDir('roster-mask-');
    db = path.join(dir, 'r.db');
    expect((await roster(['--db', db, 'init', '--jurisdiction', '760,770'])).code).toBe(0);
    const r = rosterBin(['--db', db, 'import', '--period', '2026-11', FIXTURE]);
    expect(r.code, r.stderr).toBe(0);
  });

  it('the annotated workbook is masked by default, in every column, note and the findings sheet; --include-pii gives the full copy', { timeout: 300_000 }, async () => {
    const masked = path.join(dir, 'masked.xlsx');
    const full = path.join(dir, 'full.xlsx');
    expect([0, 1]).toContain(rosterBin(['--db', db, 'validate', '--format', 'xlsx', '-o', masked]).code);
    expect([0, 1]).toContain((await roster(['--db', db, 'validate', '--format', 'xlsx', '--include-pii', '-o', full])).code);
    const m = await workbookText(masked);
    expect(leaks(m)).toEqual([]);
    for (const s of SECRETS) expect(m, s).not.toContain(s);
    expect(m).toContain('Phạm Văn Một');
    const f = await workbookText(full);
    for (const s of ['０７９０８０１１１１１１', '079O90222222', 'a.secret@@example.vn', '0912.345.678']) expect(f, s).toContain(s);
  });

  it('exports, findings (json, csv, table), the monthly workbook and history carry no personal value', { timeout: 300_000 }, async () => {
    const texts: [string, string][] = [];
    for (const args of [['export', 'members'], ['export', 'teams'], ['validate', '--json'], ['validate', '--format', 'csv'], ['validate'], ['history', '--team', '1']]) {
      const r = await roster(['--db', db, ...args]);
      texts.push([args.join(' '), r.stdout + r.stderr]);
    }
    const xlsx = path.join(dir, 'members.xlsx');
    expect((await roster(['--db', db, 'export', 'members', '--format', 'xlsx', '-o', xlsx])).code).toBe(0);
    texts.push(['export xlsx', await workbookText(xlsx)]);
    const monthly = path.join(dir, 'monthly.xlsx');
    const rep = await roster(['--db', db, 'report', 'monthly', '--period', '2026-11', '--draft', '-o', monthly]);
    expect(rep.code, rep.stderr).toBe(0);
    texts.push(['monthly', await workbookText(monthly)]);
    for (const [where, t] of texts) {
      expect(leaks(t), where).toEqual([]);
      for (const s of SECRETS) expect(t, `${where}: ${s}`).not.toContain(s);
    }
  });

  it("a headerless roster's message names the columns without printing the person's values", () => {
    const file = path.join(dir, 'no-header.csv');
    fs.writeFileSync(
      file,
      '1,Nguyễn Văn A,01/01/1980,Nam,079080111111,0912 345 678,nguyen.a@example.vn,Tổ trưởng,Khu phố 1,Phường Tân Định\n2,Trần B,02/02/1990,Nữ,079190222222,0912345679,,Thành viên,Khu phố 1,Phường Tân Định\n',
    );
    const r = rosterBin(['--db', db, 'import', '--period', '2026-12', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Dòng \d có lẽ là dữ liệu.*A, B, C, D, E, F, G, H, I, J\./);
    expect(leaks(r.stderr)).toEqual([]);
    // Not the masked ID either, nor the name and the date of birth beside it.
    for (const s of ['079080111111', '079190222222', '0912345679', 'nguyen.a@example.vn', '079*', 'Nguyễn Văn A', '01/01/1980', 'Trần B', '02/02/1990', 'Tân Định']) {
      expect(r.stderr).not.toContain(s);
    }
  });

  it('prompts are masked: the interactive column choice of a headerless roster shows no ID', async () => {
    const file = path.join(dir, 'no-header-2.csv');
    fs.writeFileSync(file, '1,Nguyễn Văn A,01/01/1980,Nam,079080111111,0912345678,Tổ trưởng,Khu phố 1,Phường Tân Định\n');
    const shown: string[] = [];
    const prompter: Prompter = {
      select: async (q) => {
        shown.push(q.message, ...q.choices.map((c) => c.name));
        return at(q.choices, q.choices.length - 1).value;
      },
      confirm: async (q) => {
        shown.push(q.message);
        return false;
      },
      input: async (q) => {
        shown.push(q.message);
        return '';
      },
    };
    const r = await roster(['--db', db, 'import', '--period', '2026-12', file], { tty: true, prompter });
    expect(r.code).toBe(2);
    expect(shown.length).toBeGreaterThan(1);
    expect(shown.join('\n')).toMatch(/079\*{6}111/);
    expect(leaks(shown.join('\n') + r.stderr)).toEqual([]);
  });
});
