/**
 * `importUnitsFile`: loads one file of unit reference data, whatever its
 * shape (see csv.ts and dvhcvn.ts for the formats), in one transaction.
 * Idempotent: loading the same file again changes nothing and says so
 * (`changed: false`). A file of another shape, or a damaged one, is an
 * InputError (exit 2) and nothing is written.
 */
import fs from 'node:fs';
import path from 'node:path';
import { InputError } from '../../errors.js';
import { msg } from '../../text/i18n.js';
import type { DB } from '../../store/db.js';
import { loadDatedSuccessionsCsv, loadSuccessionsCsv, loadUnitsCsv, readCsvTable, readLegalBasis, type CsvShape, type LegalBasisRow } from './csv.js';
import { detectJsonShape, loadMerges, loadSplits, loadThreeLevel, MAPPING_2025_EFFECTIVE, type JsonShape } from './dvhcvn.js';
import { changedAnything, UnitWriter, type LoadCounts } from './writer.js';

export type UnitFileShape = CsvShape | JsonShape;
export type { LoadCounts } from './writer.js';

export interface ImportUnitsOptions {
  /**
   * Three-level list: the date of the list (default: the date in the file
   * name). 2025 mapping: the date the new units took effect (default
   * 2025-07-01). The CSV formats carry their own dates and ignore it.
   */
  asOf?: string;
  /** A legal-basis CSV (province -> resolution) applied to the successions after loading. */
  legalBasis?: string;
  now: () => Date;
}

export interface ImportUnitsResult {
  file: string;
  shape: UnitFileShape;
  vintages: string[];
  counts: LoadCounts;
  changed: boolean;
  legalBasisFile?: string;
  ms: number;
}

const MAX_BYTES = 200 * 1024 * 1024;
const ISO = /^\d{4}-\d{2}-\d{2}$/;

export const ACCEPTED_SHAPES = {
  vi: 'CSV danh mục đơn vị (vintage,level,code,name,type,parent_code); CSV kế thừa (old_vintage,old_code,new_vintage,new_code,kind,effective,legal_basis); CSV kế thừa theo ngày (old_code,old_name,…,new_code,new_name,kind,effective,legal_basis,clause như successions-2025-01-01-hcmc-1278.csv); CSV căn cứ pháp lý (province_code,province_name,resolution,signed,effective); JSON danh mục ba cấp (như units-2025-03-01.json); JSON sắp xếp 2025 (như merges-2025-07-01.json hoặc splits-2025-07-01.json)',
  en: 'units CSV (vintage,level,code,name,type,parent_code); successions CSV (old_vintage,old_code,new_vintage,new_code,kind,effective,legal_basis); dated successions CSV (old_code,old_name,…,new_code,new_name,kind,effective,legal_basis,clause like successions-2025-01-01-hcmc-1278.csv); legal-basis CSV (province_code,province_name,resolution,signed,effective); the three-level JSON list (like units-2025-03-01.json); the 2025 mapping JSON (like merges-2025-07-01.json or splits-2025-07-01.json)',
};

function readText(file: string): string {
  let st: fs.Stats;
  try {
    st = fs.statSync(file);
  } catch {
    throw new InputError(msg(`Không tìm thấy tệp ${file}.`, `File not found: ${file}.`), msg('Kiểm tra đường dẫn.', 'Check the path.'), file);
  }
  if (st.isDirectory()) throw new InputError(msg(`${file} là một thư mục, không phải tệp.`, `${file} is a directory, not a file.`), undefined, file);
  if (st.size > MAX_BYTES)
    throw new InputError(msg(`${file} quá lớn (${st.size} byte) để là danh mục đơn vị.`, `${file} is too large (${st.size} bytes) to be a unit list.`), undefined, file);
  const buf = fs.readFileSync(file);
  if (buf.includes(0)) throw unknownShape(file);
  return buf.toString('utf8').replace(/^\ufeff/, '');
}

function unknownShape(file: string): InputError {
  return new InputError(
    msg(`${file}: không nhận ra định dạng danh mục đơn vị.`, `${file}: not a unit reference file this tool reads.`),
    msg(`Các định dạng được chấp nhận: ${ACCEPTED_SHAPES.vi}. Không có gì được ghi.`, `Accepted: ${ACCEPTED_SHAPES.en}. Nothing was written.`),
    file,
  );
}

type Parsed = { kind: 'json'; shape: JsonShape; doc: Record<string, unknown> } | { kind: 'csv'; shape: CsvShape; table: NonNullable<ReturnType<typeof readCsvTable>> };

function parseFile(file: string): Parsed {
  const text = readText(file);
  const head = text.trimStart()[0];
  if (head === '{' || head === '[') {
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch (e) {
      throw new InputError(
        msg(`${file}: JSON hỏng (${(e as Error).message}).`, `${file}: broken JSON (${(e as Error).message}).`),
        msg('Tải lại tệp; không có gì được ghi.', 'Download the file again; nothing was written.'),
        file,
      );
    }
    const shape = detectJsonShape(doc);
    if (!shape) throw unknownShape(file);
    return { kind: 'json', shape, doc: doc as Record<string, unknown> };
  }
  const table = readCsvTable(text, file);
  if (!table) throw unknownShape(file);
  return { kind: 'csv', shape: table.shape, table };
}

