// The traffic simulator: a believable organisation for a number of days, optionally with attacks,
// written as a real pcap. Deterministic for a seed. Frames are generated one day at a time and
// written in time order, so memory stays bounded by a day of traffic.
import { injectAttack, type AttackLabel, type AttackName } from './attacks.js';
import { buildOrganisation, deviceDay, resetPorts } from './organization.js';
import { resetIpIds } from './packet-builder.js';
import { PcapWriter } from './pcap-writer.js';
import { SimRandom } from './random.js';
import type { TimedFrame } from './sessions.js';

export interface SimulationSpec {
  devices: number;
  days: number;
  seed: number;
  attacks: AttackName[];
  /** first day at 00:00 UTC */
  start: number;
}

export interface SimulationResult {
  packets: number;
  labels: AttackLabel[];
  devices: number;
}

export function simulate(spec: SimulationSpec, out: string, onDay?: (day: number) => void): SimulationResult {
  resetPorts();
  resetIpIds();
  const r = new SimRandom(spec.seed);
  const org = buildOrganisation(r.fork('org'), spec.devices, spec.start);
  const writer = new PcapWriter(out);
  const attacks = spec.attacks.map((a) => injectAttack(r.fork(`attack:${a}`), org, a, spec.start, spec.days));
  for (let day = 0; day < spec.days; day++) {
    const dayStart = spec.start + day * 86400;
    const frames: TimedFrame[] = [];
    for (const d of org.devices) frames.push(...deviceDay(r.fork(`${d.ip}:${day}`), org, d, dayStart));
    for (const a of attacks) for (const f of a.frames) if (f.ts >= dayStart && f.ts < dayStart + 86400) frames.push(f);
    frames.sort((a, b) => a.ts - b.ts);
    for (const f of frames) writer.write(f.ts, f.frame);
    onDay?.(day + 1);
  }
  writer.close();
  return { packets: writer.packets, labels: attacks.map((a) => a.label), devices: org.devices.length };
}
