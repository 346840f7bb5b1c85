/**
 * Compound File (MS-CFB) container: just enough to take one stream out of it
 * (the workbook stream of an .xls). Every sector number is checked, every
 * chain is followed with a visited mark (a loop or a shared sector is damage,
 * never an endless walk) and a stream is only allocated once its chain is
 * known to be long enough, so a hostile container costs at most its own size
 * in memory. See README § Supply chain for why this is not the `cfb` package.
 */
import { present } from '../../errors.js';
import { damaged } from './errors.js';

const SIGNATURE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
const END_OF_CHAIN = 0xfffffffe;
const FREE = 0xffffffff;
const MINI_SECTOR = 64;
const NO_STREAM = 0xffffffff;

export function hasCompoundSignature(head: Buffer): boolean {
  return head.length >= 8 && head.subarray(0, 8).equals(SIGNATURE);
}

interface DirEntry {
  name: string;
  type: number;
  left: number;
  right: number;
  child: number;
  start: number;
  size: number;
}

class Container {
  readonly sectorSize: number;
  readonly sectors: number;
  readonly fat: Uint32Array;
  readonly dir: DirEntry[];
  /** The root storage: directory entry 0. */
  readonly root: DirEntry;
  private readonly header: Buffer;
  /** The file as plain bytes (views of it are cheaper than Buffer views). */
  private readonly bytes: Uint8Array;

  constructor(
    readonly file: string,
    readonly buf: Buffer,
  ) {
    if (buf.length < 512 || !hasCompoundSignature(buf)) throw damaged(file, 'no Compound File header');
    this.header = buf.subarray(0, 512);
    this.bytes = new Uint8Array(buf.buffer, buf.byteOffset, buf.length);
    const major = this.header.readUInt16LE(0x1a);
    const shift = this.header.readUInt16LE(0x1e);
    if (!((major === 3 && shift === 9) || (major === 4 && shift === 12))) throw damaged(file, `Compound File version ${major}, sector shift ${shift}`);
    if (this.header.readUInt16LE(0x20) !== 6) throw damaged(file, 'mini sector size');
    this.sectorSize = 1 << shift;
    this.sectors = Math.floor((buf.length - this.sectorSize) / this.sectorSize);
    this.fat = this.readFat();
    this.dir = this.readDirectory();
    const root = this.dir[0];
    if (root?.type !== 5) throw damaged(file, 'no root entry');
    this.root = root;
  }

  sector(id: number): Buffer {
    if (id >= this.sectors) throw damaged(this.file, `sector ${id} lies past the end of the file (${this.sectors} sectors)`);
    const at = (id + 1) * this.sectorSize;
    return this.buf.subarray(at, at + this.sectorSize);
  }

  /** Sector numbers of the FAT itself: 109 in the header, the rest in the DIFAT chain. */
  private fatSectorIds(): number[] {
    const count = this.header.readUInt32LE(0x2c);
    if (count > this.sectors) throw damaged(this.file, `${count} FAT sectors in a file of ${this.sectors}`);
    const ids: number[] = [];
    for (let i = 0; i < 109 && ids.length < count; i++) ids.push(this.header.readUInt32LE(0x4c + 4 * i));
    let next = this.header.readUInt32LE(0x44);
    const seen = new Set<number>();
    const perSector = this.sectorSize / 4 - 1;
    while (ids.length < count) {
      if (next === END_OF_CHAIN || next === FREE || seen.has(next)) throw damaged(this.file, 'the DIFAT chain ends early or loops');
      seen.add(next);
      const s = this.sector(next);
      for (let i = 0; i < perSector && ids.length < count; i++) ids.push(s.readUInt32LE(4 * i));
      next = s.readUInt32LE(4 * perSector);
    }
    return ids;
  }

  private readFat(): Uint32Array {
    const ids = this.fatSectorIds();
    const per = this.sectorSize / 4;
    const fat = new Uint32Array(ids.length * per);
    ids.forEach((id, k) => {
      const s = this.sector(id);
      for (let i = 0; i < per; i++) fat[k * per + i] = s.readUInt32LE(4 * i);
    });
    return fat;
  }

  /** The sectors of a chain, each visited once; a loop, a free or out-of-range link is damage. */
  chain(start: number, table: Uint32Array, limit: number, what: string): number[] {
    const out: number[] = [];
    const seen = new Uint8Array(limit);
    let id = start;
    while (id !== END_OF_CHAIN) {
      const next = id < limit ? table[id] : undefined;
      if (next === undefined) throw damaged(this.file, `${what}: sector ${id} lies past the end of the file`);
      if (seen[id]) throw damaged(this.file, `${what}: the sector chain loops`);
      seen[id] = 1;
      out.push(id);
      id = next;
    }
    return out;
  }

