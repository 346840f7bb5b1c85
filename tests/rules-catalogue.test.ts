/** docs/rules.md is generated from the rule modules and must match them; every SPEC rule id exists. */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { rulesCatalogue } from '../src/rules/catalogue.js';
import { RULES } from '../src/rules/registry.js';
import { ROOT } from './helpers/cli.js';

const DOC = path.join(ROOT, 'docs', 'rules.md');

describe('findings catalogue', () => {
  it('docs/rules.md is up to date with the rule modules', () => {
    const want = rulesCatalogue();
    if (process.env.ROSTER_UPDATE_DOCS === '1') fs.writeFileSync(DOC, want);
    expect(fs.readFileSync(DOC, 'utf8')).toBe(want);
  });

  it('every rule id of SPEC § Findings is implemented', () => {
    const spec = [
      'field.required',
      'person.id.format',
      'person.id.mismatch',
      'person.id.repaired',
      'person.id.unrecoverable',
      'person.phone.format',
      'person.phone.legacy',
      'person.email.format',
      'person.dob.range',
      'person.duplicate',
      'unit.unknown',
      'unit.ambiguous',
      'unit.code-name-mismatch',
      'unit.retired.full',
      'unit.retired.partial',
      'unit.outside-jurisdiction',
      'team.leader.missing',
      'team.leader.multiple',
      'team.size',
      'team.duplicate-neighbourhood',
      'date.order',
      'date.future',
    ];
    const ids = RULES.map((r) => r.id);
    for (const id of spec) expect(ids).toContain(id);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
