// In-memory copies of the record tables the pages filter and count (breaches, incidents, devices):
// the store's RecordStore pages by time and kind only, so filters on the payload and totals are
// computed here. Breaches and devices grow at the newest end (a breach's time is when it happened,
// a device's is when it was last seen): after a few seconds only the records of the last hour are
// read again and merged, and the whole table is read again every few minutes (retention, late
// records). Incidents are few and change in place (their end moves): read whole when older than a
// few seconds. Concurrent requests share one read.
import type { Breach } from '../../schema/breach.js';
import type { Incident } from '../../schema/incident.js';
import type { EntityRecord, JsonRecord, PageQuery, Store } from '../../store/index.js';

/** how long a copy is served before the newest records are read again */
const FRESH_MS = 5_000;
/** how long before the whole table is read again */
const FULL_MS = 10 * 60_000;
/** records this much older than the newest one are read again by an incremental refresh */
const OVERLAP_S = 3600;
/** one read per call: the store lists in pages */
const PAGE = 50_000;

export interface DeviceStats {
  breaches: number;
  max_score: number;
}

type Lister<R> = (q: PageQuery & { since?: number }) => Promise<R[]>;

/** A table kept in time order, refreshed from its newest end. */
class Growing<R extends JsonRecord> {
  private rows: R[] = [];
  private fullAt = -Infinity;
  private freshAt = -Infinity;
  private pending: Promise<R[]> | undefined;
  /** bumped on every change, so derived values know when to recompute */
  version = 0;

  constructor(
    private readonly list: Lister<R>,
    private readonly now: () => number,
  ) {}

  get(): Promise<R[]> {
    const now = this.now();
    if (now - this.freshAt < FRESH_MS) return Promise.resolve(this.rows);
    this.pending ??= this.refresh(now).finally(() => (this.pending = undefined));
    return this.pending;
  }

  /** The next read goes to the store (a record was just written). */
  stale(): void {
    this.freshAt = -Infinity;
  }

  /** The next read is a whole one (records were written anywhere in time: a bulk load). */
  reset(): void {
    this.fullAt = this.freshAt = -Infinity;
  }

  private async refresh(now: number): Promise<R[]> {
    // nothing yet (a database that a live pipeline starts filling): every read is a whole one
    if (now - this.fullAt >= FULL_MS || !this.rows.length) {
      this.rows = await readAll(this.list);
      this.fullAt = this.freshAt = now;
      this.version++;
      return this.rows;
    }
    const newest = this.rows.at(-1)?.time ?? -Infinity;
    const recent = await readAll((q) => this.list({ ...q, since: newest - OVERLAP_S }));
    this.freshAt = now;
    if (!recent.length) return this.rows;
    const fresh = new Map(recent.map((r) => [r.id, r]));
    // records read again replace their old copies (a device seen again moves to the end)
    this.rows = [...this.rows.filter((r) => !fresh.has(r.id)), ...recent].sort((a, b) => a.time - b.time || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    this.version++;
    return this.rows;
  }
}

export class Snapshots {
  private readonly breachRows: Growing<JsonRecord>;
  private readonly deviceRows: Growing<EntityRecord>;
  private readonly endpointRows: Growing<EntityRecord>;
  private incidentCopy: { at: number; value: Promise<Incident[]> } | undefined;
  private breachView: { version: number; value: Breach[] } | undefined;
  private stats: { version: number; value: Map<string, DeviceStats> } | undefined;

  constructor(
    private readonly store: Store,
    private readonly now: () => number = () => Date.now(),
  ) {
    this.breachRows = new Growing((q) => store.breaches.list(q), now);
    this.deviceRows = new Growing((q) => store.entities.list({ ...q, kind: 'device' }), now);
    this.endpointRows = new Growing((q) => store.entities.list({ ...q, kind: 'endpoint' }), now);
  }

  /** Every stored breach, oldest first (payload with `id` = the stored id). */
  async breaches(): Promise<Breach[]> {
    const rows = await this.breachRows.get();
    if (this.breachView?.version !== this.breachRows.version) this.breachView = { version: this.breachRows.version, value: rows.map((r) => ({ ...(r.payload as Breach), id: r.id })) };
    return this.breachView.value;
  }

  incidents(): Promise<Incident[]> {
    const now = this.now();
    if (this.incidentCopy && now - this.incidentCopy.at < FRESH_MS) return this.incidentCopy.value;
    const value = readAll((q) => this.store.incidents.list(q)).then((rows) => rows.map((r) => ({ ...(r.payload as Incident), id: r.id })));
    this.incidentCopy = { at: now, value };
    value.catch(() => (this.incidentCopy = undefined));
    return value;
  }

  devices(): Promise<EntityRecord[]> {
    return this.deviceRows.get();
  }

  endpoints(): Promise<EntityRecord[]> {
    return this.endpointRows.get();
  }

  /** Breach count and highest score per device id. */
  async deviceStats(): Promise<Map<string, DeviceStats>> {
    const breaches = await this.breaches();
    if (this.stats?.version === this.breachRows.version) return this.stats.value;
    const m = new Map<string, DeviceStats>();
    for (const b of breaches) {
      const s = m.get(b.device.id);
      if (s) {
        s.breaches++;
        if (b.score > s.max_score) s.max_score = b.score;
      } else m.set(b.device.id, { breaches: 1, max_score: b.score });
    }
    this.stats = { version: this.breachRows.version, value: m };
    return m;
  }

  /** A new record was stored: the next read of its kind goes to the store; `all`: read everything again (after a bulk load). */
  invalidate(kind: 'breach' | 'incident' | 'device' | 'all'): void {
    if (kind === 'all') {
      this.breachRows.reset();
      this.deviceRows.reset();
      this.endpointRows.reset();
    }
    if (kind === 'breach' || kind === 'all') this.breachRows.stale();
    if (kind === 'incident' || kind === 'all') this.incidentCopy = undefined;
    if (kind === 'device' || kind === 'all') {
      this.deviceRows.stale();
      this.endpointRows.stale();
    }
  }

  /** Reads the lists a first page needs, so that it does not wait for them (server start). */
  warm(): void {
    void Promise.all([this.deviceStats(), this.incidents(), this.devices()]).catch(() => undefined);
  }
}

async function readAll<R>(list: (q: { limit: number; offset: number }) => Promise<R[]>): Promise<R[]> {
  const out: R[] = [];
  for (let offset = 0; ; offset += PAGE) {
    const page = await list({ limit: PAGE, offset });
    for (const r of page) out.push(r);
    if (page.length < PAGE) return out;
  }
}
