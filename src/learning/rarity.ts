// Org-wide rarity of one kind of thing (external hostnames, external IPs, JA3, JA4, user agents):
// for each value, when the org first and last saw it and which devices reached it over the trailing
// window. Rarity itself (reached-by ÷ active devices) is computed by the caller, which knows how
// many devices were active in the same window.
import { enforceCap, sortedEntries } from './evict.js';
import { WindowedDistinct, type WindowedDistinctState } from './windowed-distinct.js';

export interface RarityItem {
  first: number;
  last: number;
  /** observations of it ever (not decayed) */
  sightings: number;
  devices: WindowedDistinct;
}

export type RarityItemState = [key: string, first: number, last: number, sightings: number, devices: WindowedDistinctState];

export class RarityTable {
  readonly items = new Map<string, RarityItem>();
  constructor(readonly cap: number) {}

  /** Records that a device (by hash; undefined when the device is unknown) reached `key`. */
  touch(key: string, deviceHash: number | undefined, ts: number, gen: number): RarityItem {
    let item = this.items.get(key);
    if (!item) {
      item = { first: ts, last: ts, sightings: 0, devices: new WindowedDistinct() };
      this.items.set(key, item);
      if (this.items.size > this.cap) {
        enforceCap(this.items, this.cap);
        // the new item is the most recent, so it survived unless ts is older than everything kept
        item = this.items.get(key) ?? item;
      }
    }
    if (ts < item.first) item.first = ts;
    if (ts > item.last) item.last = ts;
    item.sightings++;
    if (deviceHash !== undefined) item.devices.add(deviceHash, gen);
    return item;
  }

  get(key: string): RarityItem | undefined {
    return this.items.get(key);
  }

  toState(): RarityItemState[] {
    return sortedEntries(this.items).map(([k, i]) => [k, i.first, i.last, i.sightings, i.devices.toState()]);
  }

  static fromState(cap: number, s: readonly RarityItemState[]): RarityTable {
    const t = new RarityTable(cap);
    for (const [k, first, last, sightings, devices] of s) t.items.set(k, { first, last, sightings, devices: WindowedDistinct.fromState(devices) });
    return t;
  }
}
