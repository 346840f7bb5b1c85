/**
 * A Map that reads an entry the first time it is asked for (and remembers a
 * miss), and reads everything only when it is iterated or counted. The unit
 * reference is read this way: a command touches a few dozen units of the
 * national lists, not all fourteen thousand.
 *
 * Consumers only read it (`get`, `has`, iteration); `put` is for the reader
 * that fills it.
 */
export class LazyMap<K, V> extends Map<K, V> {
  #complete = false;
  #misses = new Set<K>();
  #readOne: (key: K) => V | undefined;
  #readAll: () => Iterable<[K, V]>;

  /**
   * `readOne` reads one entry (undefined: none); `readAll` every entry in
   * the order iteration must follow.
   */
  constructor(readOne: (key: K) => V | undefined, readAll: () => Iterable<[K, V]>) {
    super();
    this.#readOne = readOne;
    this.#readAll = readAll;
  }

  override get(key: K): V | undefined {
    if (super.has(key)) return super.get(key);
    if (this.#complete || this.#misses.has(key)) return undefined;
    const v = this.#readOne(key);
    if (v === undefined) this.#misses.add(key);
    else super.set(key, v);
    return v;
  }

  override has(key: K): boolean {
    return this.get(key) !== undefined;
  }

  /** The entry already read, without reading. */
  peek(key: K): V | undefined {
    return super.get(key);
  }

  /** Records an entry read along with another. */
  put(key: K, value: V): V {
    super.set(key, value);
    return value;
  }

  /** Whether every entry has been read. */
  get complete(): boolean {
    return this.#complete;
  }

  /** Reads every entry once, in the reader's order. */
  readAll(): this {
    if (this.#complete) return this;
    const all = [...this.#readAll()];
    super.clear();
    for (const [k, v] of all) super.set(k, v);
    this.#complete = true;
    this.#misses.clear();
    return this;
  }

  override get size(): number {
    this.readAll();
    return super.size;
  }

  override keys(): MapIterator<K> {
    this.readAll();
    return super.keys();
  }

  override values(): MapIterator<V> {
    this.readAll();
    return super.values();
  }

  override entries(): MapIterator<[K, V]> {
    this.readAll();
    return super.entries();
  }

  override [Symbol.iterator](): MapIterator<[K, V]> {
    return this.entries();
  }

  override forEach(fn: (value: V, key: K, map: Map<K, V>) => void, thisArg?: unknown): void {
    this.readAll();
    super.forEach(fn, thisArg);
  }
}
