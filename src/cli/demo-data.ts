// The demo's data, shared by `mamori demo` and `mamori serve --demo`: a simulated office (16
// devices, two days) with an attack in it — a workstation beaconing to a rare host, tunnelling data
// over DNS, moving laterally over SMB and Kerberoasting — written once as a capture.
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { loadModels } from '../models/library.js';
import { runIntoStore, type StoreRunResult } from '../pipeline/store-run.js';
import { simulate } from '../simulate/simulate.js';
import type { Store } from '../store/index.js';

export const DEMO_SIMULATION = {
  devices: 16,
  days: 2,
  seed: 2026,
  attacks: ['beacon', 'dns-tunnel', 'lateral-movement', 'kerberoast'],
  start: Date.parse('2026-11-02T00:00:00Z') / 1000,
} as const;

/** `<dir>/office.pcap`, simulated when missing; says so through `say`. */
export function demoCapture(dir: string, say: (m: string) => void): string {
  mkdirSync(dir, { recursive: true });
  const pcap = join(dir, 'office.pcap');
  if (!existsSync(pcap)) {
    const sim = simulate({ ...DEMO_SIMULATION, attacks: [...DEMO_SIMULATION.attacks] }, pcap);
    say(`wrote ${pcap}: ${sim.packets.toLocaleString('en')} packets, ${sim.devices} devices over ${DEMO_SIMULATION.days} days, attacks: ${sim.labels.map((l) => l.attack).join(', ')}`);
  }
  return pcap;
}

const LOADED = { namespace: 'demo', key: 'loaded' };

/**
 * Runs the demo capture through the whole pipeline into `store`, unless this capture (same size and
 * time) is already in it. Returns what was loaded, or undefined when it was there already.
 */
export async function loadDemo(store: Store, pcap: string, onProgress?: (done: number, total: number) => void): Promise<StoreRunResult | undefined> {
  const st = statSync(pcap);
  const mark = { size: st.size, mtime: st.mtimeMs };
  const prev = await store.state.get(LOADED.namespace, LOADED.key);
  if (prev && JSON.stringify(prev.value) === JSON.stringify(mark)) return undefined;
  const r = await runIntoStore([pcap], store, { models: loadModels(), ...(onProgress ? { onProgress } : {}) });
  await store.state.put(LOADED.namespace, LOADED.key, mark, 1);
  return r;
}
