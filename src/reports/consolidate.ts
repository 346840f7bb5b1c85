/**
 * `report consolidate`: several offices' monthly workbooks, read back from
 * their hidden `_data` sheets, summed into one city-level workbook of the same
 * layout with one row per office and ward. Every input is verified first
 * (src/reports/verify-workbook.ts): one edited by hand or without a digest is
 * refused unless accepted. The same office and period twice is refused;
 * overlaps (the same ward in two offices' workbooks) are reported, never
 * silently merged.
 *
 * Imports exceljs (through the summary writer): load lazily.
 */
import path from 'node:path';
import { InputError, present } from '../errors.js';
import type { Lang } from '../text/i18n.js';
import { msg } from '../text/i18n.js';
import type { MonthlyExport } from './data-sheet.js';
import { writeSummaryWorkbook } from './summary/workbook.js';
import { addCounts, zero, type Counts } from './monthly-data.js';
import { sha256File } from '../readers/digest.js';
import { writeAtomically } from './output.js';
import { sameFile } from '../safety/paths.js';
import { differenceLines, verifyWorkbook, type VerifyResult } from './verify-workbook.js';

export interface Overlap {
  code: string;
  vintage: string;
  name: string;
  offices: string[];
}

export interface ConsolidateResult {
  period: string;
  offices: string[];
  overlaps: Overlap[];
  totals: Counts;
  drafts: string[];
  /** Workbooks edited by hand (or unverifiable) that --accept-edited let through. */
  edited: { file: string; status: VerifyResult['status']; cells: string[] }[];
}

/**
 * A workbook whose figures were edited after generation, or that carries no
 * digest, is refused (exit 2) naming the file, the ward and the sheet, unless
 * accepted: then its generated figures (the hidden sheet's) are used and Kiểm
 * tra says so.
 */
function editedError(v: VerifyResult): InputError {
  const name = path.basename(v.file);
  if (v.status === 'unverifiable') {
    return new InputError(
      msg(
        `${name}: không kiểm tra được báo cáo (không có mã kiểm tra; lập bằng roster cũ hơn), nên không tổng hợp.`,
        `${name}: the workbook cannot be verified (no digest; written by an older roster), so it is not consolidated.`,
      ),
      msg('Đề nghị đơn vị lập lại báo cáo, hoặc chấp nhận bằng --accept-edited.', 'Ask the office to write it again, or accept it with --accept-edited.'),
      v.file,
    );
  }
  const vi = differenceLines(v, 'vi');
  const en = differenceLines(v, 'en');
  return new InputError(
    msg(
      `${name} (${v.data.office}): số liệu đã bị sửa tay sau khi roster lập báo cáo: ${vi.join('; ')}.`,
      `${name} (${v.data.office}): figures were edited by hand after roster wrote the workbook: ${en.join('; ')}.`,
    ),
    msg(
      'Đề nghị đơn vị lập lại báo cáo bằng roster, hoặc chấp nhận bằng --accept-edited (dùng số liệu roster đã lập trong trang ẩn).',
      "Ask the office to write the workbook again with roster, or accept it with --accept-edited (roster's generated figures, from the hidden sheet, are used).",
    ),
    v.file,
  );
}

/** One workbook to consolidate: its file and the data its `_data` sheet carries. */
type Part = { file: string; data: MonthlyExport };
/** A workbook with the label its office goes by in the consolidated one. */
type OfficePart = Part & { office: string };

/**
 * The same office and period twice (the same file given twice under two
 * spellings, a copy of it, or two workbooks of one office) would count every
 * member twice: exit 2.
 */
function assertDistinctOffices(parts: Part[], period: string): void {
  for (const [i, b] of parts.entries()) {
    for (const a of parts.slice(0, i)) {
      const sameOffice = a.data.office.trim() !== '' && a.data.office.normalize('NFC').trim() === b.data.office.normalize('NFC').trim();
      if (sameFile(a.file, b.file) || sha256File(a.file) === sha256File(b.file) || sameOffice) {
        throw new InputError(
          msg(
            `${path.basename(a.file)} và ${path.basename(b.file)} là báo cáo của cùng một đơn vị (${a.data.office || '?'}) cho cùng kỳ ${period}: mọi thành viên sẽ bị đếm hai lần.`,
            `${path.basename(a.file)} and ${path.basename(b.file)} are workbooks of the same office (${a.data.office || '?'}) for the same month ${period}: every member would be counted twice.`,
          ),
          msg('Bỏ một trong hai tệp; mỗi đơn vị chỉ một báo cáo mỗi tháng.', 'Drop one of the two files; one workbook per office and month.'),
        );
      }
    }
  }
}

/** Each workbook's exported data, checked against its digest; an edited one only with acceptEdited. */
async function readParts(files: string[], opts: { lang: Lang; acceptEdited?: boolean }): Promise<{ parts: Part[]; edited: ConsolidateResult['edited'] }> {
  const parts: Part[] = [];
  const edited: ConsolidateResult['edited'] = [];
  for (const f of files) {
    const v = await verifyWorkbook(f);
    if (v.status !== 'untouched') {
      if (!opts.acceptEdited) throw editedError(v);
      edited.push({ file: f, status: v.status, cells: differenceLines(v, opts.lang) });
    }
    parts.push({ file: f, data: v.data });
  }
  return { parts, edited };
}

/** The one month all the workbooks are for, or an error naming each file's month. */
function samePeriod(parts: Part[]): string {
  const periods = [...new Set(parts.map((p) => p.data.period))];
  if (periods.length > 1) {
    throw new InputError(
      msg(
        `Các báo cáo không cùng kỳ: ${parts.map((p) => `${path.basename(p.file)} (${p.data.period})`).join(', ')}.`,
        `The workbooks are not for the same month: ${parts.map((p) => `${path.basename(p.file)} (${p.data.period})`).join(', ')}.`,
      ),
      msg('Chỉ tổng hợp các báo cáo của cùng một tháng.', 'Consolidate workbooks of one month only.'),
    );
  }
  return present(periods[0], 'the month of the workbooks');
}

