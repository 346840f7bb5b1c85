/**
 * The rule ids SPEC § Findings lists, copied from SPEC by hand (not read from
 * the registry, which is what the tests hold against it).
 */
export const SPEC_RULE_IDS = [
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
] as const;
