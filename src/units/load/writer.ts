/**
 * Writing unit reference data: vintages, units, successions. Every loader goes
 * through this one writer so that loading is idempotent everywhere (a unit or
 * succession already present as given is left alone and counted as unchanged)
 * and fast (prepared statements, in-memory lookups per vintage). The caller
 * owns the transaction.
 */
import type { DB } from '../../store/db.js';
import { canonicalType, unitNameKey, unitTypeOf } from '../names.js';
import type { UnitRow } from '../types.js';

/**
 * When a published list came into force, where that is not the list's own
 * date: the list of 2025-03-01 holds Ho Chi Minh City's wards as merged on
 * 1 January 2025 (Resolution 1278/NQ-UBTVQH15) and is in force from then.
 */
const KNOWN_VALID_FROM: Record<string, string> = { '2025-03-01': '2025-01-01' };

export interface LoadCounts {
  vintagesAdded: number;
  /** valid_from / valid_to of a vintage set or moved. */
  validityUpdated: number;
  unitsAdded: number;
  unitsUpdated: number;
  unitsUnchanged: number;
  successionsAdded: number;
  successionsUpdated: number;
  successionsUnchanged: number;
  legalBasisUpdated: number;
}

export function emptyCounts(): LoadCounts {
  return {
    vintagesAdded: 0,
    validityUpdated: 0,
    unitsAdded: 0,
    unitsUpdated: 0,
    unitsUnchanged: 0,
    successionsAdded: 0,
    successionsUpdated: 0,
    successionsUnchanged: 0,
    legalBasisUpdated: 0,
  };
}

export function changedAnything(c: LoadCounts): boolean {
  return c.vintagesAdded + c.validityUpdated + c.unitsAdded + c.unitsUpdated + c.successionsAdded + c.successionsUpdated + c.legalBasisUpdated > 0;
}

/** A unit as stored: the same shape the resolver hands out. */
export type StoredUnit = UnitRow;

export interface UnitInput {
  vintage: string;
  level: 1 | 2 | 3;
  code: string;
  name: string;
  type?: string | null;
  parentId?: number | null;
  provinceCode?: string | null;
}

export class UnitWriter {
  readonly counts = emptyCounts();
  private readonly byVintage = new Map<string, Map<string, StoredUnit>>();
  private readonly vintages = new Map<string, { valid_from: string | null; valid_to: string | null }>();
  private readonly succ = new Map<string, { kind: string; effective: string; legal_basis: string | null }>();
  private succLoaded = false;
  private readonly st;

  constructor(
    readonly db: DB,
    private readonly now: () => Date,
  ) {
    this.st = {
      insVintage: db.prepare('INSERT INTO unit_lists (vintage, valid_from, valid_to, source, loaded_at) VALUES (?, NULL, NULL, ?, ?)'),
      setFrom: db.prepare('UPDATE unit_lists SET valid_from = ? WHERE vintage = ?'),
      setTo: db.prepare('UPDATE unit_lists SET valid_to = ? WHERE vintage = ?'),
      insUnit: db.prepare('INSERT INTO units (vintage, level, code, name, type, parent_id, province_code, name_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?)'),
      updUnit: db.prepare('UPDATE units SET name = ?, type = ?, parent_id = ?, province_code = ?, name_key = ? WHERE id = ?'),
      insSucc: db.prepare('INSERT INTO successions (old_unit_id, new_unit_id, kind, effective, legal_basis) VALUES (?, ?, ?, ?, ?)'),
      updSucc: db.prepare('UPDATE successions SET kind = ?, effective = ?, legal_basis = ? WHERE old_unit_id = ? AND new_unit_id = ?'),
    };
    for (const v of db.prepare('SELECT vintage, valid_from, valid_to FROM unit_lists').all() as {
      vintage: string;
      valid_from: string | null;
      valid_to: string | null;
    }[])
      this.vintages.set(v.vintage, { valid_from: v.valid_from, valid_to: v.valid_to });
  }

  /** Loaded vintages, oldest first. */
  vintageList(): string[] {
    return [...this.vintages.keys()].sort();
  }

  hasVintage(v: string): boolean {
    return this.vintages.has(v);
  }

  ensureVintage(vintage: string, source: string): void {
    if (this.vintages.has(vintage)) return;
    this.st.insVintage.run(vintage, source, this.now().toISOString());
    this.vintages.set(vintage, { valid_from: null, valid_to: null });
    this.counts.vintagesAdded++;
  }

  /** Records that `oldV` stops and `newV` starts being in force on `effective`. */
  setHandover(oldV: string, newV: string, effective: string): void {
    const o = this.vintages.get(oldV);
    if (o && o.valid_to !== effective) {
      this.st.setTo.run(effective, oldV);
      o.valid_to = effective;
      this.counts.validityUpdated++;
    }
    const n = this.vintages.get(newV);
    if (n && n.valid_from !== effective) {
      this.st.setFrom.run(effective, newV);
      n.valid_from = effective;
      this.counts.validityUpdated++;
    }
  }