/** Each workbook's office name, with its file where two share a name; workbooks without one are told apart by file. */
function officeLabels(parts: Part[]): OfficePart[] {
  const label = (p: Part) => p.data.office || path.basename(p.file);
  const seen = new Map<string, number>();
  return parts.map((p) => {
    const l = label(p);
    const n = (seen.get(l) ?? 0) + 1;
    seen.set(l, n);
    return { ...p, office: n > 1 ? `${l} (${path.basename(p.file)})` : l };
  });
}

/** The wards that stand in the workbooks of more than one office. */
function wardOverlaps(parts: OfficePart[]): Overlap[] {
  const byWard = new Map<string, Overlap>();
  parts.forEach((p) => {
    for (const w of p.data.wards) {
      if (w.kind === 'unresolved' || !w.code) continue;
      const k = `${w.vintage}|${w.code}`;
      const o = byWard.get(k) ?? { code: w.code, vintage: w.vintage, name: w.name, offices: [] };
      if (!o.offices.includes(p.office)) o.offices.push(p.office);
      byWard.set(k, o);
    }
  });
  return [...byWard.values()].filter((o) => o.offices.length > 1);
}

/** The checks the consolidated workbook lists: overlapping wards, then workbooks accepted although edited. */
function overlapAndEditChecks(overlaps: Overlap[], edited: ConsolidateResult['edited'], lang: Lang): string[] {
  const checks: string[] = [];
  for (const o of overlaps) {
    checks.push(
      lang === 'vi'
        ? `Trùng địa bàn: ${o.name} (${o.code}) có trong báo cáo của ${o.offices.join('; ')}; số liệu được cộng cả hai lần, cần xác định đơn vị báo cáo đúng.`
        : `Overlap: ${o.name} (${o.code}) is in the workbooks of ${o.offices.join('; ')}; its figures are added twice, decide which office reports it.`,
    );
  }
  for (const e of edited) {
    const name = path.basename(e.file);
    checks.push(
      e.status === 'unverifiable'
        ? lang === 'vi'
          ? `${name}: không kiểm tra được (không có mã kiểm tra), được chấp nhận với --accept-edited.`
          : `${name}: could not be verified (no digest), accepted with --accept-edited.`
        : lang === 'vi'
          ? `${name}: số liệu bị sửa tay sau khi lập (${e.cells.join('; ')}); chấp nhận với --accept-edited, dùng số liệu roster đã lập.`
          : `${name}: figures edited by hand after generation (${e.cells.join('; ')}); accepted with --accept-edited, roster's generated figures used.`,
    );
  }
  return checks;
}

/** The offices whose workbook is a draft or has open errors, each told in the checks. */
function draftOffices(parts: OfficePart[], checks: string[], lang: Lang): string[] {
  const drafts: string[] = [];
  parts.forEach((p) => {
    if (p.data.draft || p.data.counts.error > 0) {
      drafts.push(p.office);
      checks.push(
        lang === 'vi'
          ? `${p.office}: báo cáo là bản DỰ THẢO (${p.data.counts.error} lỗi chưa xử lý).`
          : `${p.office}: the workbook is a DRAFT (${p.data.counts.error} open errors).`,
      );
    }
  });
  return drafts;
}

/** The findings counted in all the workbooks together. */
function findingCounts(parts: Part[]): { error: number; warning: number; info: number } {
  const counts = { error: 0, warning: 0, info: 0 };
  for (const p of parts) {
    counts.error += p.data.counts.error;
    counts.warning += p.data.counts.warning;
    counts.info += p.data.counts.info;
  }
  return counts;
}

export async function consolidateWorkbooks(files: string[], out: string, opts: { lang: Lang; now: Date; acceptEdited?: boolean }): Promise<ConsolidateResult> {
  const { parts, edited } = await readParts(files, opts);
  const period = samePeriod(parts);
  assertDistinctOffices(parts, period);
  const labelled = officeLabels(parts);
  const offices = labelled.map((p) => p.office);
  const overlaps = wardOverlaps(labelled);
  const lang = opts.lang;
  const checks = overlapAndEditChecks(overlaps, edited, lang);
  const drafts = draftOffices(labelled, checks, lang);
  const wards = labelled.flatMap((p) => p.data.wards.map((w) => ({ ...w, office: p.office })));
  const teams = labelled.flatMap((p) => p.data.teams.map((t) => ({ ...t, office: p.office })));
  const srcFiles = labelled.flatMap((p) => p.data.files.map((f) => ({ ...f, office: p.office })));
  const counts = findingCounts(parts);
  let totals = zero();
  for (const w of wards) totals = addCounts(totals, w.counts);
  await writeAtomically(out, (tmp) =>
    writeSummaryWorkbook(tmp, {
      lang,
      period,
      periodEnd: present(parts[0], 'the first workbook').data.periodEnd,
      office: {
        name: lang === 'vi' ? `Tổng hợp từ ${parts.length} đơn vị` : `Consolidated from ${parts.length} offices`,
        jurisdiction: [...new Set(parts.flatMap((p) => p.data.jurisdiction))],
      },
      vintage: [...new Set(parts.map((p) => p.data.vintage))].join(', '),
      consolidated: { offices },
      wards,
      teams,
      files: srcFiles,
      report: { ok: counts.error === 0, period, counts, findings: [] },
      draft: drafts.length > 0,
      includePii: false,
      now: opts.now,
      checks,
    }),
  );
  return { period, offices, overlaps, totals, drafts, edited };
}
