/**
 * The public JSON shapes of the national unit lists (the dvhcvn project's data,
 * from the statistics office's catalogue):
 *
 * - the three-level list, e.g. units-2025-03-01.json:
 *   { data: [ { level1_id, name, type, level2s: [ { level2_id, name, type, level3s: [ { level3_id, name, type } ] } ] } ] }
 * - the 2025 mapping seen from the new side, merges-2025-07-01.json:
 *   { data: [ { level1_id, name, merges: [ {old_id, name, type} ], level2s: [ { level2_id, name, merges: [ {old_id, name, type: full|partial} ] } ] } ] }
 *   (no district level after 1 July 2025: level2 there is the new commune-level unit)
 * - the same mapping seen from the old side, splits-2025-07-01.json:
 *   { data: [ { level1_id, name, splits: [ {new_id, name} ], level3s: [ { level3_id, name, splits: [ {new_id, name} ] } ] } ] }
 *   (one successor: the old unit went in whole; several: it was divided)
 *
 * The mapping's old units are looked up in the latest vintage loaded before
 * the effective date (the 2025-03-01 list); when that list was not loaded they
 * are created from the names in the mapping, and a later load of the list
 * completes them (district, type).
 */
import { InputError } from '../../errors.js';
import { msg } from '../../text/i18n.js';
import type { StoredUnit, UnitWriter } from './writer.js';

export type JsonShape = 'units-json' | 'merges-json' | 'splits-json';

/** The list the 2025 mapping was made against, used when no earlier list is loaded. */
export const MAPPING_2025_OLD_VINTAGE = '2025-03-01';
export const MAPPING_2025_EFFECTIVE = '2025-07-01';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Which of the JSON shapes this is, from its first entries; null when none. */
export function detectJsonShape(doc: unknown): JsonShape | null {
  if (!isObj(doc) || !Array.isArray(doc.data) || doc.data.length === 0) return null;
  const p = doc.data[0];
  if (!isObj(p) || typeof p.level1_id !== 'string') return null;
  if (Array.isArray(p.level2s) && Array.isArray(p.merges)) return 'merges-json';
  if (Array.isArray(p.level3s) && Array.isArray(p.splits)) return 'splits-json';
  if (Array.isArray(p.level2s) && !('merges' in p)) {
    const d = p.level2s[0];
    if (d === undefined || (isObj(d) && Array.isArray(d.level3s))) return 'units-json';
  }
  return null;
}

class Shape {
  constructor(
    private readonly file: string,
    private readonly expected: string,
  ) {}
  fail(where: string): never {
    throw new InputError(
      msg(`${this.file}: dữ liệu không đúng cấu trúc ${this.expected} tại ${where}.`, `${this.file}: the data does not follow the ${this.expected} shape at ${where}.`),
      msg('Tệp có thể bị cắt cụt hoặc sửa tay; không có gì được ghi.', 'The file may be truncated or edited by hand; nothing was written.'),
      this.file,
    );
  }
  str(o: Obj, key: string, where: string): string {
    const v = o[key];
    if (typeof v !== 'string' || v.trim() === '') this.fail(`${where}.${key}`);
    return v.trim();
  }
  arr(o: Obj, key: string, where: string): unknown[] {
    const v = o[key];
    if (!Array.isArray(v)) this.fail(`${where}.${key}`);
    return v;
  }
  obj(v: unknown, where: string): Obj {
    if (!isObj(v)) this.fail(where);
    return v;
  }
  kind(o: Obj, where: string): 'full' | 'partial' {
    const v = o.type;
    if (v !== 'full' && v !== 'partial') this.fail(`${where}.type`);
    return v;
  }
}

function levelOfCode(code: string): 1 | 2 | 3 {
  return code.length <= 2 ? 1 : code.length === 3 ? 2 : 3;
}

export function loadThreeLevel(w: UnitWriter, doc: Obj, vintage: string, file: string, source: string): void {
  const s = new Shape(file, 'units-2025-03-01.json');
  w.ensureVintage(vintage, source);
  (doc.data as unknown[]).forEach((pv, i) => {
    const wp = `data[${i}]`;
    const p = s.obj(pv, wp);
    const pcode = s.str(p, 'level1_id', wp);
    const prov = w.unit({ vintage, level: 1, code: pcode, name: s.str(p, 'name', wp), type: (p.type as string) ?? null, provinceCode: pcode });
    s.arr(p, 'level2s', wp).forEach((dv, j) => {
      const wd = `${wp}.level2s[${j}]`;
      const d = s.obj(dv, wd);
      const dist = w.unit({
        vintage,
        level: 2,
        code: s.str(d, 'level2_id', wd),
        name: s.str(d, 'name', wd),
        type: (d.type as string) ?? null,
        parentId: prov.id,
        provinceCode: pcode,
      });
      s.arr(d, 'level3s', wd).forEach((cv, k) => {
        const wc = `${wd}.level3s[${k}]`;
        const c = s.obj(cv, wc);
        w.unit({
          vintage,
          level: 3,
          code: s.str(c, 'level3_id', wc),
          name: s.str(c, 'name', wc),
          type: (c.type as string) ?? null,
          parentId: dist.id,
          provinceCode: pcode,
        });
      });
    });
  });
}

