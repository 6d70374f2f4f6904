/**
 * Results a process has computed already, by key, at most `limit` of them (the oldest forgotten first):
 * for pure functions a process calls again and again with the same few inputs (a watch, the tests'
 * in-process runs), whose inputs an unbounded map would keep forever.
 */
export class BoundedCache<K, V> {
  private readonly entries = new Map<K, V>();

  constructor(private readonly limit: number) {}

  /** The value remembered for `key`, or `compute()`'s, remembered. */
  get(key: K, compute: () => V): V {
    if (this.entries.has(key)) return this.entries.get(key) as V;
    const value = compute();
    if (this.entries.size >= this.limit) this.entries.delete(this.entries.keys().next().value as K);
    this.entries.set(key, value);
    return value;
  }
}
