/**
 * An external merge sort: items are kept in memory in batches (so many items,
 * or so many bytes by the caller's estimate); a full batch is
 * sorted and written to a scratch file as one run of JSON lines; `sorted()`
 * merges the runs (or sorts the one batch in memory when nothing spilled).
 * Memory is one batch plus a read buffer per run, whatever the number of items.
 * Stable: equal items come out in the order they went in. `sorted()` can be
 * read more than once until `dispose()`, which deletes the scratch file (exit
 * and signals delete it too: src/safety/atomic.ts).
 */
import fs from 'node:fs';
import { InternalError } from '../errors.js';
import { scratchFile } from '../safety/atomic.js';

interface Run {
  start: number;
  end: number;
}

const READ_BYTES = 1 << 16;

/** Lines of one run, parsed one by one from the scratch file. */
function* readRun<T>(fd: number, run: Run): Generator<T> {
  const buf = Buffer.allocUnsafe(READ_BYTES);
  let pos = run.start;
  let rest: Buffer | undefined;
  while (pos < run.end) {
    const n = fs.readSync(fd, buf, 0, Math.min(READ_BYTES, run.end - pos), pos);
    if (n <= 0) throw new Error('findings scratch file ended early');
    pos += n;
    const data = rest ? Buffer.concat([rest, buf.subarray(0, n)]) : buf.subarray(0, n);
    let from = 0;
    for (let nl = data.indexOf(10, from); nl >= 0; nl = data.indexOf(10, from)) {
      yield JSON.parse(data.toString('utf8', from, nl)) as T;
      from = nl + 1;
    }
    rest = from < data.length ? Buffer.from(data.subarray(from)) : undefined;
  }
}

interface Head<T> {
  item: T;
  run: number;
  rest: Iterator<T>;
}

/** A binary heap of the runs' next items: smallest first, earlier run first on ties. */
class MergeHeap<T> {
  private readonly h: Head<T>[] = [];
  constructor(private readonly compare: (a: T, b: T) => number) {}

  get size(): number {
    return this.h.length;
  }

  private less(a: Head<T>, b: Head<T>): boolean {
    const c = this.compare(a.item, b.item);
    return c < 0 || (c === 0 && a.run < b.run);
  }

  /** Adds `x`: its parents that come after it move down a level, and it takes the place left. */
  push(x: Head<T>): void {
    const h = this.h;
    let i = h.length;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const parent = h[p];
      if (parent === undefined || !this.less(x, parent)) break;
      h[i] = parent;
      i = p;
    }
    h[i] = x;
  }

  /** Takes the first head: the last one sinks from the top past its children that come before it. */
  pop(): Head<T> {
    const h = this.h;
    const top = h[0];
    const last = h.pop();
    if (top === undefined || last === undefined) throw new InternalError('a run was taken from an empty merge heap');
    if (h.length === 0) return top;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const left = l < h.length ? h[l] : undefined;
      const right = l + 1 < h.length ? h[l + 1] : undefined;
      let m = last;
      let mi = i;
      if (left !== undefined && this.less(left, m)) {
        m = left;
        mi = l;
      }
      if (right !== undefined && this.less(right, m)) {
        m = right;
        mi = l + 1;
      }
      if (mi === i) break;
      h[i] = m;
      i = mi;
    }
    h[i] = last;
    return top;
  }
}

/** A bound on the memory a batch holds: each item's weight (an estimate of its bytes), and the most a batch may weigh. */
export interface SpillBudget<T> {
  weigh(x: T): number;
  bytes: number;
}

export class SpillSorter<T> {
  private buf: T[] = [];
  private readonly runs: Run[] = [];
  private file: { path: string; remove(): void } | undefined;
  private fd = -1;
  private size = 0;
  private count = 0;
  private weight = 0;

  /** A batch is spilled when it holds `batch` items or, with a budget, when it weighs `budget.bytes`. */
  constructor(
    private readonly compare: (a: T, b: T) => number,
    private readonly batch = 32_768,
    private readonly budget?: SpillBudget<T>,
  ) {}

  /** Items added so far. */
  get length(): number {
    return this.count;
  }

  add(x: T): void {
    this.buf.push(x);
    this.count++;
    if (this.budget) this.weight += this.budget.weigh(x);
    if (this.buf.length >= this.batch || (this.budget && this.weight >= this.budget.bytes)) this.spill();
  }

  private spill(): void {
    if (this.buf.length === 0) return;
    if (!this.file) {
      this.file = scratchFile();
      this.fd = fs.openSync(this.file.path, 'r+');
    }
    this.buf.sort(this.compare);
    const start = this.size;
    for (let i = 0; i < this.buf.length; i += 1024) {
      let text = '';
      for (let j = i; j < Math.min(this.buf.length, i + 1024); j++) text += `${JSON.stringify(this.buf[j])}\n`;
      this.size += fs.writeSync(this.fd, text, this.size);
    }
    this.runs.push({ start, end: this.size });
    this.buf = [];
    this.weight = 0;
  }

  /** Every item, in order. */
  *sorted(): Generator<T> {
    if (this.runs.length === 0) {
      this.buf.sort(this.compare);
      yield* this.buf;
      return;
    }
    this.spill();
    const heap = new MergeHeap<T>(this.compare);
    this.runs.forEach((run, k) => {
      const rest = readRun<T>(this.fd, run);
      const first = rest.next();
      if (!first.done) heap.push({ item: first.value, run: k, rest });
    });
    while (heap.size > 0) {
      const top = heap.pop();
      yield top.item;
      const next = top.rest.next();
      if (!next.done) heap.push({ item: next.value, run: top.run, rest: top.rest });
    }
  }

  /** Deletes the scratch file. */
  dispose(): void {
    if (this.fd >= 0) fs.closeSync(this.fd);
    this.fd = -1;
    this.file?.remove();
    this.file = undefined;
    this.buf = [];
  }
}
