// What the engine remembers per model and key (a device, or a device and a destination): when the
// model first matched, when it last breached, the latest evidence uids and its windows. Keys are
// nested maps on the device id and the peer address — strings the pipeline already holds — so
// the per-observation path builds no key strings.
import type { SlidingWindow } from './window.js';

/** Evidence uids a breach carries at most (the most recent matching observations for its key). */
export const MAX_EVIDENCE = 16;

export class KeyState {
  lastBreach = -Infinity;
  readonly windows: (SlidingWindow | undefined)[] = [];
  /** ring of the latest evidence uids; `next` is where the next one goes */
  private readonly ring: string[] = [];
  private next = 0;

  constructor(readonly first: number) {}

  addEvidence(uid: string): void {
    const r = this.ring;
    if (r.length < MAX_EVIDENCE) {
      if (r[r.length - 1] !== uid) r.push(uid);
      return;
    }
    const last = (this.next + MAX_EVIDENCE - 1) % MAX_EVIDENCE;
    if (r[last] === uid) return;
    r[this.next] = uid;
    this.next = (this.next + 1) % MAX_EVIDENCE;
  }

  /** The evidence uids, oldest first. */
  evidence(): string[] {
    const r = this.ring;
    return r.length < MAX_EVIDENCE ? r.slice() : [...r.slice(this.next), ...r.slice(0, this.next)];
  }
}

/** Keyed state of one model, bounded: past `max` keys the devices seen first are dropped. */
export class KeyStates {
  private readonly byDevice = new Map<string, KeyState | Map<string, KeyState>>();
  private size = 0;

  constructor(
    private readonly perDestination: boolean,
    private readonly max: number,
  ) {}

  get(device: string, peer: string, ts: number): KeyState {
    const d = this.byDevice.get(device);
    if (!this.perDestination) {
      if (d) return d as KeyState;
      const s = new KeyState(ts);
      this.add(device, s);
      return s;
    }
    let peers = d as Map<string, KeyState> | undefined;
    if (!peers) this.add(device, (peers = new Map()));
    let s = peers.get(peer);
    if (!s) {
      peers.set(peer, (s = new KeyState(ts)));
      this.grow();
    }
    return s;
  }

  private add(device: string, v: KeyState | Map<string, KeyState>): void {
    this.byDevice.set(device, v);
    if (v instanceof KeyState) this.grow();
  }

  private grow(): void {
    if (++this.size <= this.max) return;
    const [oldest, v] = this.byDevice.entries().next().value!;
    this.byDevice.delete(oldest);
    this.size -= v instanceof KeyState ? 1 : v.size;
  }
}
