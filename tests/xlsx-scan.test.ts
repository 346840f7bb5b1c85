/**
 * The worksheet scanner (src/readers/xlsx/scan.ts) against saxes, on
 * generated awkward sheets: rich-text and phonetic runs, entities and
 * character references, CDATA, comments, namespace prefixes, self-closing
 * cells and rows, missing or nonsense references, line ends, characters XML
 * forbids, damage. Text is cut into pieces anywhere (inside a tag, an entity,
 * a UTF-8 character). Either the scanner gives exactly saxes' events, or it
 * says it is unsure (and saxes reads the part); through the whole reader,
 * the rows (or the refusal) are the same as with saxes alone.
 */
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { SaxesParser } from 'saxes';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { INFLATE_WHOLE } from '../src/readers/xlsx/container.js';
import { SCAN, Unsure, XmlScanner, type XmlEvents } from '../src/readers/xlsx/scan.js';
import { openTable } from '../src/readers/index.js';
import type { SourceRow } from '../src/readers/types.js';
import { tempDir } from './helpers/cli.js';

const NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';

/** Characters that trouble XML readers: multi-byte UTF-8, astral, combining marks, markup, white space, line ends. */
const CHARS = ['a', 'Z', '7', '.', ' ', 'Đ', 'ệ', 'ữ', 'ư', '\u0301', '😀', '\u00a0', '\t', '\n', '\r', '<', '&', '>', ']', '"', "'", '-'];
/** Characters XML forbids, raw: damage saxes refuses. */
const FORBIDDEN = ['\u0001', '\u001f', '\ufffe'];

const rawText = (clean: boolean) => fc.array(fc.constantFrom(...CHARS, ...(clean ? [] : FORBIDDEN)), { maxLength: 10 }).map((cs) => cs.join(''));

/** A character as XML text: itself, or a reference of any form (markup always escaped). */
const escapedChar = (c: string) =>
  fc.constantFrom(
    c === '<' ? '&lt;' : c === '&' ? '&amp;' : c,
    `&#${c.codePointAt(0)};`,
    `&#x${(c.codePointAt(0) ?? 0).toString(16).toUpperCase()};`,
    `&#x${(c.codePointAt(0) ?? 0).toString(16)};`,
    c === '>' ? '&gt;' : c === '"' ? '&quot;' : c === "'" ? '&apos;' : c === '<' ? '&#60;' : c === '&' ? '&#38;' : c,
  );

const text = (clean: boolean) =>
  fc
    .array(
      fc.constantFrom(...CHARS, ...(clean ? [] : FORBIDDEN)).chain((c) => (c === '\r' || FORBIDDEN.includes(c) ? fc.constant(c) : escapedChar(c))),
      { maxLength: 10 },
    )
    .map((cs) => cs.join(''))
    .filter((t) => !clean || !/]]>/.test(t));

const ws = fc.constantFrom('', '', '', '\n', '\r\n', '\n  ', ' ');
const ref = fc.oneof(
  fc.constant(''),
  fc.tuple(fc.constantFrom('A', 'B', 'C', 'AA', 'XFD'), fc.integer({ min: 1, max: 30 })).map(([c, r]) => ` r="${c}${r}"`),
  fc.constantFrom(' r="a1"', " r='C2'", ' r = "B3"'),
);
const type = fc.constantFrom('', ' t="s"', ' t="n"', ' t="str"', ' t="b"', ' t="e"', ' t="d"', ' t="inlineStr"');
const style = fc.constantFrom('', '', ' s="0"', ' s="1"', ' s="2"', ' s="x"');

