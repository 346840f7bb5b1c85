/**
 * The unit reference as the rest of the program sees it. Implemented in
 * src/units/*; used by the importer (to file rows under a ward), the rules
 * (unit.* findings), remap and the reports.
 */

export interface UnitRow {
  id: number;
  vintage: string;
  level: 1 | 2 | 3;
  code: string;
  name: string;
  type: string | null;
  parentId: number | null;
  provinceCode: string | null;
}

export interface SuccessorLink {
  unit: UnitRow;
  kind: 'full' | 'partial';
  effective: string;
  /** For a unit reached through several lists: every legal basis on the way, "; "-joined. */
  legalBasis: string | null;
  /** The same unit in the next code list (its code and name carried on): no reorganisation. */
  same?: boolean;
  /**
   * A unit reached through several code lists: each link on the way, oldest
   * first (links that only carry a unit over to the next list included).
   */
  steps?: SuccessorLink[];
}

/** A ward reference as a roster row gives it. Any part may be missing. */
export interface UnitRef {
  code?: string | null;
  name?: string | null;
  district?: string | null;
}

export type ResolutionStatus =
  | 'current' // in force at the date asked about
  | 'retired.full' // an older unit merged whole into one successor
  | 'retired.partial' // an older unit divided among several successors (or a part of it on the way)
  | 'retired.unknown-successor' // an older unit that vanished from the next list with no succession known
  | 'ambiguous' // several units match
  | 'unknown' // nothing matches
  | 'code-name-mismatch'; // code and name agree in no vintage

export interface Resolution {
  status: ResolutionStatus;
  /** The unit the reference denotes (possibly a retired one). */
  unit?: UnitRow;
  /** retired.*: where the unit went, with full/partial and legal basis. */
  successors: SuccessorLink[];
  /**
   * ambiguous: the matching units; unknown: the closest names; mismatch: what
   * code and name each denote; unknown-successor: units in force of the same district.
   */
  candidates: UnitRow[];
}

export interface ResolverOptions {
  /** ISO date the roster speaks of (the last day of the period). */
  asOf: string;
  /** Unit codes the office answers for (init --jurisdiction); empty = everywhere. */
  jurisdiction: string[];
}

export interface UnitResolver {
  resolve(ref: UnitRef): Resolution;
  /** Whether the unit (or, for a retired unit, any of its successors) lies in the office's jurisdiction. */
  inJurisdiction(unit: UnitRow): boolean;
  /** Successors of a unit (empty when it is current). */
  successors(unit: UnitRow): SuccessorLink[];
  /** The unit with this id. */
  byId(id: number): UnitRow | undefined;
}
