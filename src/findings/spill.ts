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

/**
 * Text written (or yielded to a writer) at a time, in UTF-16 units. Node turns
 * a string of Vietnamese text into UTF-8 some fifteen times slower once it
 * passes 64K units than below (Node 20: 1.3 s instead of 0.14 s for 50 MB):
 * pieces stay under it.
 */
export const WRITE_CHARS = 1 << 15;

/** The lines of one run, one by one from the scratch file (without their newline). */
function* readLines(fd: number, run: Run): Generator<string> {
  const buf = Buffer.allocUnsafe(READ_BYTES);
  let pos = run.start;
  let rest: Buffer | undefined;
  while (pos < run.end) {
    const n = fs.readSync(fd, buf, 0, Math.min(READ_BYTES, run.end - pos), pos);
    if (n <= 0) throw new Error('findings scratch file ended early');
    pos += n;
    const data = rest ? Buffer.concat([rest, buf.subarray(0, n)]) : buf.subarray(0, n);
    // The whole lines read, decoded at once (half the time of a decode per line); a newline byte is never inside a character.
    const end = data.lastIndexOf(10) + 1;
    const text = data.toString('utf8', 0, end);
    let from = 0;
    for (let nl = text.indexOf('\n', from); nl >= 0; nl = text.indexOf('\n', from)) {
      yield text.slice(from, nl);
      from = nl + 1;
    }
    rest = end < data.length ? Buffer.from(data.subarray(end)) : undefined;
  }
}

/**
 * A sort key kept beside each item in the scratch file, so that the merge
 * compares keys and leaves the items' JSON as it was written (an output of
 * JSON copies it; no parse, no second stringify). `compare` on keys must order
 * as the sorter's compare orders the items.
 */
export interface SortKey<T, K> {
  of(x: T): K;
  /** The key as text without a tab or a newline. */
  write(k: K): string;
  read(text: string): K;
  compare(a: K, b: K): number;
  /** A writer of items' JSON, the text of JSON.stringify, for one batch (it may keep what the items share); JSON.stringify without it. */
  json?(): (x: T) => string;
}

/** One line of a run as the merge holds it: the key it is ordered by, and the item's JSON as written. */
interface Line<K> {
  key: K;
  json: string;
}

/** A run's lines, keyed: by the written key, or (no key) by the item parsed from its JSON. */
function* readRun<K>(fd: number, run: Run, readKey: ((text: string) => K) | undefined): Generator<Line<K>> {
  for (const line of readLines(fd, run)) {
    if (readKey === undefined) {
      yield { key: JSON.parse(line) as K, json: line };
      continue;
    }
    const tab = line.indexOf('\t');
    yield { key: readKey(line.slice(0, tab)), json: line.slice(tab + 1) };
  }
}

interface Head<K> {
  item: Line<K>;
  run: number;
  rest: Iterator<Line<K>>;
}

/** A binary heap of the runs' next items: smallest first, earlier run first on ties. */
class MergeHeap<K> {
  private readonly h: Head<K>[] = [];
  constructor(private readonly compare: (a: K, b: K) => number) {}

  get size(): number {
    return this.h.length;
  }

  private less(a: Head<K>, b: Head<K>): boolean {
    const c = this.compare(a.item.key, b.item.key);
    return c < 0 || (c === 0 && a.run < b.run);
  }

  /** Adds `x`: its parents that come after it move down a level, and it takes the place left. */
  push(x: Head<K>): void {
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

  /** The first head (the heap is not empty). */
  top(): Head<K> {
    const top = this.h[0];
    if (top === undefined) throw new InternalError('a run was taken from an empty merge heap');
    return top;
  }

  /** Takes the first head: the last one sinks from the top past its children that come before it. */
  pop(): Head<K> {
    const h = this.h;
    const top = this.top();
    const last = h.pop() as Head<K>;
    if (h.length > 0) this.sink(last);
    return top;
  }

  /** The first head has moved on to its run's next item: it sinks to its place (one pass where a pop and a push take two). */
  sinkTop(): void {
    this.sink(this.top());
  }

  /** Puts `x` at the top and moves it down past its children that come before it. */
  private sink(x: Head<K>): void {
    const h = this.h;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const left = l < h.length ? h[l] : undefined;
      const right = l + 1 < h.length ? h[l + 1] : undefined;
      let m = x;
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
    h[i] = x;
  }
}

/** A bound on the memory a batch holds: each item's weight (an estimate of its bytes), and the most a batch may weigh. */
export interface SpillBudget<T> {
  weigh(x: T): number;
  bytes: number;
}

export class SpillSorter<T, K = T> {
  private buf: T[] = [];
  private readonly runs: Run[] = [];
  private file: { path: string; remove(): void } | undefined;
  private fd = -1;
  private size = 0;
  private count = 0;
  private weight = 0;

  /**
   * A batch is spilled when it holds `batch` items or, with a budget, when it
   * weighs `budget.bytes`. With a `key`, each spilled item carries its sort
   * key and the merge parses an item only when it is read as an object.
   */
  constructor(
    private readonly compare: (a: T, b: T) => number,
    private readonly batch = 32_768,
    private readonly budget?: SpillBudget<T>,
    private readonly key?: SortKey<T, K>,
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

  /** JSON.stringify of items, for one batch. */
  private writer(): (x: T) => string {
    return this.key?.json?.() ?? ((x) => JSON.stringify(x));
  }

  private spill(): void {
    if (this.buf.length === 0) return;
    if (!this.file) {
      this.file = scratchFile();
      this.fd = fs.openSync(this.file.path, 'r+');
    }
    this.buf.sort(this.compare);
    const start = this.size;
    const key = this.key;
    const json = this.writer();
    let text = '';
    for (const x of this.buf) {
      // Each item's line: its key and a tab first when the sorter has a key.
      text += key ? `${key.write(key.of(x))}\t${json(x)}\n` : `${json(x)}\n`;
      if (text.length >= WRITE_CHARS) {
        this.size += fs.writeSync(this.fd, text, this.size);
        text = '';
      }
    }
    if (text) this.size += fs.writeSync(this.fd, text, this.size);
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
    // Without a key the merge has parsed each item already (its key).
    const parsed = this.key === undefined;
    for (const line of this.merged()) yield parsed ? (line.key as unknown as T) : (JSON.parse(line.json) as T);
  }

  /** Every item's JSON (JSON.stringify of the item), in order: a spilled item's as it was written. */
  *sortedJson(): Generator<string> {
    if (this.runs.length === 0) {
      this.buf.sort(this.compare);
      const json = this.writer();
      for (const x of this.buf) yield json(x);
      return;
    }
    for (const line of this.merged()) yield line.json;
  }

  /** The runs' lines merged in order (the last batch spilled first). */
  private *merged(): Generator<Line<K>> {
    this.spill();
    const key = this.key;
    const heap = new MergeHeap<K>(key ? key.compare : (this.compare as unknown as (a: K, b: K) => number));
    this.runs.forEach((run, k) => {
      const rest = readRun<K>(this.fd, run, key?.read);
      const first = rest.next();
      if (!first.done) heap.push({ item: first.value, run: k, rest });
    });
    while (heap.size > 0) {
      const top = heap.top();
      yield top.item;
      const next = top.rest.next();
      if (next.done) heap.pop();
      else {
        // The head stays, with its run's next line.
        top.item = next.value;
        heap.sinkTop();
      }
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