/** One cell, in the forms spreadsheet programs (and hand-made files) write. */
const cell = (clean: boolean) =>
  fc.oneof(
    fc.tuple(ref, type, style, text(clean), ws).map(([r, t, s, v, w]) => `<c${r}${s}${t}>${w}<v>${v}</v>${w}</c>`),
    fc
      .tuple(ref, style, fc.oneof(fc.integer({ min: -5, max: 60000 }).map(String), fc.double({ noNaN: true }).map(String), fc.constantFrom('1e3', ' 42 ', '0x1F', '')), ws)
      .map(([r, s, v, w]) => `<c${r}${s}>${w}<v>${v}</v></c>`),
    fc.tuple(ref, fc.integer({ min: 0, max: 5 }), ws).map(([r, i, w]) => `<c${r} t="s">${w}<v>${i}</v></c>`),
    fc.tuple(ref, text(clean)).map(([r, v]) => `<c${r} t="inlineStr"><is><t>${v}</t></is></c>`),
    fc
      .tuple(ref, text(clean), text(clean), text(clean), ws)
      .map(
        ([r, a, b, p, w]) =>
          `<c${r} t="inlineStr"><is>${w}<r><rPr><b/><sz val="11"/></rPr><t xml:space="preserve">${a}</t></r>${w}<r><t>${b}</t></r><rPh sb="0" eb="1"><t>${p}</t></rPh><phoneticPr fontId="1" type="noConversion"/></is></c>`,
      ),
    fc.tuple(ref, style).map(([r, s]) => `<c${r}${s}/>`),
    fc.tuple(ref, style).map(([r, s]) => `<c${r}${s} />`),
    ref.map((r) => `<c${r}><f>SUM(A1:A2)</f><v>3</v></c>`),
    fc.tuple(ref, text(clean)).map(([r, v]) => `<x:c${r} t="str"><x:v>${v}</x:v></x:c>`),
    ...(clean
      ? []
      : [
          // CDATA and comments: saxes' to read.
          fc.tuple(ref, rawText(true)).map(([r, v]) => `<c${r} t="str"><v><![CDATA[${v.replace(/]]>/g, '')}]]></v></c>`),
          ref.map((r) => `<c${r}><v>1<!-- a comment -->2</v></c>`),
          fc.constantFrom(
            '<c r="A1"><v>&nbsp;</v></c>',
            '<c r="A1" t="str"><v>&constructor;&#x0000041;&#00000065;&#65</v></c>',
            '<c r="A1" t="str"><v>&#x110000;&#xD800;&#;&#x;&amp</v></c>',
            '<c r="A1" toString="1"><v>1</v></c>',
            '<c r="A1" r="B1"><v>1</v></c>',
            '<c r=A1><v>1</v></c>',
            '<c r="A1"><v>1</c></v>',
            '<c r="ZZZZZZ1"><v>1</v></c>',
            '<c r="A1"><v>&#0;</v></c>',
            '<c r="A1"><v>&#X41;</v></c>',
            '<c r="A1"><v>a]]>b</v></c>',
            '<c r="A1" t="s"><v>99</v></c>',
            '<c r="A1"><?pi x?><v>1</v></c>',
            '<c r="A1\u0001"><v>1</v></c>',
            '<c\tr="A1"\n t="str"><v>tab</v></c>',
          ),
        ]),
  );

const row = (clean: boolean) =>
  fc.oneof(
    {
      weight: 6,
      arbitrary: fc
        .tuple(
          fc.constantFrom('', ' r="1"', ' r="2"', ' r="7"', ' r="abc"', ' r="-3"', ' r="1.5"'),
          fc.constantFrom('', ' spans="1:3" x14ac:dyDescent="0.25"', ' ht="15.75" customHeight="1"'),
          fc.array(cell(clean), { maxLength: 5 }),
          ws,
        )
        .map(([r, extra, cells, w]) => `<row${r}${extra}>${w}${cells.join(w)}${w}</row>`),
    },
    { weight: 1, arbitrary: fc.constantFrom('<row r="4"/>', '<row/>', '<x:row r="3"><x:c r="A3" t="str"><x:v>p</x:v></x:c></x:row>') },
  );

