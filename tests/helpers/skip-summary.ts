/**
 * Vitest reporter: after the usual summary, one line per area of tests that
 * skipped because a program or a data set is missing (tests/helpers/skips.ts).
 */
import fs from 'node:fs';
import type { Reporter } from 'vitest/node';

export default class SkipSummary implements Reporter {
  constructor(private readonly file: string) {}

  onInit(): void {
    fs.writeFileSync(this.file, '');
  }

  onTestRunEnd(): void {
    const lines = fs.existsSync(this.file) ? fs.readFileSync(this.file, 'utf8').split('\n').filter(Boolean) : [];
    fs.rmSync(this.file, { force: true });
    const areas = new Map<string, string>();
    for (const line of lines) {
      const { area, missing } = JSON.parse(line) as { area: string; missing: string };
      areas.set(area, missing);
    }
    if (areas.size === 0) return;
    const out = [`Skipped, something this machine lacks (${areas.size} area${areas.size > 1 ? 's' : ''}):`];
    for (const [area, missing] of [...areas].sort()) out.push(`  skipped: ${area}: ${missing}`);
    process.stdout.write(`${out.join('\n')}\n`);
  }
}
