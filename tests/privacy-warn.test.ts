import { describe, expect, it } from 'vitest';
import { PII_WARNING, warnPii } from '../src/privacy/warn.js';
import type { Msg } from '../src/text/i18n.js';

describe('the warning before a file with personal data in full', () => {
  const target = (tty: boolean) => {
    const said: Msg[] = [];
    return { said, io: { stderrIsTTY: tty }, warn: (m: Msg) => said.push(m) };
  };

  it('names the law and what to do, on a terminal', () => {
    const t = target(true);
    warnPii(t);
    expect(t.said).toEqual([PII_WARNING]);
    expect(PII_WARNING.vi).toContain('91/2025/QH15');
    expect(PII_WARNING.en).toContain('--include-pii');
  });

  it('says nothing when stderr is not a terminal', () => {
    const t = target(false);
    warnPii(t);
    expect(t.said).toEqual([]);
  });
});
