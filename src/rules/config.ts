/**
 * The rules file (`--rules RULES.json`): change a rule's severity, its
 * thresholds, or switch it off. Checked key by key; a bad key is an InputError
 * that names it.
 *
 *   { "rules": {
 *       "person.phone.legacy": "off",
 *       "person.id.repaired": "info",
 *       "team.size": { "neighbourhoodMin": 4, "neighbourhoodMax": 8 },
 *       "person.dob.range": { "severity": "error", "min": 18, "max": 75 } } }
 */
import fs from 'node:fs';
import { InputError } from '../errors.js';
import { msg } from '../text/i18n.js';
import { RULES, RULES_BY_ID } from './registry.js';
import type { Severity } from './types.js';

export type RuleSetting = Severity | 'off' | false | ({ enabled?: boolean; severity?: Severity } & Record<string, unknown>);

export interface RulesConfig {
  rules?: Record<string, RuleSetting>;
}

export interface ResolvedRule {
  enabled: boolean;
  severity: Severity;
  options: Record<string, unknown>;
}

const SEVERITIES = new Set(['error', 'warning', 'info']);

function bad(where: string, vi: string, en: string, file?: string): InputError {
  return new InputError(
    msg(`Tệp quy tắc${file ? ` ${file}` : ''}: khóa "${where}" ${vi}`, `Rules file${file ? ` ${file}` : ''}: key "${where}" ${en}`),
    msg(
      `Các quy tắc: ${RULES.map((r) => r.id).join(', ')}. Mức độ: "error" (lỗi), "warning" (cảnh báo), "info" (thông tin) hoặc "off" (tắt).`,
      `Rules: ${RULES.map((r) => r.id).join(', ')}. Severities: error, warning, info, or "off".`,
    ),
    file,
  );
}

/** Checks a parsed rules file and returns it typed; throws InputError naming the first bad key. */
export function checkRulesConfig(raw: unknown, file?: string): RulesConfig {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw bad('(root)', 'phải là một đối tượng JSON.', 'must be a JSON object.', file);
  for (const k of Object.keys(raw)) {
    if (k !== 'rules' && k !== '$schema' && k !== 'comment') throw bad(k, 'không được hỗ trợ (chỉ có "rules").', 'is not supported (only "rules").', file);
  }
  const rules = (raw as { rules?: unknown }).rules;
  if (rules === undefined) return {};
  if (rules === null || typeof rules !== 'object' || Array.isArray(rules)) throw bad('rules', 'phải là một đối tượng.', 'must be an object.', file);
  for (const [id, v] of Object.entries(rules)) {
    const where = `rules.${id}`;
    const rule = RULES_BY_ID.get(id);
    if (!rule) throw bad(where, 'không phải mã quy tắc nào.', 'is not a rule id.', file);
    if (v === false || v === 'off' || (typeof v === 'string' && SEVERITIES.has(v))) continue;
    if (v === null || typeof v !== 'object' || Array.isArray(v)) {
      throw bad(where, 'phải là mức độ (error/warning/info), "off" hoặc một đối tượng.', 'must be a severity (error/warning/info), "off" or an object.', file);
    }
    for (const [opt, ov] of Object.entries(v)) {
      const ow = `${where}.${opt}`;
      if (opt === 'enabled') {
        if (typeof ov !== 'boolean') throw bad(ow, 'phải là true hoặc false.', 'must be true or false.', file);
      } else if (opt === 'severity') {
        if (typeof ov !== 'string' || !SEVERITIES.has(ov)) throw bad(ow, 'phải là error, warning hoặc info.', 'must be error, warning or info.', file);
      } else {
        const spec = rule.options?.[opt];
        if (!spec) {
          const known = ['enabled', 'severity', ...Object.keys(rule.options ?? {})].join(', ');
          throw bad(ow, `không phải tùy chọn của quy tắc này (có: ${known}).`, `is not an option of this rule (it has: ${known}).`, file);
        }
        if (typeof ov !== 'number' || !Number.isInteger(ov)) throw bad(ow, 'phải là số nguyên.', 'must be an integer.', file);
        if ((spec.min !== undefined && ov < spec.min) || (spec.max !== undefined && ov > spec.max)) {
          const range = `${spec.min ?? '…'}–${spec.max ?? '…'}`;
          throw bad(ow, `phải trong khoảng ${range}.`, `must be within ${range}.`, file);
        }
      }
    }
  }
  return raw as RulesConfig;
}

/** Reads and checks a rules file. */
export function loadRulesConfig(file: string): RulesConfig {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    throw new InputError(msg(`Không đọc được tệp quy tắc ${file}.`, `Cannot read the rules file ${file}.`), undefined, file);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text.replace(/^\ufeff/, ''));
  } catch (e) {
    throw new InputError(
      msg(`Tệp quy tắc ${file} không phải JSON hợp lệ: ${(e as Error).message}`, `The rules file ${file} is not valid JSON: ${(e as Error).message}`),
      undefined,
      file,
    );
  }
  return checkRulesConfig(raw, file);
}

/** Each rule's effective setting: defaults overlaid with the rules file. */
export function resolveRules(config: RulesConfig = {}): Map<string, ResolvedRule> {
  const out = new Map<string, ResolvedRule>();
  for (const rule of RULES) {
    const options: Record<string, unknown> = {};
    for (const [k, spec] of Object.entries(rule.options ?? {})) options[k] = spec.default;
    const r: ResolvedRule = { enabled: true, severity: rule.severity, options };
    const v = config.rules?.[rule.id];
    if (v === false || v === 'off') r.enabled = false;
    else if (typeof v === 'string') r.severity = v;
    else if (v && typeof v === 'object') {
      for (const [k, ov] of Object.entries(v)) {
        if (k === 'enabled') r.enabled = ov as boolean;
        else if (k === 'severity') r.severity = ov as Severity;
        else options[k] = ov;
      }
    }
    out.set(rule.id, r);
  }
  return out;
}
