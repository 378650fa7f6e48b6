import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SENSOR_OPTIONS } from '../sensor/sensor.js';
import { simulate } from '../simulate/simulate.js';
import { LearnPipeline } from './learn.js';
import { readInputs } from './read-inputs.js';

describe('sensor → entities → pattern of life on a simulated office', () => {
  it('the beacon, the DNS tunnel and the scan stand out, each on the compromised workstation', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mamori-learn-'));
    const pcap = join(dir, 'office.pcap');
    const sim = simulate({ devices: 12, days: 1, seed: 5, attacks: ['beacon', 'dns-tunnel', 'scan'], start: Date.parse('2026-11-03T00:00:00Z') / 1000 }, pcap);
    const victim = sim.labels.find((l) => l.attack === 'beacon')!.device;
    const c2 = sim.labels.find((l) => l.attack === 'beacon')!.peer;
    const p = new LearnPipeline();
    await readInputs([pcap], { sensor: DEFAULT_SENSOR_OPTIONS, onObservation: (o) => p.push(o), onQuarantine: () => undefined });
    p.finish();
    const top = p.top(3);
    const deviceOfVictim = p.entities.deviceFor(victim, sim.labels[0]!.end)!.id;
    const beacon = top.find((s) => s.metric.name === 'beacon_score' && s.peer === c2);
    expect(beacon?.device).toBe(deviceOfVictim);
    expect(beacon!.metric.value).toBeGreaterThan(0.8);
    const tunnel = top.find((s) => s.metric.name === 'dns_subdomain_count');
    expect(tunnel?.device).toBe(deviceOfVictim);
    expect(tunnel!.metric.explanation).toContain('exfil-dns.example');
    const scan = top.find((s) => s.metric.name === 'device_internal_peers_per_hour_zscore');
    expect(scan?.device).toBe(deviceOfVictim);
  }, 60_000);
});
