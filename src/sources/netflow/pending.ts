// Data sets that arrived before their template (normal right after an exporter or collector
// restart: templates are re-sent only every few minutes). A few are kept, bounded in count and
// bytes, and decoded as soon as their template arrives; the oldest are dropped first.
import type { ExportContext } from './flow.js';

export const MAX_PENDING_SETS = 64;
export const MAX_PENDING_BYTES = 1 << 20;

export interface PendingSet {
  key: string;
  ctx: ExportContext;
  templateId: number;
  bytes: Uint8Array;
}

export class PendingSets {
  private items: PendingSet[] = [];
  private bytes = 0;

  constructor(
    readonly maxSets = MAX_PENDING_SETS,
    readonly maxBytes = MAX_PENDING_BYTES,
  ) {}

  /** Keeps a copy of the set's records; returns how many older sets were dropped to make room. */
  add(key: string, ctx: ExportContext, templateId: number, records: Uint8Array): number {
    if (records.length > this.maxBytes) return 1;
    let dropped = 0;
    while (this.items.length >= this.maxSets || this.bytes + records.length > this.maxBytes) {
      const old = this.items.shift()!;
      this.bytes -= old.bytes.length;
      dropped++;
    }
    this.items.push({ key, ctx, templateId, bytes: records.slice() });
    this.bytes += records.length;
    return dropped;
  }

  /** Removes and returns the sets waiting for this template key, oldest first. */
  take(key: string): PendingSet[] {
    if (!this.items.some((p) => p.key === key)) return [];
    const out: PendingSet[] = [];
    const keep: PendingSet[] = [];
    for (const p of this.items) (p.key === key ? out : keep).push(p);
    this.items = keep;
    for (const p of out) this.bytes -= p.bytes.length;
    return out;
  }

  get size(): number {
    return this.items.length;
  }
}
