/**
 * The rule engine (src/rules/engine/): `runRules` sends findings to a sink as
 * they are found; `validatePeriod` returns them as one ordered Report.
 */
export { periodEnd, runRules, validatePeriod, type ValidateOptions } from './engine/run.js';
