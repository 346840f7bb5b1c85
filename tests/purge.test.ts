import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RosterWriter } from '../src/importer/write.js';
import { openStore } from '../src/store/db.js';
import { PURGED_NAME } from '../src/privacy/purge.js';
import { maskDigits } from '../src/privacy/mask.js';
import { roster, tempDir } from './helpers/cli.js';
import { fakeResolver, rec } from './helpers/fake-resolver.js';

function seeded() {
  const file = path.join(tempDir(), 'r.db');
  const { db } = openStore(file, { create: true });
  const resolver = fakeResolver(db);
  const a = rec('Nguyễn Thị An', 'Tân Định', { phone: '0912345678', dob: '1991-05-06' });
  const b = rec('Trần Văn Bình', 'Tân Định');
  db.exec('BEGIN');
  const w = new RosterWriter(db, resolver, { period: '2026-11', mode: 'sync', now: () => new Date('2026-11-28T00:00:00Z') });
  w.beginFile({ fileName: 'a.csv', filePath: '/x/a.csv', sha256: 'x', columns: [] });
  w.add(a);
  w.add(b);
  w.endFile(0);
  w.finish();
  db.exec('COMMIT');
  db.close();
  return { file, a, b };
}

describe('roster purge', () => {
  it("erases one person's identifying data everywhere, keeps gender and birth year, and records it", async () => {
    const { file, a } = seeded();
    const r = await roster(['purge', '--member', a.person_id as string, '--db', file]);
    expect(r.code).toBe(0);
    const { db } = openStore(file);
    const m = db.prepare('SELECT full_name, person_id, dob, gender, phone, purged_at FROM members WHERE full_name <> ?').all('Trần Văn Bình');
    expect(m).toEqual([{ full_name: PURGED_NAME, person_id: null, dob: '1991', gender: 'female', phone: null, purged_at: expect.any(String) }]);
    const rows = db.prepare('SELECT full_name, person_id, phone FROM source_rows ORDER BY id').all();
    expect(rows[0]).toEqual({ full_name: PURGED_NAME, person_id: null, phone: null });
    expect(rows[1]).toMatchObject({ full_name: 'Trần Văn Bình' });
    expect(db.prepare("SELECT count(*) AS n FROM events WHERE kind = 'purged'").get()).toEqual({ n: 1 });
    // Counts of the period are unchanged: the person is still a member row.
    expect(db.prepare("SELECT count(*) AS n FROM source_rows WHERE period = '2026-11'").get()).toEqual({ n: 2 });
    db.close();
  });

  it('--dry-run erases nothing', async () => {
    const { file, a } = seeded();
    const r = await roster(['purge', '--member', a.person_id as string, '--dry-run', '--json', '--db', file]);
    expect(JSON.parse(r.stdout)).toEqual({ dryRun: true, members: 1, sourceRows: 1 });
    const { db } = openStore(file);
    expect(db.prepare('SELECT count(*) AS n FROM members WHERE purged_at IS NOT NULL').get()).toEqual({ n: 0 });
    db.close();
  });

  it('needs exactly one selector', async () => {
    const { file } = seeded();
    expect((await roster(['purge', '--db', file])).code).toBe(2);
  });
});

describe('maskDigits', () => {
  it('keeps the first and last three digits', () => {
    expect(maskDigits('079123456345')).toBe('079******345');
    expect(maskDigits('0912345678')).toBe('091****678');
    expect(maskDigits('12345')).toBe('*****');
    expect(maskDigits(null)).toBe('');
  });
});