const declaration = fc.constantFrom(
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n',
  '<?xml version="1.0"?>',
  "<?xml version='1.0' encoding='utf-8'?>",
  '',
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n',
);

/** A worksheet part; `clean` sheets hold nothing the scanner should be unsure of. */
const sheetXml = (clean: boolean) =>
  fc
    .tuple(
      clean ? declaration : fc.oneof(declaration, fc.constantFrom(' <?xml version="1.0"?>', '<?xml version="1.1"?>', '<!DOCTYPE worksheet>')),
      fc.array(row(clean), { maxLength: 8 }),
      ws,
      clean ? fc.constantFrom('', '\n') : fc.constantFrom('', '\n', '<!-- after -->', 'junk', '<extra/>'),
    )
    .map(
      ([d, rows, w, after]) =>
        `${d}<worksheet ${NS} xmlns:x14ac="http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac" xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">${w}<dimension ref="A1:C9"/><sheetData>${w}${rows.join(w)}${w}</sheetData><mergeCells count="1"><mergeCell ref="A1:B1"/></mergeCells><dataValidations count="1"><dataValidation sqref="B2" error="H&#7885; &amp; t&#234;n" prompt='a "b"'/></dataValidations></worksheet>${after}`,
    );

/** The sheet's cuts: where the text is split into pieces. */
const cuts = fc.array(fc.nat(), { maxLength: 12 });

function pieces(s: string, at: number[]): string[] {
  const points = [...new Set(at.map((n) => n % (s.length + 1)))].sort((a, b) => a - b);
  const out: string[] = [];
  let from = 0;
  for (const p of points) {
    out.push(s.slice(from, p));
    from = p;
  }
  out.push(s.slice(from));
  return out;
}

type Event = ['open', string, Record<string, string>] | ['text', string] | ['close', string];

/** saxes' events for the pieces (texts joined, as the listeners see them), or its first error. */
function saxesEvents(parts: string[]): Event[] | 'error' {
  const events: Event[] = [];
  const p = new SaxesParser({ position: false });
  let failed = false;
  p.on('error', () => {
    failed = true;
  });
  p.on('opentag', (n) => events.push(['open', n.name, { ...(n.attributes as Record<string, string>) }]));
  p.on('text', (t) => events.push(['text', t]));
  p.on('closetag', (n) => events.push(['close', n.name]));
  try {
    for (const part of parts) p.write(part);
    p.close();
  } catch {
    failed = true;
  }
  return failed ? 'error' : joinTexts(events);
}

/** The scanner's events, or 'unsure'. */
function scannerEvents(parts: string[]): Event[] | 'unsure' {
  const events: Event[] = [];
  const to: XmlEvents = {
    open: (name, attributes) => events.push(['open', name, { ...attributes }]),
    text: (t) => events.push(['text', t]),
    close: (name) => events.push(['close', name]),
  };
  const scanner = new XmlScanner(to);
  try {
    for (const part of parts) scanner.write(part);
    scanner.close();
  } catch (err) {
    if (err instanceof Unsure) return 'unsure';
    throw err;
  }
  return joinTexts(events);
}

/** Adjacent texts joined, empty ones dropped (saxes may give a text in several pieces). */
function joinTexts(events: Event[]): Event[] {
  const out: Event[] = [];
  for (const e of events) {
    const last = out[out.length - 1];
    if (e[0] === 'text' && last?.[0] === 'text') last[1] += e[1];
    else out.push(e[0] === 'text' ? ['text', e[1]] : e);
  }
  return out.filter((e) => !(e[0] === 'text' && e[1] === ''));
}