/** The vintage the mapping's old units belong to: the latest loaded before `effective`. */
function oldVintageFor(w: UnitWriter, effective: string, source: string): string {
  const before = w.vintageList().filter((v) => v < effective);
  const v = before.at(-1) ?? MAPPING_2025_OLD_VINTAGE;
  if (v >= effective)
    throw new InputError(
      msg(`Ngày hiệu lực ${effective} phải sau danh mục cũ ${v}.`, `The effective date ${effective} must come after the old list ${v}.`),
      msg('Dùng --as-of với ngày các đơn vị mới có hiệu lực.', 'Give --as-of the date the new units took effect.'),
    );
  w.ensureVintage(v, source);
  return v;
}

function oldUnit(w: UnitWriter, vintage: string, code: string, name: string, parent?: StoredUnit): StoredUnit {
  return (
    w.findAnyLevel(vintage, code) ??
    w.unit({ vintage, level: levelOfCode(code), code, name, parentId: parent?.id ?? null, provinceCode: parent?.provinceCode ?? (levelOfCode(code) === 1 ? code : null) })
  );
}

export function loadMerges(w: UnitWriter, doc: Obj, effective: string, file: string, source: string): { oldVintage: string; newVintage: string } {
  const s = new Shape(file, 'merges-2025-07-01.json');
  const oldV = oldVintageFor(w, effective, `names from ${source}`);
  const newV = effective;
  w.ensureVintage(newV, source);
  // `merges` of a new unit (province or commune): the old units it was formed from, whole or in part.
  const mergesInto = (owner: Obj, where: string, newId: number) =>
    s.arr(owner, 'merges', where).forEach((mv, k) => {
      const wm = `${where}.merges[${k}]`;
      const m = s.obj(mv, wm);
      const o = oldUnit(w, oldV, s.str(m, 'old_id', wm), s.str(m, 'name', wm));
      w.succession(o.id, newId, s.kind(m, wm), effective, null);
    });
  (doc.data as unknown[]).forEach((pv, i) => {
    const wp = `data[${i}]`;
    const p = s.obj(pv, wp);
    const pcode = s.str(p, 'level1_id', wp);
    const prov = w.unit({ vintage: newV, level: 1, code: pcode, name: s.str(p, 'name', wp), provinceCode: pcode });
    mergesInto(p, wp, prov.id);
    s.arr(p, 'level2s', wp).forEach((cv, j) => {
      const wc = `${wp}.level2s[${j}]`;
      const c = s.obj(cv, wc);
      const nu = w.unit({ vintage: newV, level: 3, code: s.str(c, 'level2_id', wc), name: s.str(c, 'name', wc), parentId: prov.id, provinceCode: pcode });
      mergesInto(c, wc, nu.id);
    });
  });
  w.setHandover(oldV, newV, effective);
  return { oldVintage: oldV, newVintage: newV };
}

export function loadSplits(w: UnitWriter, doc: Obj, effective: string, file: string, source: string): { oldVintage: string; newVintage: string } {
  const s = new Shape(file, 'splits-2025-07-01.json');
  const oldV = oldVintageFor(w, effective, `names from ${source}`);
  const newV = effective;
  w.ensureVintage(newV, source);
  (doc.data as unknown[]).forEach((pv, i) => {
    const wp = `data[${i}]`;
    const p = s.obj(pv, wp);
    const pcode = s.str(p, 'level1_id', wp);
    const oldProv = oldUnit(w, oldV, pcode, s.str(p, 'name', wp));
    const newProvs = s.arr(p, 'splits', wp).map((nv, j) => {
      const wn = `${wp}.splits[${j}]`;
      const n = s.obj(nv, wn);
      const code = s.str(n, 'new_id', wn);
      return w.find(newV, 1, code) ?? w.unit({ vintage: newV, level: 1, code, name: s.str(n, 'name', wn), provinceCode: code });
    });
    for (const np of newProvs) w.succession(oldProv.id, np.id, newProvs.length === 1 ? 'full' : 'partial', effective, null);
    const newProv = newProvs.length === 1 ? newProvs[0] : undefined;
    s.arr(p, 'level3s', wp).forEach((ov, j) => {
      const wo = `${wp}.level3s[${j}]`;
      const o = s.obj(ov, wo);
      const ou = oldUnit(w, oldV, s.str(o, 'level3_id', wo), s.str(o, 'name', wo), oldProv);
      const targets = s.arr(o, 'splits', wo);
      const kind = targets.length === 1 ? 'full' : 'partial';
      targets.forEach((nv, k) => {
        const wn = `${wo}.splits[${k}]`;
        const n = s.obj(nv, wn);
        const code = s.str(n, 'new_id', wn);
        const nu =
          w.find(newV, 3, code) ?? w.unit({ vintage: newV, level: 3, code, name: s.str(n, 'name', wn), parentId: newProv?.id ?? null, provinceCode: newProv?.code ?? null });
        w.succession(ou.id, nu.id, kind, effective, null);
      });
    });
  });
  w.setHandover(oldV, newV, effective);
  return { oldVintage: oldV, newVintage: newV };
}
