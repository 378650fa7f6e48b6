// End to end: a simulated office (20 devices, 2 days) through the sensor and into the resolver.
// The simulator uses documentation ranges (192.0.2/24, 198.51.100/24, 203.0.113/24) as "the
// internet", so the site's local networks are configured as RFC 1918 space here.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Observation } from '../schema/observation.js';
import { runSensorOnCapture } from '../sensor/run-capture.js';
import { DEFAULT_SENSOR_OPTIONS } from '../sensor/sensor.js';
import { buildOrganisation, type Organisation } from '../simulate/organization.js';
import { SimRandom } from '../simulate/random.js';
import { simulate } from '../simulate/simulate.js';
import { EntityResolver } from './resolver.js';

const START = Date.parse('2026-11-03T00:00:00Z') / 1000; // a Tuesday
const SPEC = { devices: 20, days: 2, seed: 11, attacks: [], start: START };
const PRIVATE = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'];

describe('entities on the simulated office', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mamori-entities-'));
  let obs: Observation[] = [];
  let org: Organisation;
  let r: EntityResolver;

  beforeAll(async () => {
    simulate(SPEC, join(dir, 'office.pcap'));
    await runSensorOnCapture(join(dir, 'office.pcap'), DEFAULT_SENSOR_OPTIONS, (o) => obs.push(o));
    // The sensor logs a connection when it ends; event-time order is by start time (stable sort).
    obs = obs.map((o, i) => ({ o, i })).sort((a, b) => a.o.record.ts - b.o.record.ts || a.i - b.i).map((x) => x.o);
    org = buildOrganisation(new SimRandom(SPEC.seed).fork('org'), SPEC.devices, START);
    r = new EntityResolver({ localNets: PRIVATE });
    const t0 = performance.now();
    for (const o of obs) r.observe(o);
    const ms = performance.now() - t0;
    console.log(`entities: ${obs.length} observations in ${ms.toFixed(0)} ms = ${Math.round(obs.length / (ms / 1000))}/s; ${r.devices().length} devices, ${r.endpoints().length} endpoints`);
  }, 60_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('makes each workstation one device with its DHCP hostname', () => {
    const ws = org.devices.filter((d) => d.role === 'workstation');
    expect(ws.length).toBeGreaterThan(10);
    for (const w of ws) {
      const mine = r.devices().filter((d) => d.macs.includes(w.mac) || d.hostnames.some((h) => h.name === w.hostname));
      expect(mine.map((d) => d.id)).toEqual([`dev:${w.mac}`]);
      expect(mine[0]!.hostnames).toContainEqual(expect.objectContaining({ name: w.hostname, source: 'dhcp' }));
      expect(mine[0]!.ips.map((x) => [x.ip, x.source])).toEqual([[w.ip, 'dhcp']]);
      expect(r.deviceFor(w.ip, START + 86400 + 12 * 3600)!.id).toBe(`dev:${w.mac}`);
      expect(mine[0]!.type).toBe('client');
    }
  });

  it('types the domain controller and the IoT cameras from behaviour', () => {
    const dc = r.deviceFor('10.20.0.10', START + 86400)!;
    expect(['domain-controller', 'dns-server']).toContain(dc.type);
    expect(dc.id).toBe(`dev:${org.dc.mac}`);
    expect(dc.type_evidence.join('; ')).toMatch(/served udp\/53 to \d+ client/);
    const cams = org.devices.filter((d) => d.role === 'iot');
    expect(cams.length).toBeGreaterThan(0);
    for (const c of cams) expect(r.deviceFor(c.ip, START + 3600)).toMatchObject({ id: `dev:${c.mac}`, type: 'iot' });
  });

  it('does not make the gateway MAC a device for external addresses', () => {
    expect(r.gateways().map((g) => g.mac)).toEqual([org.gateway.mac]);
    expect(r.devices().some((d) => d.macs.includes(org.gateway.mac))).toBe(false);
    for (const s of org.sites) expect(r.deviceFor(s.ip, START + 86400)).toBeUndefined();
    // Even when the documentation ranges count as local (the default local networks), the gateway
    // is recognised and its MAC names none of the addresses behind it.
    const def = new EntityResolver();
    for (const o of obs) def.observe(o);
    expect(def.gateways().map((g) => g.mac)).toEqual([org.gateway.mac]);
    expect(def.devices().some((d) => d.macs.includes(org.gateway.mac))).toBe(false);
    expect(def.deviceFor(org.sites[0]!.ip, START + 86400)?.id ?? 'none').not.toBe(`dev:${org.gateway.mac}`);
  });

  it('names external endpoints from DNS answers and TLS SNI', () => {
    for (const s of org.sites.slice(0, 6)) {
      const e = r.endpointFor(s.ip)!;
      const names = e.hostnames.map((h) => `${h.source}:${h.name}`);
      expect(names).toContain(`dns:${s.hostname}`);
      expect(names).toContain(`tls-sni:${s.hostname}`);
    }
    expect(r.endpointFor('52.94.236.77')!.hostnames.map((h) => `${h.source}:${h.name}`)).toEqual(['tls-sni:ingest.camcloud.example']);
  });

  it('gives the same state after snapshot → restore → continue as without stopping', () => {
    const half = Math.floor(obs.length / 2);
    const first = new EntityResolver({ localNets: PRIVATE });
    for (const o of obs.slice(0, half)) first.observe(o);
    const saved = JSON.parse(JSON.stringify(first.snapshot())) as ReturnType<EntityResolver['snapshot']>;
    const resumed = EntityResolver.restore(saved);
    for (const o of obs.slice(half)) resumed.observe(o);
    expect(JSON.stringify(resumed.snapshot())).toBe(JSON.stringify(r.snapshot()));
    for (const d of org.devices) expect(resumed.deviceFor(d.ip, START + 86400 * 1.5)?.id).toBe(r.deviceFor(d.ip, START + 86400 * 1.5)?.id);
  });

  it('reports subnets', () => {
    const subnets = r.subnets();
    expect(subnets.find((s) => s.cidr === '10.0.0.0/8')).toMatchObject({ origin: 'configured' });
    expect(subnets.filter((s) => s.origin === 'learned').map((s) => s.cidr)).toEqual(['10.20.0.0/24', '10.20.1.0/24']);
  });
});
