// Which device held a local address when: per address, a short history of holders with the time
// each binding started and (when someone else took the address, or the holder moved to another
// lease) ended. Answers "who was 10.20.1.105 at 09:14?" after DHCP has handed it to someone else.
import { evict, touch } from './lru.js';
import { MAX_BINDINGS_PER_IP, MAX_BOUND_IPS } from './limits.js';
import type { IpSource } from './types.js';

export interface Binding {
  device: string;
  from: number;
  /** when the device stopped holding the address; absent while it still does */
  until?: number;
  source: IpSource;
}

const STRENGTH: Record<IpSource, number> = { dhcp: 3, l2: 2, ip: 1 };

export function strongerSource(a: IpSource, b: IpSource): IpSource {
  return STRENGTH[a] >= STRENGTH[b] ? a : b;
}

export class Bindings {
  readonly map = new Map<string, Binding[]>();

  constructor(private readonly max = MAX_BOUND_IPS) {}

  /**
   * The binding in force at `ts`. Before the first binding we know of, the first holder is the
   * best answer: the sensor started mid-lease, and records can arrive slightly out of time order.
   */
  holder(ip: string, ts: number): Binding | undefined {
    const list = this.map.get(ip);
    if (!list || list.length === 0) return undefined;
    let best: Binding | undefined;
    let earliest = list[0]!;
    for (const b of list) {
      if (b.from < earliest.from) earliest = b;
      if (b.from <= ts && (b.until === undefined || ts < b.until) && (!best || b.from >= best.from)) best = b;
    }
    if (best) return best;
    return ts < earliest.from ? earliest : undefined;
  }

  /** The open binding that started last (the current holder as far as we know). */
  current(ip: string): Binding | undefined {
    const list = this.map.get(ip);
    let cur: Binding | undefined;
    for (const b of list ?? []) if (b.until === undefined && (!cur || b.from >= cur.from)) cur = b;
    return cur;
  }

  /** Records that `device` holds `ip` from `ts`; the previous holder's binding ends then. */
  bind(ip: string, device: string, ts: number, source: IpSource): void {
    let list = this.map.get(ip);
    if (!list) list = [];
    touch(this.map, ip, list);
    evict(this.map, this.max);
    const cur = this.current(ip);
    if (cur && cur.device === device) {
      cur.source = strongerSource(cur.source, source);
      return;
    }
    // A record older than the current binding (slightly out of order) does not reassign the address.
    if (cur && ts < cur.from) return;
    if (cur) cur.until = ts;
    list.push({ device, from: ts, source });
    if (list.length > MAX_BINDINGS_PER_IP) list.splice(0, list.length - MAX_BINDINGS_PER_IP);
  }

  /** Ends `device`'s open binding of `ip` at `ts` (it moved to another lease). */
  close(ip: string, device: string, ts: number): void {
    for (const b of this.map.get(ip) ?? []) if (b.device === device && b.until === undefined && b.from <= ts) b.until = ts;
  }

  /** Forgets every binding of `ip` to `device` made from `source` (pairings through a gateway MAC were never true). */
  remove(ip: string, device: string, source: IpSource): void {
    const list = this.map.get(ip);
    if (!list) return;
    const kept = list.filter((b) => !(b.device === device && b.source === source));
    if (kept.length) this.map.set(ip, kept);
    else this.map.delete(ip);
  }
}
