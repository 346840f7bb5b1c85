/**
 * The findings catalogue (docs/rules.md), generated from the rule modules so
 * that it cannot drift: tests/rules-catalogue.test.ts fails when it does.
 */
import { RULES } from './registry.js';

export function rulesCatalogue(): string {
  const lines = [
    '# Findings catalogue',
    '',
    'Generated from `src/rules/registry.ts` (run `ROSTER_UPDATE_DOCS=1 npx vitest run tests/rules-catalogue.test.ts` after changing a rule).',
    'Rule ids are stable API. A rules file (`roster validate --rules RULES.json`) can change a severity, a threshold, or switch a rule off:',
    '',
    '```json',
    '{ "rules": {',
    '    "person.phone.legacy": "off",',
    '    "person.id.repaired": "info",',
    '    "team.size": { "neighbourhoodMin": 4, "neighbourhoodMax": 8 },',
    '    "person.dob.range": { "severity": "error", "min": 18, "max": 75 } } }',
    '```',
    '',
    '| rule | default severity | checks | options (default) | Tiếng Việt | English |',
    '| --- | --- | --- | --- | --- | --- |',
  ];
  for (const r of RULES) {
    const options = Object.entries(r.options ?? {})
      .map(([k, o]) => `\`${k}\` (${String(o.default)}): ${o.description.en}`)
      .join('; ');
    lines.push(`| \`${r.id}\` | ${r.severity} | ${r.scope === 'row' ? 'each row' : 'the whole roster'} | ${options || '—'} | ${r.title.vi} | ${r.title.en} |`);
  }
  return `${lines.join('\n')}\n`;
}
