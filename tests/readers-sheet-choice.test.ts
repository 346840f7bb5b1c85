// Which sheet the readers open when none is named: the only visible one, else
// the one the caller's chooser picks (the importer ranks by roster headers);
// without a chooser, several visible sheets are an InputError.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { InputError } from '../src/errors.js';
import { openTable, type SheetCandidate } from '../src/readers/index.js';
import { chooseRosterSheet } from '../src/importer/roster-sheet.js';

const ROSTERS = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'rosters');
const twoSheets = path.join(ROSTERS, 'two-sheets-and-hidden-sheet.xlsx');
const oneSheet = path.join(ROSTERS, 'ids-phones-as-numbers-dates-mixed.xlsx');
const en = (notes: { en: string }[] | unknown[]) => notes.map((n) => (typeof n === 'string' ? n : (n as { en: string }).en));

describe('sheet choice in the readers', () => {
  test('several visible sheets and no chooser: an InputError that lists them and asks for --sheet', async () => {
    const err = await openTable(twoSheets).catch((e) => e);
    expect(err).toBeInstanceOf(InputError);
    expect(err.message).toMatch(/several sheets: "Hướng dẫn", "DS thành viên"/);
    expect(err.hint.en).toMatch(/--sheet/);
  });

  test('the chooser sees the visible sheets only; its pick is opened and its note comes before the hidden-sheets note', async () => {
    let seen: string[] = [];
    const t = await openTable(twoSheets, {}, async (candidates: SheetCandidate[]) => {
      seen = candidates.map((c) => c.name);
      return { chosen: 0, note: 'picked the first' };
    });
    expect(seen).toEqual(['Hướng dẫn', 'DS thành viên']);
    expect(t.sheet).toBe('Hướng dẫn');
    expect(en(t.notes).slice(0, 2)).toEqual(['picked the first', 'hidden sheets skipped: "Danh sách cũ"']);
  });

  test('the roster chooser ranks by the roster headers read from each candidate', async () => {
    const t = await openTable(twoSheets, {}, chooseRosterSheet);
    expect(t.sheet).toBe('DS thành viên');
    expect(en(t.notes)[0]).toMatch(/^sheet "DS thành viên" chosen: it has the most roster column headers \(\d+\); other sheets: "Hướng dẫn"/);
  });

  test('a single visible sheet is opened without asking the chooser; a named sheet likewise', async () => {
    const never = async (): Promise<never> => {
      throw new Error('chooser asked');
    };
    const t = await openTable(oneSheet, {}, never);
    expect(t.sheet).toBeTruthy();
    const named = await openTable(twoSheets, { sheet: 'Hướng dẫn' }, never);
    expect(named.sheet).toBe('Hướng dẫn');
  });
});
