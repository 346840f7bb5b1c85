/**
 * The monthly workbook through LibreOffice: every printed page is A4
 * landscape, and the summary fits one page wide. Skipped (with a message)
 * where LibreOffice or poppler is not installed
 * (Debian: libreoffice-calc-nogui poppler-utils).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { officeSeed, seedDatabase } from '../fixtures/reports/seed.js';
import { roster, tempDir } from './helpers/cli.js';
import { hasProgram, INSTALL, skipUnless } from './helpers/skips.js';

const skipped =
  skipUnless(hasProgram('soffice'), 'monthly workbook rendered by LibreOffice', INSTALL.soffice) ||
  skipUnless(hasProgram('pdfinfo'), 'monthly workbook rendered by LibreOffice', INSTALL.poppler);

describe.skipIf(skipped)('monthly workbook rendered by LibreOffice', () => {
  it('prints on A4 landscape pages, the summary on one page', async () => {
    const dir = tempDir('roster-render-');
    seedDatabase(path.join(dir, 'a.db'), [officeSeed('A')]).close();
    const out = path.join(dir, 'bao-cao.xlsx');
    const r = await roster(['report', 'monthly', '--db', path.join(dir, 'a.db'), '--period', '2026-11', '-o', out, '--draft', '--signer', 'Nguyễn Văn Ký'], {
      now: new Date('2026-11-28T09:00:00+07:00'),
    });
    expect(r.code, r.stderr).toBe(0);
    const conv = spawnSync('soffice', ['--headless', `-env:UserInstallation=file://${path.join(dir, 'lo-profile')}`, '--convert-to', 'pdf', '--outdir', dir, out], {
      encoding: 'utf8',
      timeout: 170_000,
    });
    const pdf = path.join(dir, 'bao-cao.pdf');
    expect(fs.existsSync(pdf), conv.stderr).toBe(true);
    const info = spawnSync('pdfinfo', ['-f', '1', '-l', '999', pdf], { encoding: 'utf8' }).stdout;
    const sizes = [...info.matchAll(/Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)/g)].map((m) => [Number(m[1]), Number(m[2])] as const);
    // One page per sheet section for this small office: five visible sheets.
    expect(sizes.length).toBe(5);
    for (const [w, h] of sizes) {
      expect(w).toBeGreaterThan(h); // landscape
      expect(Math.round(w)).toBe(842); // A4
    }
    const text = spawnSync('pdftotext', ['-f', '1', '-l', '1', '-layout', pdf, '-'], { encoding: 'utf8' }).stdout;
    expect(text).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(text).toContain('Tổng cộng');
    expect(text).toContain('DỰ THẢO');
  }, 180_000);
});
