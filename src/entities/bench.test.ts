// Throughput and memory of the resolver. Skipped unless MAMORI_BENCH=1 (it simulates a larger
// office and measures heap), so the normal suite stays fast:
//   MAMORI_BENCH=1 npx vitest run src/entities/bench.test.ts
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Observation } from '../schema/observation.js';
import { runSensorOnCapture } from '../sensor/run-capture.js';
import { DEFAULT_SENSOR_OPTIONS } from '../sensor/sensor.js';
import { simulate } from '../simulate/simulate.js';
import { EntityResolver } from './resolver.js';
import { conn, dhcpAck } from './fixtures.test-util.js';

const run = process.env.MAMORI_BENCH === '1' ? describe : describe.skip;
const START = Date.parse('2026-11-03T00:00:00Z') / 1000;

function heap(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed;
}

run('entities benchmark', () => {
  it('observe() throughput on decoded simulator output', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mamori-entities-bench-'));
    simulate({ devices: 200, days: 2, seed: 3, attacks: ['beacon', 'scan'], start: START }, join(dir, 'b.pcap'));
    let obs: Observation[] = [];
    await runSensorOnCapture(join(dir, 'b.pcap'), DEFAULT_SENSOR_OPTIONS, (o) => obs.push(o));
    rmSync(dir, { recursive: true, force: true });
    obs = obs.map((o, i) => ({ o, i })).sort((a, b) => a.o.record.ts - b.o.record.ts || a.i - b.i).map((x) => x.o);
    const rates: number[] = [];
    for (let round = 0; round < 5; round++) {
      const r = new EntityResolver({ localNets: ['10.0.0.0/8'] });
      const t0 = performance.now();
      for (const o of obs) r.observe(o);
      rates.push(obs.length / ((performance.now() - t0) / 1000));
    }
    console.log(`observe(): ${obs.length} observations; rounds ${rates.map((x) => Math.round(x)).join(', ')} obs/s (best ${Math.round(Math.max(...rates))})`);
  }, 300_000);

  it('memory per device and per endpoint', () => {
    const N_DEV = 36_000;
    const N_EP = 200_000;
    const base = heap();
    const r = new EntityResolver({ localNets: ['10.0.0.0/8'] });
    const mac = (i: number) => `02:00:${[16, 8, 0].map((s) => ((i >> s) & 255).toString(16).padStart(2, '0')).join(':')}:01`;
    const ip = (i: number) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${(i & 255) + 1}`;
    for (let i = 0; i < N_DEV; i++) {
      r.observe(dhcpAck(START + i, mac(i), ip(i), `ws${i}`));
      // a typical client: a DNS server, five external sites, a name lookup each
      for (let k = 0; k < 5; k++) r.observe(conn(START + i + k, ip(i), `203.0.113.${k + 1}`, 443, { origMac: mac(i), respMac: '02:ff:ff:ff:ff:01' }));
    }
    const afterDevices = heap();
    for (let i = 0; i < N_EP; i++) {
      const ext = `${100 + ((i >> 16) & 127)}.${(i >> 8) & 255}.${i & 255}.9`;
      r.observe({ type: 'ssl', record: { ts: START + i, uid: 'S', id: { orig_h: ip(0), orig_p: 1, resp_h: ext, resp_p: 443 }, server_name: `h${i}.example.com` } });
    }
    const afterEndpoints = heap();
    expect(r.devices().length).toBe(N_DEV);
    const perDev = (afterDevices - base) / N_DEV;
    const perEp = (afterEndpoints - afterDevices) / N_EP;
    console.log(`memory: ${Math.round(perDev)} B/device (36,000 → ${((perDev * 36_000) / 2 ** 20).toFixed(0)} MiB), ${Math.round(perEp)} B/endpoint (1,000,000 → ${((perEp * 1e6) / 2 ** 20).toFixed(0)} MiB)`);
  }, 300_000);
});