function legalBasisRows(file: string): LegalBasisRow[] {
  const p = parseFile(file);
  if (p.kind !== 'csv' || p.shape !== 'legal-basis-csv')
    throw new InputError(
      msg(
        `${file} không phải CSV kế thừa theo ngày (old_code,old_name,…,new_code,new_name,kind,effective,legal_basis,clause như successions-2025-01-01-hcmc-1278.csv); CSV căn cứ pháp lý (province_code,province_name,resolution,signed,effective).`,
        `${file} is not a dated successions CSV (old_code,old_name,…,new_code,new_name,kind,effective,legal_basis,clause like successions-2025-01-01-hcmc-1278.csv); legal-basis CSV (province_code,province_name,resolution,signed,effective).`,
      ),
      undefined,
      file,
    );
  return readLegalBasis(p.table, file);
}

function dateInName(file: string): string | undefined {
  return /(\d{4}-\d{2}-\d{2})/.exec(path.basename(file))?.[1];
}

export function importUnitsFile(db: DB, file: string, opts: ImportUnitsOptions): ImportUnitsResult {
  const t0 = performance.now();
  if (opts.asOf !== undefined && !ISO.test(opts.asOf))
    throw new InputError(msg(`--as-of "${opts.asOf}" phải là ngày dạng YYYY-MM-DD.`, `--as-of "${opts.asOf}" must be a date YYYY-MM-DD.`));
  const parsed = parseFile(file);
  const lb = opts.legalBasis ? legalBasisRows(opts.legalBasis) : [];
  const source = path.basename(file);
  let vintages: string[] = [];
  const run = db.transaction((): LoadCounts => {
    const w = new UnitWriter(db, opts.now);
    if (parsed.kind === 'json') {
      const doc = parsed.doc;
      if (parsed.shape === 'units-json') {
        const vintage = opts.asOf ?? dateInName(file);
        if (!vintage)
          throw new InputError(
            msg(`${file}: không biết danh mục này là của ngày nào.`, `${file}: the date of this list is not known.`),
            msg('Cho biết ngày bằng --as-of YYYY-MM-DD (ví dụ --as-of 2025-03-01).', 'Give it with --as-of YYYY-MM-DD (e.g. --as-of 2025-03-01).'),
            file,
          );
        loadThreeLevel(w, doc, vintage, file, source);
        w.linkNeighbours(vintage);
        vintages = [vintage];
      } else {
        const effective = opts.asOf ?? dateInName(file) ?? MAPPING_2025_EFFECTIVE;
        const r = parsed.shape === 'merges-json' ? loadMerges(w, doc, effective, file, source) : loadSplits(w, doc, effective, file, source);
        vintages = [r.oldVintage, r.newVintage];
      }
    } else if (parsed.shape === 'units-csv') {
      vintages = loadUnitsCsv(w, parsed.table, file, source);
      for (const v of vintages) w.linkNeighbours(v);
    } else if (parsed.shape === 'successions-csv') {
      vintages = loadSuccessionsCsv(w, parsed.table, file);
    } else if (parsed.shape === 'dated-successions-csv') {
      vintages = loadDatedSuccessionsCsv(w, parsed.table, file);
    } else {
      for (const r of readLegalBasis(parsed.table, file)) w.applyLegalBasis(r.provinceCode, r.effective, r.resolution);
    }
    for (const r of lb) w.applyLegalBasis(r.provinceCode, r.effective, r.resolution);
    return w.counts;
  });
  const counts = run();
  return {
    file,
    shape: parsed.shape,
    vintages,
    counts,
    changed: changedAnything(counts),
    legalBasisFile: opts.legalBasis,
    ms: Math.round(performance.now() - t0),
  };
}

const SHAPE_ORDER: Record<UnitFileShape, number> = {
  'units-json': 0,
  'units-csv': 1,
  'merges-json': 2,
  'splits-json': 3,
  'successions-csv': 4,
  'dated-successions-csv': 4,
  'legal-basis-csv': 5,
};

/**
 * Loads a file, or every .csv/.json file of a directory in dependency order
 * (unit lists, then mappings and successions, then legal bases). The caller
 * wraps it in a transaction when the whole directory must load or nothing.
 */
export function importUnitsPath(db: DB, target: string, opts: ImportUnitsOptions): ImportUnitsResult[] {
  let st: fs.Stats | undefined;
  try {
    st = fs.statSync(target);
  } catch {
    st = undefined;
  }
  if (!st?.isDirectory()) return [importUnitsFile(db, target, opts)];
  const files = fs
    .readdirSync(target)
    .filter((f) => /\.(csv|json)$/i.test(f))
    .map((f) => path.join(target, f));
  if (files.length === 0) throw new InputError(msg(`Thư mục ${target} không có tệp .csv hay .json nào.`, `The folder ${target} has no .csv or .json file.`), undefined, target);
  const ranked = files.map((f) => ({ f, shape: parseFile(f).shape })).sort((a, b) => SHAPE_ORDER[a.shape] - SHAPE_ORDER[b.shape] || a.f.localeCompare(b.f));
  return ranked.map(({ f }) => importUnitsFile(db, f, opts));
}
