/**
 * The project's own CSV formats for unit reference data (UTF-8, with or
 * without BOM, comma-separated, one header row, lines starting with # are
 * comments). The format is told apart by its header, in any column order:
 *
 * units:       vintage,level,code,name,type,parent_code
 *   vintage      ISO date of the code list (e.g. 2025-03-01)
 *   level        1 province, 2 district, 3 commune-level unit (ward, commune, township, special zone)
 *   code         statistics-office code as published (keep leading zeros: 00004, 079 is not 79)
 *   name         full name with its type word ("Phường Đa Kao")
 *   type         optional: Phường, Xã, Thị trấn, Đặc khu, Quận, Huyện, Thị xã, Thành phố, Tỉnh (else read from the name)
 *   parent_code  code of the parent in the same vintage (district, or province where there is no district); blank for provinces
 *
 * successions: old_vintage,old_code,new_vintage,new_code,kind,effective,legal_basis
 *   kind         full (the old unit went in whole) or partial (a part of it did)
 *   effective    ISO date the new units took effect; the old vintage stops being in force that day
 *   legal_basis  optional, e.g. 1685/NQ-UBTVQH15
 *
 * dated successions: old_code,old_name,old_district,old_district_code,new_code,new_name,kind,effective,legal_basis,clause
 *   (the shape of successions-2025-01-01-hcmc-1278.csv) the lists are not
 *   named: old_code belongs to the latest list loaded before `effective`
 *   (2024-11-01), new_code to the next list loaded (2025-03-01); a code the
 *   file does not list carries on as the same unit. The stored legal basis is
 *   the resolution with its clause ("1278/NQ-UBTVQH15 Điều 1 khoản 1 điểm b").
 *   Names, when given, must agree with the lists (a wrong list is refused).
 *
 * legal basis: province_code,province_name,resolution,signed,effective
 *   (the shape of legal-basis-2025-07-01.csv: for each new province, the
 *   resolution that reorganised its commune-level units; province_name and
 *   signed are informative, effective is optional)
 */
import { parse } from 'csv-parse/sync';
import { InputError } from '../../errors.js';
import { msg } from '../../text/i18n.js';
import { unitNameKey } from '../names.js';
import type { UnitWriter } from './writer.js';

export type CsvShape = 'units-csv' | 'successions-csv' | 'legal-basis-csv' | 'dated-successions-csv';

// Checked in this order: a successions CSV that names its lists is the first kind.
const REQUIRED: Record<CsvShape, string[]> = {
  'units-csv': ['vintage', 'level', 'code', 'name'],
  'successions-csv': ['old_vintage', 'old_code', 'new_vintage', 'new_code', 'kind', 'effective'],
  'legal-basis-csv': ['province_code', 'resolution'],
  'dated-successions-csv': ['old_code', 'new_code', 'kind', 'effective', 'legal_basis'],
};

export interface CsvTable {
  shape: CsvShape;
  /** Column name -> index. */
  col: Map<string, number>;
  /** Data rows with their 1-based line numbers. */
  rows: { line: number; cells: string[] }[];
}

const ISO = /^\d{4}-\d{2}-\d{2}$/;

function bad(file: string, line: number, en: string, vi: string): InputError {
  return new InputError(
    msg(`${file}, dòng ${line}: ${vi}`, `${file}, line ${line}: ${en}`),
    msg('Sửa dòng đó rồi nhập lại; không có gì được ghi.', 'Fix that line and import again; nothing was written.'),
    file,
  );
}

