/**
 * Column mapping that cannot go wrong with Enter: the mapping question offers
 * the column that looks like the field, else "not in this file", never simply
 * the first column; and a name that is only digits, an ordinal or one letter
 * is an error (person.name.format), on the fast path and the plain one alike.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ENTER, scriptedPrompter } from '../src/cli/prompter.js';
import { guessColumn } from '../src/importer/column-guess.js';
import { detectHeader } from '../src/importer/header.js';
import type { SourceRow } from '../src/readers/types.js';
import { validatePeriod } from '../src/rules/engine.js';
import { nameProblem } from '../src/rules/person/name-format.js';
import { openStore } from '../src/store/db.js';
import { roster, tempDir } from './helpers/cli.js';
import { initDb, writeCsv } from './helpers/seed.js';

const STT_HEADERS = ['STT', 'Người tham gia', 'Nhiệm vụ', 'Phường/Xã'];
const STT_ROWS = [
  [1, 'Nguyễn Văn An', 'TT', 'Phường Tân Định'],
  [2, 'Trần Thị Bình', 'TV', 'Phường Tân Định'],
  [3, 'Lê Hữu Châu', 'TV', 'Phường Tân Định'],
];

function rows(db: string): { full_name: string; role: string }[] {
  const { db: h } = openStore(db, { readonly: true });
  try {
    return h.prepare('SELECT full_name, role FROM source_rows ORDER BY id').all() as { full_name: string; role: string }[];
  } finally {
    h.close();
  }
}

describe('the mapping question', () => {
  it('Enter maps the columns that look like the fields, not "A: STT"', async () => {
    const db = await initDb();
    const f = writeCsv(path.join(tempDir(), 'kp-2026-11.csv'), STT_ROWS, STT_HEADERS);
    const p = scriptedPrompter([ENTER, ENTER]);
    const r = await roster(['import', '--db', db, f], { tty: true, prompter: p });
    expect(r.code, r.stderr).toBe(0);
    expect(p.asked).toEqual(['Cột nào là "Họ và tên"?', 'Cột nào là "Chức danh"?']);
    // Column indexes: B (1) holds the names, C (2) the roles.
    expect(p.defaults).toEqual([1, 2]);
    expect(rows(db)).toEqual([
      { full_name: 'Nguyễn Văn An', role: 'leader' },
      { full_name: 'Trần Thị Bình', role: 'member' },
      { full_name: 'Lê Hữu Châu', role: 'member' },
    ]);
  });

  it('when no column looks like the field, Enter answers "not in this file" and nothing is written', async () => {
    const db = await initDb();
    const f = writeCsv(
      path.join(tempDir(), 'kp-2026-11.csv'),
      [
        [1, 'x1', 'Phường Tân Định'],
        [2, 'x2', 'Phường Tân Định'],
      ],
      ['STT', 'Mã', 'Phường/Xã'],
    );
    const p = scriptedPrompter([ENTER]);
    const r = await roster(['import', '--db', db, f], { tty: true, prompter: p });
    expect(r.code).toBe(2);
    expect(p.defaults).toEqual([-1]);
    expect(rows(db)).toEqual([]);
  });

  it('guesses from header words or from the values, and never offers a column already mapped', () => {
    const head: SourceRow[] = [
      { row: 1, cells: ['STT', 'Họ', 'Tên đầy đủ thành viên', 'Ghi chú'] },
      { row: 2, cells: [1, 'Nguyễn', 'Nguyễn Văn An', ''] },
      { row: 3, cells: [2, 'Trần', 'Trần Thị Bình', 'mới'] },
    ];
    const h = detectHeader(head);
    const sample = head.slice(1);
    expect(guessColumn('full_name', h.headers, sample)).toBe(2);
    expect(guessColumn('full_name', h.headers, sample, new Set([2]))).toBe(null);
    expect(guessColumn('role', h.headers, sample)).toBe(null);
  });
});

describe('person.name.format', () => {
  it('names that are only digits, ordinals or one letter; real names are not', () => {
    for (const bad of ['5', '12', '1.', '2)', '(3)', '1.2', 'II', 'iv', 'XII.', 'b)', 'A', 'Đ', 'c.']) expect(nameProblem(bad), bad).not.toBeNull();
    for (const good of ['Lê Văn A', 'An', 'Nguyễn Văn 3', 'Ý Nhi', 'Ông Thanh Hà', 'IVy', 'Mi', '']) expect(nameProblem(good), good).toBeNull();
  });

  it('a roster mapped to the STT column fails validation on every row, fast path and plain path alike', async () => {
    const db = await initDb();
    const dir = tempDir();
    const f = writeCsv(path.join(dir, 'kp-2026-11.csv'), STT_ROWS, STT_HEADERS);
    const map = path.join(dir, 'wrong.json');
    (await import('node:fs')).writeFileSync(map, JSON.stringify({ version: 1, columns: { STT: 'full_name', 'Nhiệm vụ': 'role', 'Người tham gia': 'ignore' } }));
    const imp = await roster(['import', '--db', db, '--map', map, f]);
    expect(imp.code, imp.stderr).toBe(0);
    expect(rows(db).map((r) => r.full_name)).toEqual(['1', '2', '3']);
    const v = await roster(['validate', '--db', db, '--json']);
    expect(v.code).toBe(1);
    const found = JSON.parse(v.stdout).findings.filter((x: { rule: string }) => x.rule === 'person.name.format');
    expect(found.map((x: { source: { cell: string }; severity: string }) => [x.source.cell, x.severity])).toEqual([
      ['A2', 'error'],
      ['A3', 'error'],
      ['A4', 'error'],
    ]);
    const { db: h } = openStore(db, { readonly: true });
    try {
      const fast = validatePeriod(h, { period: '2026-11', lang: 'vi' });
      const plain = validatePeriod(h, { period: '2026-11', lang: 'vi', reference: true });
      expect(fast.findings).toEqual(plain.findings);
    } finally {
      h.close();
    }
  });
});
