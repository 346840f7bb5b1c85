/** `roster --help` lists the commands in the order of the month's work. */
import { describe, expect, it } from 'vitest';
import { MONTH_ORDER } from '../src/cli/commands.js';
import { roster } from './helpers/cli.js';

describe('roster --help', () => {
  it("lists the commands in the order of the month's work, every command once", async () => {
    const r = await roster(['--help']);
    const section = r.stdout.slice(r.stdout.indexOf('Lệnh:'));
    const listed = [...section.matchAll(/^ {2}([a-z-]+)/gm)].map((m) => m[1] ?? '').filter((n) => n !== 'help');
    expect(listed.length).toBeGreaterThan(10);
    expect(new Set(listed).size).toBe(listed.length);
    const known = listed.filter((n) => MONTH_ORDER.includes(n));
    expect(known).toEqual(MONTH_ORDER.filter((n) => listed.includes(n)));
    expect(listed.slice(0, 3)).toEqual(['init', 'units', ...(listed.includes('template') ? ['template'] : ['import'])]);
    expect(listed[listed.length - 1]).toBe('doctor');
  });
});
