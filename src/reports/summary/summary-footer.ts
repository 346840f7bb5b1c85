/** The foot of Tổng hợp: rosters not received, the masking note, the definitions, recipients and signatures. */
import { NOTES } from '../measures.js';
import type { StreamSheet } from '../xlsx.js';
import { CENTER, font, put, RED } from './cells.js';
import type { SummaryContext } from './context.js';
import type { SummaryColumns } from './summary-columns.js';

export function writeSummaryFooter(ws: StreamSheet, r: number, x: SummaryContext, cols: SummaryColumns): void {
  const { l, input } = x;
  const n = cols.last;
  const comp = input.completeness;
  if (comp && comp.missing.length > 0) {
    put(ws, r, 1, `${l.missingHead} (${comp.missing.length}):`, { font: font({ bold: true, color: RED }) });
    r++;
    for (const t of comp.missing) {
      ws.mergeCells(r, 2, r, n);
      put(ws, r, 2, t, { font: font({ size: 11 }) });
      r++;
    }
    r++;
  }
  if (!input.includePii) {
    put(ws, r, 1, l.maskNote, { font: font({ italic: true, size: 10 }) });
    r++;
  }
  put(ws, r, 1, `${l.notes}: ${NOTES.map((m) => m[input.lang]).join(' ')}`, { font: font({ italic: true, size: 10 }) });
  ws.mergeCells(r, 1, r, n);
  ws.getRow(r).getCell(1).alignment = { wrapText: true, vertical: 'top' };
  ws.getRow(r).height = 58;
  signatures(ws, r + 2, x, cols);
}

/** Recipients left, the preparer in the middle, the head of office right (and the signer's name below). */
function signatures(ws: StreamSheet, sig: number, x: SummaryContext, cols: SummaryColumns): void {
  const { l, input } = x;
  const n = cols.last;
  const signCol = Math.max(cols.code + 4, n - 4);
  l.recipients.forEach((t, k) => put(ws, sig + k, 1, t, { font: font({ size: 11, bold: k === 0, italic: k === 0 }) }));
  ws.mergeCells(sig, signCol, sig, n);
  ws.mergeCells(sig + 1, signCol, sig + 1, n);
  put(ws, sig, signCol, l.signTitle, { font: font({ bold: true }), align: CENTER });
  put(ws, sig + 1, signCol, l.signHint, { font: font({ italic: true, size: 11 }), align: CENTER });
  ws.mergeCells(sig, cols.code + 1, sig, cols.code + 3);
  ws.mergeCells(sig + 1, cols.code + 1, sig + 1, cols.code + 3);
  put(ws, sig, cols.code + 1, l.maker, { font: font({ bold: true }), align: CENTER });
  put(ws, sig + 1, cols.code + 1, l.makerHint, { font: font({ italic: true, size: 11 }), align: CENTER });
  if (input.signer) {
    ws.mergeCells(sig + 6, signCol, sig + 6, n);
    put(ws, sig + 6, signCol, input.signer, { font: font({ bold: true }), align: CENTER });
  }
}
