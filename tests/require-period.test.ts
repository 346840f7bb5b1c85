import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../src/errors.js';
import { openStore } from '../src/store/db.js';
import { requirePeriod } from '../src/store/periods.js';
import { FIXTURES, roster, tempDir } from './helpers/cli.js';

const NONE_VI = 'Lỗi: Chưa có danh sách nào được nhập.\n  Nhập danh sách bằng "roster import TỆP --period YYYY-MM".\n';

describe('a period with an imported roster, required the same way by every command', () => {
  let db: string;
  beforeAll(async () => {
    db = path.join(tempDir(), 'r.db');
    expect((await roster(['init', '--db', db])).code).toBe(0);
  });

  it.each([
    ['validate', ['validate']],
    ['remap', ['remap', '--dry-run']],
    ['export', ['export', 'members']],
  ])('%s on a database with no roster: exit 2, the one message and hint', async (_name, args) => {
    const r = await roster([...args, '--db', db]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(NONE_VI);
    expect(r.stdout).toBe('');
  });

  it('is an input error (exit 2) in the library, and takes the period asked for, else the latest imported', async () => {
    const { db: h } = openStore(db, { readonly: true });
    try {
      expect(() => requirePeriod(h)).toThrow(InputError);
      expect(() => requirePeriod(h, null)).toThrow(InputError);
      expect(requirePeriod(h, '2026-05')).toBe('2026-05');
    } finally {
      h.close();
    }
    const csv = path.join(FIXTURES, 'sample', 'tan-dinh-2026-11.csv');
    expect((await roster(['import', '--db', db, '--period', '2026-10', csv])).code).toBe(0);
    const { db: again } = openStore(db, { readonly: true });
    try {
      expect(requirePeriod(again)).toBe('2026-10');
      expect(requirePeriod(again, '2026-12')).toBe('2026-12');
    } finally {
      again.close();
    }
  });
});