describe('XmlScanner against saxes', () => {
  it('gives saxes’ events for the XML spreadsheet programs write, however the text is cut', () => {
    fc.assert(
      fc.property(sheetXml(true), cuts, (xml, at) => {
        const scanned = scannerEvents(pieces(xml, at));
        expect(scanned).not.toBe('unsure');
        expect(scanned).toEqual(saxesEvents([xml]));
      }),
      { numRuns: 400 },
    );
  });

  it('is unsure, never wrong, of anything else', () => {
    let unsure = 0;
    fc.assert(
      fc.property(sheetXml(false), cuts, (xml, at) => {
        const scanned = scannerEvents(pieces(xml, at));
        if (scanned === 'unsure') unsure++;
        else expect(scanned).toEqual(saxesEvents([xml]));
      }),
      { numRuns: 600 },
    );
    expect(unsure).toBeGreaterThan(0);
  });
});

/** A shared-strings table: plain, rich-text and phonetic runs, empty strings. */
const sharedStrings = (clean: boolean) =>
  fc
    .tuple(
      fc.array(
        fc.oneof(
          text(clean).map((t) => `<si><t>${t}</t></si>`),
          text(clean).map((t) => `<si><t xml:space="preserve">${t}</t></si>`),
          fc
            .tuple(text(clean), text(clean), text(clean), ws)
            .map(([a, b, p, w]) => `<si>${w}<r><t>${a}</t></r><r><rPr><i/></rPr><t>${b}</t></r>${w}<rPh sb="0" eb="1"><t>${p}</t></rPh></si>`),
          fc.constant('<si><t/></si>'),
        ),
        { maxLength: 6 },
      ),
      ws,
    )
    .map(
      ([items, w]) =>
        `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="${items.length}">${w}${items.join(w)}${w}</sst>`,
    );

/** A workbook with the sheet, a shared-strings table and a date style. */
async function workbook(file: string, sheet: string, sst: string): Promise<void> {
  const JSZip = (await import('jszip')).default;
  const zip = new JSZip();
  zip.file(
    '[Content_Types].xml',
    '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>',
  );
  zip.file('xl/workbook.xml', `<?xml version="1.0"?><workbook ${NS}><sheets><sheet name="DS" sheetId="1" r:id="rId1"/></sheets></workbook>`);
  zip.file(
    'xl/_rels/workbook.xml.rels',
    '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
  );
  zip.file(
    'xl/styles.xml',
    `<?xml version="1.0"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="1"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/></numFmts><cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/></cellXfs></styleSheet>`,
  );
  zip.file('xl/sharedStrings.xml', sst);
  zip.file('xl/worksheets/sheet1.xml', sheet);
  fs.writeFileSync(file, await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
}

async function reading(file: string): Promise<SourceRow[] | { refused: string }> {
  try {
    const t = await openTable(file);
    const rows: SourceRow[] = [];
    for await (const r of t.rows) rows.push(r);
    return rows;
  } catch (err) {
    return { refused: (err as Error).message };
  }
}

describe('workbooks scanned, against saxes', () => {
  const dir = tempDir('roster-xlsx-scan-');
  const saved = { ...INFLATE_WHOLE };
  let n = 0;
  afterEach(() => {
    Object.assign(INFLATE_WHOLE, saved);
    SCAN.on = true;
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('the same rows (shared strings too) or the same refusal, in pieces cut anywhere, from memory or streamed', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.boolean().chain((clean) => fc.tuple(sheetXml(clean), sharedStrings(clean))),
        fc.oneof(fc.integer({ min: 1, max: 40 }), fc.constant(16 * 1024)),
        fc.boolean(),
        async ([xml, sst], piece, streamed) => {
          const file = path.join(dir, `s${n++}.xlsx`);
          await workbook(file, xml, sst);
          INFLATE_WHOLE.entryBytes = -1;
          SCAN.on = false;
          const bySaxes = await reading(file);
          SCAN.on = true;
          INFLATE_WHOLE.entryBytes = streamed ? -1 : saved.entryBytes;
          INFLATE_WHOLE.pieceBytes = piece;
          expect(await reading(file)).toEqual(bySaxes);
          fs.rmSync(file);
        },
      ),
      { numRuns: 150 },
    );
  });
});