  /**
   * A three-level list loaded next to others: the list before it is in force
   * until this one starts, this one until the next starts (dates the
   * successions give later win: they set the handover to the effective date).
   */
  linkNeighbours(vintage: string): void {
    const list = this.vintageList();
    const i = list.indexOf(vintage);
    const start = (v: string) => this.vintages.get(v)?.valid_from ?? KNOWN_VALID_FROM[v] ?? v;
    const prev = list[i - 1];
    const next = list[i + 1];
    if (prev !== undefined && this.vintages.get(prev)?.valid_to == null) this.setHandover(prev, vintage, start(vintage));
    if (next !== undefined && this.vintages.get(vintage)?.valid_to == null) this.setHandover(vintage, next, start(next));
  }

  private units(vintage: string): Map<string, StoredUnit> {
    let m = this.byVintage.get(vintage);
    if (!m) {
      m = new Map();
      const rows = this.db
        .prepare('SELECT id, vintage, level, code, name, type, parent_id AS parentId, province_code AS provinceCode FROM units WHERE vintage = ?')
        .all(vintage) as StoredUnit[];
      for (const r of rows) m.set(`${r.level}:${r.code}`, r);
      this.byVintage.set(vintage, m);
    }
    return m;
  }

  find(vintage: string, level: number, code: string): StoredUnit | undefined {
    return this.units(vintage).get(`${level}:${code}`);
  }

  /** The unit with this code in the vintage, commune level first, then district, then province. */
  findAnyLevel(vintage: string, code: string, levels: number[] = [3, 2, 1]): StoredUnit | undefined {
    for (const l of levels) {
      const u = this.find(vintage, l, code);
      if (u) return u;
    }
    return undefined;
  }

  /**
   * Adds the unit, or completes it (type, parent, province the earlier load did
   * not know) or renames it; otherwise leaves it alone.
   */
  unit(u: UnitInput): StoredUnit {
    const m = this.units(u.vintage);
    const k = `${u.level}:${u.code}`;
    const name = u.name.normalize('NFC').replace(/\s+/g, ' ').trim();
    const type = canonicalType(u.type) ?? u.type ?? unitTypeOf(name);
    const have = m.get(k);
    if (!have) {
      const info = this.st.insUnit.run(u.vintage, u.level, u.code, name, type, u.parentId ?? null, u.provinceCode ?? null, unitNameKey(name));
      const row: StoredUnit = {
        id: Number(info.lastInsertRowid),
        vintage: u.vintage,
        level: u.level,
        code: u.code,
        name,
        type,
        parentId: u.parentId ?? null,
        provinceCode: u.provinceCode ?? null,
      };
      m.set(k, row);
      this.counts.unitsAdded++;
      return row;
    }
    const next = {
      name,
      type: type ?? have.type,
      parentId: u.parentId ?? have.parentId,
      provinceCode: u.provinceCode ?? have.provinceCode,
    };
    if (next.name === have.name && next.type === have.type && next.parentId === have.parentId && next.provinceCode === have.provinceCode) {
      this.counts.unitsUnchanged++;
      return have;
    }
    this.st.updUnit.run(next.name, next.type, next.parentId, next.provinceCode, unitNameKey(next.name), have.id);
    Object.assign(have, next);
    this.counts.unitsUpdated++;
    return have;
  }

  private loadSuccessions(): void {
    if (this.succLoaded) return;
    for (const s of this.db.prepare('SELECT old_unit_id, new_unit_id, kind, effective, legal_basis FROM successions').all() as {
      old_unit_id: number;
      new_unit_id: number;
      kind: string;
      effective: string;
      legal_basis: string | null;
    }[])
      this.succ.set(`${s.old_unit_id}>${s.new_unit_id}`, s);
    this.succLoaded = true;
  }

  /** Adds the link, or updates kind/date, or a legal basis given where there was none or another. */
  succession(oldId: number, newId: number, kind: 'full' | 'partial', effective: string, legalBasis: string | null): void {
    this.loadSuccessions();
    const k = `${oldId}>${newId}`;
    const have = this.succ.get(k);
    if (!have) {
      this.st.insSucc.run(oldId, newId, kind, effective, legalBasis);
      this.succ.set(k, { kind, effective, legal_basis: legalBasis });
      this.counts.successionsAdded++;
      return;
    }
    const lb = legalBasis ?? have.legal_basis;
    if (have.kind === kind && have.effective === effective && have.legal_basis === lb) {
      this.counts.successionsUnchanged++;
      return;
    }
    this.st.updSucc.run(kind, effective, lb, oldId, newId);
    Object.assign(have, { kind, effective, legal_basis: lb });
    this.counts.successionsUpdated++;
  }

  /**
   * Sets the legal basis of every succession effective on `effective` whose new
   * unit is a commune-level unit of province `provinceCode`. Returns how many
   * links it changed.
   */
  applyLegalBasis(provinceCode: string, effective: string | null, legalBasis: string): number {
    const info = this.db
      .prepare(
        `UPDATE successions SET legal_basis = ?
          WHERE (legal_basis IS NULL OR legal_basis <> ?)
            AND (? IS NULL OR effective = ?)
            AND new_unit_id IN (SELECT id FROM units WHERE level = 3 AND province_code = ?)`,
      )
      .run(legalBasis, legalBasis, effective, effective, provinceCode);
    if (info.changes > 0) {
      this.succ.clear();
      this.succLoaded = false;
    }
    this.counts.legalBasisUpdated += info.changes;
    return info.changes;
  }
}
