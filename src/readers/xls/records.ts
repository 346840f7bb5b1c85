/**
 * BIFF records: a 2-byte type, a 2-byte length, then the data. The iterator
 * walks a workbook stream already in memory, from a given offset; a length
 * that runs past the end of the stream is damage, reported with its offset.
 */
import { damaged } from './errors.js';

export const RT = {
  FORMULA: 0x0006,
  EOF: 0x000a,
  CODEPAGE: 0x0042,
  FILEPASS: 0x002f,
  CONTINUE: 0x003c,
  BOUNDSHEET: 0x0085,
  DATEMODE: 0x0022,
  MULRK: 0x00bd,
  RSTRING: 0x00d6,
  MERGEDCELLS: 0x00e5,
  SST: 0x00fc,
  LABELSST: 0x00fd,
  NUMBER: 0x0203,
  LABEL: 0x0204,
  BOOLERR: 0x0205,
  STRING: 0x0207,
  RK: 0x027e,
  FORMAT: 0x041e,
  XF: 0x00e0,
  BOF: 0x0809,
} as const;

export interface BiffRecord {
  type: number;
  /** Offset of the record header in the stream. */
  offset: number;
  data: Buffer;
}

/** The length of the record at `at`, checked: a header or body past the end of the stream is damage. */
export function recordLength(file: string, stream: Buffer, at: number): number {
  if (at + 4 > stream.length) throw damaged(file, `record header cut off at byte ${at} of the workbook stream`);
  const len = stream.readUInt16LE(at + 2);
  const end = at + 4 + len;
  if (end > stream.length) {
    const type = stream.readUInt16LE(at);
    throw damaged(file, `record 0x${type.toString(16).padStart(4, '0')} at byte ${at} runs ${end - stream.length} bytes past the end of the workbook stream`);
  }
  return len;
}

/** Records from `start` on, to the end of the stream. */
export function* records(file: string, stream: Buffer, start = 0): Generator<BiffRecord> {
  let at = start;
  while (at < stream.length) {
    const len = recordLength(file, stream, at);
    yield { type: stream.readUInt16LE(at), offset: at, data: stream.subarray(at + 4, at + 4 + len) };
    at += 4 + len;
  }
}

/**
 * A record together with the CONTINUE records that follow it: the fragments a
 * long SST or STRING record was cut into.
 */
export function withContinues(file: string, stream: Buffer, first: BiffRecord): Buffer[] {
  const parts = [first.data];
  let at = first.offset + 4 + first.data.length;
  for (const r of records(file, stream, at)) {
    if (r.type !== RT.CONTINUE) break;
    parts.push(r.data);
    at = r.offset + 4 + r.data.length;
  }
  return parts;
}

/** The value of an RK number: a 30-bit integer or the high 30 bits of a double, possibly divided by 100. */
const scratch = new DataView(new ArrayBuffer(8));

export function rkValue(rk: number): number {
  const div100 = (rk & 1) !== 0;
  let v: number;
  if (rk & 2) v = rk >> 2;
  else {
    scratch.setUint32(0, 0, true);
    scratch.setUint32(4, (rk & 0xfffffffc) >>> 0, true);
    v = scratch.getFloat64(0, true);
  }
  return div100 ? v / 100 : v;
}
