import { describe, expect, it } from 'vitest';
import { inferType } from './device-type.js';
import { addDnsName, addExternal, addServed, emptyEvidence, type Evidence } from './evidence.js';
import { EntityResolver } from './resolver.js';
import { conn } from './fixtures.test-util.js';

function serving(ports: Record<string, number>): Evidence {
  const ev = emptyEvidence();
  for (const [port, clients] of Object.entries(ports)) for (let i = 0; i < clients; i++) addServed(ev, port, `10.0.1.${i + 1}`);
  return ev;
}

describe('inferType', () => {
  it.each([
    [{ 'tcp/88': 5, 'udp/53': 5, 'tcp/389': 4 }, 'domain-controller'],
    [{ 'udp/53': 5 }, 'dns-server'],
    [{ 'udp/53': 2 }, 'server'],
    [{ 'tcp/22': 1 }, 'unknown'],
    [{ 'udp/67': 1 }, 'dhcp-server'],
    [{ 'tcp/9100': 1 }, 'printer'],
    [{ 'tcp/445': 3 }, 'file-server'],
    [{ 'tcp/443': 3 }, 'web-server'],
    [{ 'tcp/5432': 3 }, 'server'],
  ] as const)('%o → %s', (ports, type) => {
    expect(inferType(serving(ports)).type).toBe(type);
  });

  it('explains a domain controller by what it served', () => {
    expect(inferType(serving({ 'tcp/88': 5, 'udp/53': 5 })).evidence).toEqual([
      'served tcp/88 to 5 client(s) in 5 connection(s)',
      'served udp/53 to 5 client(s) in 5 connection(s)',
    ]);
  });

  it('tells a periodic uploader (IoT) from a browsing client', () => {
    const cam = emptyEvidence();
    for (let i = 0; i < 30; i++) addExternal(cam, '198.51.100.77', 1000 + i * 300 + (i % 3), true);
    const v = inferType(cam);
    expect(v.type).toBe('iot');
    expect(v.evidence[1]).toMatch(/^30 connections to 198.51.100.77 every 300 s \(variation 0.0\d\)$/);

    const ws = emptyEvidence();
    for (let i = 0; i < 30; i++) addExternal(ws, `203.0.113.${i % 6}`, 1000 + i * i * 7, false);
    for (const n of ['a.example', 'b.example', 'c.example']) addDnsName(ws, n);
    expect(inferType(ws)).toEqual({ type: 'client', evidence: ['connected to 6 external addresses', 'looked up 3 DNS names'] });

    // Irregular traffic to one place is not IoT.
    const odd = emptyEvidence();
    for (let i = 0; i < 30; i++) addExternal(odd, '198.51.100.77', 1000 + i * i * 13, true);
    expect(inferType(odd).type).toBe('unknown');
  });

  it('recomputes the type as evidence arrives', () => {
    const r = new EntityResolver({ localNets: ['10.0.0.0/8'] });
    const srv = '02:00:00:00:00:35';
    r.observe(conn(1, '10.0.1.1', '10.0.0.53', 53, { proto: 'udp', respMac: srv }));
    expect(r.deviceFor('10.0.0.53', 1)!.type).toBe('unknown');
    r.observe(conn(2, '10.0.1.2', '10.0.0.53', 53, { proto: 'udp', respMac: srv }));
    r.observe(conn(3, '10.0.1.3', '10.0.0.53', 53, { proto: 'udp', respMac: srv }));
    expect(r.deviceFor('10.0.0.53', 3)).toMatchObject({ type: 'dns-server', type_evidence: ['served udp/53 to 3 client(s) in 3 connection(s)'] });
    // Unanswered connections are not evidence of serving.
    r.observe(conn(4, '10.0.1.4', '10.0.0.54', 445, { conn_state: 'REJ', resp_pkts: 1 }));
    expect(r.deviceFor('10.0.0.54', 4)!.type_evidence).toEqual([]);
  });
});
