/** docs/rules.md is generated from the rule modules and must match them; every SPEC rule id exists. */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { rulesCatalogue } from '../src/rules/catalogue.js';
import { RULES } from '../src/rules/registry.js';
import { ROOT } from './helpers/cli.js';
import { SPEC_RULE_IDS } from './helpers/spec-rules.js';

const DOC = path.join(ROOT, 'docs', 'rules.md');

describe('findings catalogue', () => {
  it('docs/rules.md is up to date with the rule modules', () => {
    const want = rulesCatalogue();
    if (process.env.ROSTER_UPDATE_DOCS === '1') fs.writeFileSync(DOC, want);
    expect(fs.readFileSync(DOC, 'utf8')).toBe(want);
  });

  it('every rule id of SPEC § Findings is implemented', () => {
    const spec = SPEC_RULE_IDS;
    const ids = RULES.map((r) => r.id);
    for (const id of spec) expect(ids).toContain(id);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