/** Parses the text and tells which of our CSV formats it is; null when none. */
export function readCsvTable(text: string, file: string): CsvTable | null {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, {
      bom: true,
      comment: '#',
      skip_empty_lines: true,
      relax_column_count: true,
      trim: true,
      info: true,
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch {
    return null;
  }
  const first = records.findIndex((r) => r.record.some((c) => c !== ''));
  const headerRecord = records[first];
  if (!headerRecord) return null;
  const header = headerRecord.record.map((h) =>
    h
      .toLowerCase()
      .replace(/^\ufeff/, '')
      .trim(),
  );
  const col = new Map<string, number>();
  header.forEach((h, i) => {
    if (h && !col.has(h)) col.set(h, i);
  });
  const shape = (Object.keys(REQUIRED) as CsvShape[]).find((s) => REQUIRED[s].every((c) => col.has(c)));
  if (!shape) return null;
  const rows = records
    .slice(first + 1)
    .filter((r) => r.record.some((c) => c !== ''))
    .map((r) => ({ line: r.info.lines, cells: r.record }));
  void file;
  return { shape, col, rows };
}

function cell(t: CsvTable, cells: string[], name: string): string {
  const i = t.col.get(name);
  return i === undefined ? '' : (cells[i] ?? '').normalize('NFC').trim();
}

/** Loads a units CSV. Returns the vintages it touched. */
export function loadUnitsCsv(w: UnitWriter, t: CsvTable, file: string, source: string): string[] {
  interface Row {
    line: number;
    vintage: string;
    level: 1 | 2 | 3;
    code: string;
    name: string;
    type: string;
    parent: string;
  }
  const rows: Row[] = [];
  const seen = new Map<string, number>();
  for (const { line, cells } of t.rows) {
    const vintage = cell(t, cells, 'vintage');
    const levelText = cell(t, cells, 'level');
    const code = cell(t, cells, 'code');
    const name = cell(t, cells, 'name');
    if (!ISO.test(vintage)) throw bad(file, line, `vintage "${vintage}" is not a date YYYY-MM-DD`, `vintage "${vintage}" không phải ngày dạng YYYY-MM-DD`);
    if (!['1', '2', '3'].includes(levelText)) throw bad(file, line, `level must be 1, 2 or 3, not "${levelText}"`, `level phải là 1, 2 hoặc 3, không phải "${levelText}"`);
    if (!/^\d+$/.test(code)) throw bad(file, line, `code "${code}" must be digits`, `mã "${code}" phải là chữ số`);
    if (!name) throw bad(file, line, 'the name is blank', 'tên đơn vị bị trống');
    const key = `${vintage}|${levelText}|${code}`;
    const dup = seen.get(key);
    if (dup !== undefined) throw bad(file, line, `unit ${code} of ${vintage} is already on line ${dup}`, `đơn vị ${code} (${vintage}) đã có ở dòng ${dup}`);
    seen.set(key, line);
    rows.push({ line, vintage, level: Number(levelText) as 1 | 2 | 3, code, name, type: cell(t, cells, 'type'), parent: cell(t, cells, 'parent_code') });
  }
  rows.sort((a, b) => a.level - b.level || a.line - b.line);
  const vintages = new Set<string>();
  for (const r of rows) {
    w.ensureVintage(r.vintage, source);
    vintages.add(r.vintage);
    let parentId: number | null = null;
    let provinceCode: string | null = r.level === 1 ? r.code : null;
    if (r.level > 1) {
      if (!r.parent) throw bad(file, r.line, 'parent_code is blank', 'parent_code bị trống');
      const p = w.findAnyLevel(r.vintage, r.parent, r.level === 3 ? [2, 1] : [1]);
      if (!p)
        throw bad(file, r.line, `parent ${r.parent} is not a unit of ${r.vintage} in this file or the database`, `đơn vị cha ${r.parent} không có trong danh mục ${r.vintage}`);
      parentId = p.id;
      provinceCode = p.provinceCode;
    }
    w.unit({ vintage: r.vintage, level: r.level, code: r.code, name: r.name, type: r.type || null, parentId, provinceCode });
  }
  return [...vintages].sort();
}

/** Loads a successions CSV. Returns the vintages it touched. */
export function loadSuccessionsCsv(w: UnitWriter, t: CsvTable, file: string): string[] {
  const handovers = new Map<string, { oldV: string; newV: string; effective: string }>();
  for (const { line, cells } of t.rows) {
    const oldV = cell(t, cells, 'old_vintage');
    const newV = cell(t, cells, 'new_vintage');
    const oldCode = cell(t, cells, 'old_code');
    const newCode = cell(t, cells, 'new_code');
    const kind = cell(t, cells, 'kind').toLowerCase();
    const effective = cell(t, cells, 'effective');
    const lb = cell(t, cells, 'legal_basis') || null;
    for (const v of [oldV, newV]) if (!ISO.test(v)) throw bad(file, line, `vintage "${v}" is not a date YYYY-MM-DD`, `vintage "${v}" không phải ngày dạng YYYY-MM-DD`);
    if (!ISO.test(effective)) throw bad(file, line, `effective "${effective}" is not a date YYYY-MM-DD`, `effective "${effective}" không phải ngày dạng YYYY-MM-DD`);
    if (kind !== 'full' && kind !== 'partial') throw bad(file, line, `kind must be full or partial, not "${kind}"`, `kind phải là full hoặc partial, không phải "${kind}"`);
    if (oldV >= newV) throw bad(file, line, `old_vintage ${oldV} must be before new_vintage ${newV}`, `old_vintage ${oldV} phải trước new_vintage ${newV}`);
    const o = w.findAnyLevel(oldV, oldCode);
    if (!o)
      throw bad(
        file,
        line,
        `old unit ${oldCode} is not in the ${oldV} list; load the units first`,
        `đơn vị cũ ${oldCode} không có trong danh mục ${oldV}; hãy nhập danh mục đơn vị trước`,
      );
    const n = w.findAnyLevel(newV, newCode);
    if (!n)
      throw bad(
        file,
        line,
        `new unit ${newCode} is not in the ${newV} list; load the units first`,
        `đơn vị mới ${newCode} không có trong danh mục ${newV}; hãy nhập danh mục đơn vị trước`,
      );
    w.succession(o.id, n.id, kind, effective, lb);
    handovers.set(`${oldV}>${newV}`, { oldV, newV, effective });
  }
  for (const h of handovers.values()) w.setHandover(h.oldV, h.newV, h.effective);
  return [...new Set([...handovers.values()].flatMap((h) => [h.oldV, h.newV]))].sort();
}

/** Loads a dated successions CSV (see the header comment). Returns the two vintages it links. */
export function loadDatedSuccessionsCsv(w: UnitWriter, t: CsvTable, file: string): string[] {
  const handovers = new Map<string, { oldV: string; newV: string; effective: string }>();
  const loaded = w.vintageList();
  for (const { line, cells } of t.rows) {
    const oldCode = cell(t, cells, 'old_code');
    const newCode = cell(t, cells, 'new_code');
    const kind = cell(t, cells, 'kind').toLowerCase();
    const effective = cell(t, cells, 'effective');
    const lb = [cell(t, cells, 'legal_basis'), cell(t, cells, 'clause')].filter(Boolean).join(' ') || null;
    if (!ISO.test(effective)) throw bad(file, line, `effective "${effective}" is not a date YYYY-MM-DD`, `effective "${effective}" không phải ngày dạng YYYY-MM-DD`);
    if (kind !== 'full' && kind !== 'partial') throw bad(file, line, `kind must be full or partial, not "${kind}"`, `kind phải là full hoặc partial, không phải "${kind}"`);
    const before = loaded.filter((v) => v < effective);
    const oldV = before[before.length - 1];
    const newV = loaded.find((v) => oldV !== undefined && v > oldV && v >= effective) ?? loaded.find((v) => oldV !== undefined && v > oldV);
    if (!oldV || !newV)
      throw bad(
        file,
        line,
        `no unit list before and after ${effective} is loaded; load both lists first (e.g. units-2024-11-01.json and units-2025-03-01.json)`,
        `chưa nạp danh mục trước và sau ngày ${effective}; hãy nhập cả hai danh mục trước (ví dụ units-2024-11-01.json và units-2025-03-01.json)`,
      );
    const o = w.findAnyLevel(oldV, oldCode);
    const n = w.findAnyLevel(newV, newCode);
    if (!o) throw bad(file, line, `old unit ${oldCode} is not in the ${oldV} list`, `đơn vị cũ ${oldCode} không có trong danh mục ${oldV}`);
    if (!n) throw bad(file, line, `new unit ${newCode} is not in the ${newV} list`, `đơn vị mới ${newCode} không có trong danh mục ${newV}`);
    for (const [u, col, v] of [
      [o, 'old_name', oldV],
      [n, 'new_name', newV],
    ] as const) {
      const name = cell(t, cells, col);
      if (name && unitNameKey(name) !== unitNameKey(u.name))
        throw bad(
          file,
          line,
          `${col} "${name}" is not unit ${u.code} of the ${v} list ("${u.name}"); is the right list loaded?`,
          `${col} "${name}" không phải đơn vị ${u.code} của danh mục ${v} ("${u.name}"); đã nạp đúng danh mục chưa?`,
        );
    }
    w.succession(o.id, n.id, kind, effective, lb);
    handovers.set(`${oldV}>${newV}`, { oldV, newV, effective });
  }
  for (const h of handovers.values()) w.setHandover(h.oldV, h.newV, h.effective);
  return [...new Set([...handovers.values()].flatMap((h) => [h.oldV, h.newV]))].sort();
}

export interface LegalBasisRow {
  provinceCode: string;
  provinceName: string;
  resolution: string;
  effective: string | null;
}

export function readLegalBasis(t: CsvTable, file: string): LegalBasisRow[] {
  const out: LegalBasisRow[] = [];
  for (const { line, cells } of t.rows) {
    let provinceCode = cell(t, cells, 'province_code');
    const resolution = cell(t, cells, 'resolution');
    const effective = cell(t, cells, 'effective') || null;
    if (!/^\d{1,2}$/.test(provinceCode)) throw bad(file, line, `province_code "${provinceCode}" must be a 2-digit code`, `province_code "${provinceCode}" phải là mã 2 chữ số`);
    provinceCode = provinceCode.padStart(2, '0');
    if (!resolution) throw bad(file, line, 'resolution is blank', 'resolution bị trống');
    if (effective !== null && !ISO.test(effective))
      throw bad(file, line, `effective "${effective}" is not a date YYYY-MM-DD`, `effective "${effective}" không phải ngày dạng YYYY-MM-DD`);
    out.push({ provinceCode, provinceName: cell(t, cells, 'province_name'), resolution, effective });
  }
  return out;
}
