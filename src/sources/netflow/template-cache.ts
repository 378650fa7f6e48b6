// Templates by (version, exporter address, observation domain / source id, template id), data and
// options templates alike. Bounded: at most MAX_TEMPLATES entries, the oldest dropped first, so an
// exporter that announces endless template ids costs a fixed amount of memory.
import { BoundedMap } from './bounded-map.js';
import type { Template } from './template.js';

/** Enough for hundreds of exporters with dozens of templates each. */
export const MAX_TEMPLATES = 4096;

export function templateKey(version: number, exporter: string, domain: number, id: number): string {
  return `${version}|${exporter}|${domain}|${id}`;
}

export interface TemplateStore {
  /** true when an older template had to be evicted */
  evicted: boolean;
  /** true when the id was already cached with a different layout */
  changed: boolean;
}

export class TemplateCache {
  private readonly map: BoundedMap<string, Template>;

  constructor(maxEntries = MAX_TEMPLATES) {
    this.map = new BoundedMap(maxEntries);
  }

  get(version: number, exporter: string, domain: number, id: number): Template | undefined {
    return this.map.get(templateKey(version, exporter, domain, id));
  }

  /** Marks a cached template as just seen again (it becomes the newest entry). */
  touch(exporter: string, domain: number, t: Template): void {
    this.map.set(templateKey(t.version, exporter, domain, t.id), t);
  }

  set(exporter: string, domain: number, t: Template): TemplateStore {
    const key = templateKey(t.version, exporter, domain, t.id);
    const old = this.map.get(key);
    const changed = old !== undefined && (old.raw.length !== t.raw.length || old.raw.some((x, i) => x !== t.raw[i]));
    const evicted = this.map.set(key, t);
    return { evicted, changed };
  }

  /** IPFIX template withdrawal (RFC 7011 §8.1). */
  withdraw(version: number, exporter: string, domain: number, id: number): boolean {
    return this.map.delete(templateKey(version, exporter, domain, id));
  }

  /** IPFIX "withdraw all" for one kind (data or options) of one observation domain. */
  withdrawAll(version: number, exporter: string, domain: number, options: boolean): number {
    const prefix = templateKey(version, exporter, domain, 0).slice(0, -1);
    return this.map.deleteWhere((k) => k.startsWith(prefix) && this.map.get(k)?.options === options);
  }

  get size(): number {
    return this.map.size;
  }

  get evictions(): number {
    return this.map.evictions;
  }
}
