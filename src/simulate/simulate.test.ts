import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Observation } from '../schema/observation.js';
import { runSensorOnCapture } from '../sensor/run-capture.js';
import { DEFAULT_SENSOR_OPTIONS } from '../sensor/sensor.js';
import { simulate } from './simulate.js';

const START = Date.parse('2026-11-03T00:00:00Z') / 1000; // a Tuesday

describe('traffic simulator', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mamori-sim-'));
  const spec = { devices: 10, days: 1, seed: 42, attacks: ['beacon', 'scan', 'dns-tunnel', 'brute-force'] as const, start: START };

  it('is deterministic for a seed, and the sensor decodes it with no anomalies', async () => {
    const a = simulate({ ...spec, attacks: [...spec.attacks] }, join(dir, 'a.pcap'));
    simulate({ ...spec, attacks: [...spec.attacks] }, join(dir, 'b.pcap'));
    const hash = (f: string) => createHash('sha256').update(readFileSync(join(dir, f))).digest('hex');
    expect(hash('a.pcap')).toBe(hash('b.pcap'));
    expect(a.labels.map((l) => l.attack)).toEqual([...spec.attacks]);

    const obs: Observation[] = [];
    await runSensorOnCapture(join(dir, 'a.pcap'), DEFAULT_SENSOR_OPTIONS, (o) => obs.push(o));
    const weirds = obs.filter((o) => o.type === 'weird');
    expect(weirds.map((w) => w.record)).toEqual([]);

    const conns = obs.flatMap((o) => (o.type === 'conn' ? [o.record] : []));
    const beacon = a.labels.find((l) => l.attack === 'beacon')!;
    const toC2 = conns.filter((c) => c.id.resp_h === beacon.peer);
    // one TLS session a minute from 06:00 to midnight
    expect(toC2.length).toBeGreaterThan(1000);
    expect(toC2.every((c) => c.service === 'ssl' && c.conn_state === 'SF')).toBe(true);
    const ssl = obs.flatMap((o) => (o.type === 'ssl' ? [o.record] : []));
    expect(ssl.some((s) => s.server_name === 'cdn-update.kz-sync.example' && s.validation_status === 'self signed certificate')).toBe(true);

    const scan = a.labels.find((l) => l.attack === 'scan')!;
    const scanned = conns.filter((c) => c.id.orig_h === scan.device && c.ts >= scan.start && c.ts <= scan.end);
    expect(scanned.filter((c) => c.conn_state === 'REJ').length).toBeGreaterThan(20);
    expect(scanned.filter((c) => c.conn_state === 'S0').length).toBeGreaterThan(300);

    const dns = obs.flatMap((o) => (o.type === 'dns' ? [o.record] : []));
    expect(dns.filter((d) => d.query?.endsWith('.t.exfil-dns.example') && d.qtype_name === 'TXT').length).toBe(1500);

    const ssh = obs.flatMap((o) => (o.type === 'ssh' ? [o.record] : []));
    expect(ssh.length).toBe(250);
    expect(ssh.every((s) => s.auth_success !== true)).toBe(true);

    const dhcp = obs.flatMap((o) => (o.type === 'dhcp' ? [o.record] : []));
    expect(dhcp.length).toBeGreaterThan(0);
    expect(dhcp[0]!.msg_types).toEqual(['DISCOVER', 'OFFER', 'REQUEST', 'ACK']);
  }, 120_000);
});
