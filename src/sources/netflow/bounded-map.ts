// A Map with a fixed maximum size that drops its oldest entry when full. Everything an exporter can
// make us remember (templates, sampler rates, boot times) lives in one of these, so no exporter can
// grow memory without limit.

export class BoundedMap<K, V> {
  private readonly map = new Map<K, V>();
  evictions = 0;

  constructor(readonly maxEntries: number) {}

  get(key: K): V | undefined {
    return this.map.get(key);
  }

  has(key: K): boolean {
    return this.map.has(key);
  }

  /** Stores the value as the newest entry; returns true when an older entry had to be dropped. */
  set(key: K, value: V): boolean {
    if (this.map.has(key)) this.map.delete(key);
    this.map.set(key, value);
    if (this.map.size <= this.maxEntries) return false;
    const oldest = this.map.keys().next().value as K;
    this.map.delete(oldest);
    this.evictions++;
    return true;
  }

  delete(key: K): boolean {
    return this.map.delete(key);
  }

  /** Deletes every entry whose key satisfies the test. */
  deleteWhere(test: (key: K) => boolean): number {
    let n = 0;
    for (const k of [...this.map.keys()]) {
      if (test(k)) { this.map.delete(k); n++; }
    }
    return n;
  }

  get size(): number {
    return this.map.size;
  }
}
