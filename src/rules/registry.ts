/**
 * Every rule, by stable id. The ids are public API (SPEC § Findings); new ones
 * may be added, none renamed. The order here is the order findings of one row
 * are listed in.
 */
import type { Rule } from './rule.js';
import { rule as fieldRequired } from './field/required.js';
import { rule as nameFormat } from './person/name-format.js';
import { rule as idFormat } from './person/id-format.js';
import { rule as idMissing } from './person/id-missing.js';
import { rule as idMismatch } from './person/id-mismatch.js';
import { rule as idRepaired } from './person/id-repaired.js';
import { rule as idUnrecoverable } from './person/id-unrecoverable.js';
import { rule as phoneFormat } from './person/phone-format.js';
import { rule as phoneLegacy } from './person/phone-legacy.js';
import { rule as phoneRepaired } from './person/phone-repaired.js';
import { rule as emailFormat } from './person/email-format.js';
import { rule as dobFormat } from './person/dob-format.js';
import { rule as dobRange } from './person/dob-range.js';
import { rule as roleUnknown } from './person/role-unknown.js';
import { rule as personDuplicate } from './person/duplicate.js';
import { rule as unitUnknown } from './unit/unknown.js';
import { rule as unitAmbiguous } from './unit/ambiguous.js';
import { rule as unitMismatch } from './unit/code-name-mismatch.js';
import { rule as retiredFull } from './unit/retired-full.js';
import { rule as retiredPartial } from './unit/retired-partial.js';
import { rule as retiredUnknown } from './unit/retired-unknown-successor.js';
import { rule as outside } from './unit/outside-jurisdiction.js';
import { rule as leaderMissing } from './team/leader-missing.js';
import { rule as leaderMultiple } from './team/leader-multiple.js';
import { rule as teamSize } from './team/size.js';
import { rule as dupNeighbourhood } from './team/duplicate-neighbourhood.js';
import { rule as rosterMissing } from './team/roster-missing.js';
import { rule as dateOrder } from './date/order.js';
import { rule as dateFuture } from './date/future.js';
import { rule as dateLeftFormat } from './date/left-format.js';
import { rule as columnDuplicate } from './column/duplicate.js';
import { rule as mixedScript } from './text/mixed-script.js';

export const RULES: readonly Rule[] = [
  fieldRequired,
  nameFormat,
  idFormat,
  idMissing,
  idMismatch,
  idRepaired,
  idUnrecoverable,
  phoneFormat,
  phoneLegacy,
  phoneRepaired,
  emailFormat,
  dobFormat,
  dobRange,
  roleUnknown,
  personDuplicate,
  unitUnknown,
  unitAmbiguous,
  unitMismatch,
  retiredFull,
  retiredPartial,
  retiredUnknown,
  outside,
  leaderMissing,
  leaderMultiple,
  teamSize,
  dupNeighbourhood,
  rosterMissing,
  dateOrder,
  dateFuture,
  dateLeftFormat,
  columnDuplicate,
  mixedScript,
];

export const RULES_BY_ID: ReadonlyMap<string, Rule> = new Map(RULES.map((r) => [r.id, r]));