  private readDirectory(): DirEntry[] {
    const ids = this.chain(this.header.readUInt32LE(0x30), this.fat, this.sectors, 'directory');
    const entries: DirEntry[] = [];
    for (const id of ids) {
      const s = this.sector(id);
      for (let at = 0; at + 128 <= s.length; at += 128) {
        const e = s.subarray(at, at + 128);
        const nameLen = Math.min(64, e.readUInt16LE(0x40));
        entries.push({
          name: e.subarray(0, Math.max(0, nameLen - 2)).toString('utf16le'),
          type: e.readUInt8(0x42),
          left: e.readUInt32LE(0x44),
          right: e.readUInt32LE(0x48),
          child: e.readUInt32LE(0x4c),
          start: e.readUInt32LE(0x74),
          size: e.readUInt32LE(0x78),
        });
      }
    }
    return entries;
  }

  /** Streams directly under the root storage (a tree walk; embedded objects' own streams are not included). */
  rootStreams(): DirEntry[] {
    const out: DirEntry[] = [];
    const seen = new Set<number>();
    const stack = [this.root.child];
    while (stack.length) {
      const i = stack.pop() as number;
      const e = this.dir[i];
      if (i === NO_STREAM || e === undefined || seen.has(i)) continue;
      seen.add(i);
      if (e.type === 2) out.push(e);
      stack.push(e.left, e.right);
    }
    return out;
  }

  read(e: DirEntry, maxBytes: number, tooBig: () => Error): Buffer {
    if (e.size > maxBytes) throw tooBig();
    const cutoff = this.header.readUInt32LE(0x38);
    return e.size < cutoff ? this.readMini(e) : this.readRegular(e.start, e.size, e.name);
  }

  private readRegular(start: number, size: number, what: string): Buffer {
    if (size === 0) return Buffer.alloc(0);
    const ids = this.chain(start, this.fat, this.sectors, what);
    if (ids.length * this.sectorSize < size) throw damaged(this.file, `${what}: ${size} bytes announced, ${ids.length * this.sectorSize} stored`);
    const first = present(ids[0], `${what}: its first sector`); // size > 0 and the chain holds it
    const contiguous = ids.every((id, k) => id === first + k);
    if (contiguous && (first + 1) * this.sectorSize + size <= this.buf.length) {
      // The usual case: the stream's sectors follow each other in the file. No copy.
      return this.buf.subarray((first + 1) * this.sectorSize, (first + 1) * this.sectorSize + size);
    }
    const out = Buffer.allocUnsafe(size);
    let at = 0;
    // Runs of sectors that follow each other are copied in one go.
    for (let k = 0; at < size; ) {
      const runStart = ids[k];
      if (runStart === undefined) break;
      let run = 1;
      while (k + run < ids.length && ids[k + run] === runStart + run) run++;
      const last = runStart + run - 1;
      if (last >= this.sectors) throw damaged(this.file, `sector ${last} lies past the end of the file (${this.sectors} sectors)`);
      const from = (runStart + 1) * this.sectorSize;
      const n = Math.min(run * this.sectorSize, size - at);
      out.set(this.bytes.subarray(from, from + n), at);
      at += n;
      k += run;
    }
    return out;
  }

  private readMini(e: DirEntry): Buffer {
    const miniStream = this.readRegular(this.root.start, this.root.size, 'mini stream');
    const miniFatBytes = this.readRegular(this.header.readUInt32LE(0x3c), this.header.readUInt32LE(0x40) * this.sectorSize, 'mini FAT');
    const miniFat = new Uint32Array(miniFatBytes.length / 4);
    for (let i = 0; i < miniFat.length; i++) miniFat[i] = miniFatBytes.readUInt32LE(4 * i);
    const ids = this.chain(e.start, miniFat, Math.floor(miniStream.length / MINI_SECTOR), e.name);
    if (ids.length * MINI_SECTOR < e.size) throw damaged(this.file, `${e.name}: ${e.size} bytes announced, ${ids.length * MINI_SECTOR} stored`);
    const out = Buffer.allocUnsafe(e.size);
    let at = 0;
    for (const id of ids) {
      if (at >= e.size) break;
      const part = miniStream.subarray(id * MINI_SECTOR, id * MINI_SECTOR + Math.min(MINI_SECTOR, e.size - at));
      out.set(part, at);
      at += part.length;
    }
    return out;
  }
}

/**
 * The first of `names` (case-insensitive) found as a stream under the root,
 * or undefined when the container holds none of them.
 */
export function readRootStream(file: string, buf: Buffer, names: string[], maxBytes: number, tooBig: () => Error): { name: string; data: Buffer } | undefined {
  const c = new Container(file, buf);
  const streams = c.rootStreams();
  for (const want of names) {
    const e = streams.find((s) => s.name.toLowerCase() === want.toLowerCase());
    if (e) return { name: e.name, data: c.read(e, maxBytes, tooBig) };
  }
  return undefined;
}
