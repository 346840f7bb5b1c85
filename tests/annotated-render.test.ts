/**
 * The annotated workbook's findings sheet through LibreOffice: long messages
 * wrap in rows tall enough for them, so every word of every message prints
 * whole (no line printed over another, none cut off); A4 landscape pages, the
 * header row repeated on each. Skipped (with a message) where LibreOffice or
 * poppler is not installed (Debian: libreoffice-calc-nogui poppler-utils).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { officeSeed, seedDatabase } from '../fixtures/reports/seed.js';
import { writeAnnotatedWorkbook } from '../src/reports/annotated.js';
import { makeReport, type Finding, type Severity } from '../src/rules/types.js';
import { openStore } from '../src/store/db.js';
import { tempDir } from './helpers/cli.js';
import { at } from './helpers/defined.js';

const has = (cmd: string) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
const ready = has('soffice') && has('pdftotext') && has('pdfinfo');
if (!ready) console.warn('annotated render test skipped: soffice (libreoffice-calc-nogui), pdftotext or pdfinfo (poppler-utils) is not installed');

/** A message of `words` distinct words (finding k, word j), some Vietnamese, some long. */
function message(k: number, words: number): string {
  return Array.from({ length: words }, (_, j) => (j % 4 === 0 ? `kiểm${k}tra${j}` : j % 7 === 0 ? `phườngSàiGòn${k}x${j}` : `w${k}x${j}`)).join(' ');
}

describe.skipIf(!ready)('annotated workbook rendered by LibreOffice', () => {
  it('prints every word of every long message whole, on A4 landscape pages with the header row on each', async () => {
    const dir = tempDir('roster-annotated-render-');
    seedDatabase(path.join(dir, 'a.db'), [officeSeed('A')]).close();
    const { db } = openStore(path.join(dir, 'a.db'));
    const sevs: Severity[] = ['error', 'warning', 'info'];
    const findings: Finding[] = Array.from({ length: 36 }, (_, k) => ({
      rule: 'unit.unknown',
      severity: at(sevs, k % 3),
      message: message(k, 8 + ((k * 7) % 45)),
      value: k % 4 === 0 ? message(100 + k, 6) : `v${k}`,
      source: { file: 'office-A-2026-11.csv', row: 5 + k, column: 'Phường/Xã', cell: `I${5 + k}` },
      ...(k % 5 === 0 ? { suggestion: { value: message(200 + k, 9) } } : {}),
    }));
    const report = makeReport('2026-11', findings);
    const out = path.join(dir, 'loi.xlsx');
    try {
      await writeAnnotatedWorkbook({ db, report, out, lang: 'vi', cwd: dir });
    } finally {
      db.close();
    }
    const conv = spawnSync('soffice', ['--headless', `-env:UserInstallation=file://${path.join(dir, 'lo-profile')}`, '--convert-to', 'pdf', '--outdir', dir, out], {
      encoding: 'utf8',
      timeout: 170_000,
    });
    const pdf = path.join(dir, 'loi.pdf');
    expect(fs.existsSync(pdf), conv.stderr).toBe(true);
    // The findings sheet is the first; its pages come first.
    const text = spawnSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' }).stdout;
    const pages = text.split('\f');
    const findingPages = pages.filter((p) => /w\d+x\d+/.test(p));
    expect(findingPages.length).toBeGreaterThan(1);
    for (const p of findingPages) expect(p).toContain('Nội dung');
    const words = new Set(text.split(/\s+/));
    for (const f of findings) {
      for (const part of [f.message, f.value ?? '', f.suggestion?.value ?? '']) {
        for (const w of part.split(' ').filter(Boolean)) expect(words.has(w), `"${w}" of finding ${f.message.slice(0, 12)}…`).toBe(true);
      }
    }
    const info = spawnSync('pdfinfo', ['-f', '1', '-l', String(findingPages.length), pdf], { encoding: 'utf8' }).stdout;
    const sizes = [...info.matchAll(/Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)/g)].map((m) => [Number(m[1]), Number(m[2])] as const);
    for (const [w, h] of sizes) {
      expect(w).toBeGreaterThan(h);
      expect(Math.round(w)).toBe(842);
    }
  }, 180_000);
});
