import { describe, expect, it } from 'vitest';
import { EntityResolver } from './resolver.js';
import { conn, dhcpAck, id } from './fixtures.test-util.js';

const GW = '02:00:00:00:00:01';
const A = '02:00:00:00:0a:01';
const B = '02:00:00:00:0b:01';
const T = 1_800_000_000;

describe('EntityResolver identity', () => {
  it('keeps a device id across a DHCP move and answers by time', () => {
    const r = new EntityResolver();
    r.observe(dhcpAck(T, A, '10.0.1.5', 'ws001'));
    r.observe(conn(T + 10, '10.0.1.5', '10.0.0.2', 53, { origMac: A, proto: 'udp' }));
    r.observe(dhcpAck(T + 86400, A, '10.0.1.9', 'ws001'));
    r.observe(dhcpAck(T + 86500, B, '10.0.1.5', 'ws002'));
    const before = r.deviceFor('10.0.1.5', T + 100)!;
    expect(before.id).toBe(`dev:${A}`);
    expect(r.deviceFor('10.0.1.9', T + 86450)!.id).toBe(`dev:${A}`);
    // A moved away at T+86400, and nobody held .5 until B's lease.
    expect(r.deviceFor('10.0.1.5', T + 86450)).toBeUndefined();
    expect(r.deviceFor('10.0.1.5', T + 90000)!.id).toBe(`dev:${B}`);
    const a = r.device(`dev:${A}`)!;
    expect(a.ips.map((x) => [x.ip, x.source])).toEqual([['10.0.1.5', 'dhcp'], ['10.0.1.9', 'dhcp']]);
    expect(a.hostnames).toEqual([{ name: 'ws001', source: 'dhcp', first_seen: T, last_seen: T + 86400 }]);
    expect(a.subnet).toBe('10.0.1.0/24');
  });

  it('recognises a MAC carrying many addresses as the gateway and names no device by it', () => {
    const r = new EntityResolver({ localNets: ['10.0.0.0/8'] });
    r.observe(conn(T, '10.0.1.5', '10.0.0.2', 445, { origMac: A, respMac: B }));
    // Traffic routed in from another site: the gateway MAC fronts many local addresses.
    for (let i = 0; i < 10; i++) r.observe(conn(T + i, `10.9.0.${i + 1}`, '10.0.1.5', 22, { origMac: GW, respMac: A }));
    // And the internet behind it.
    for (let i = 0; i < 3; i++) r.observe(conn(T + 20 + i, '10.0.1.5', `198.51.100.${i + 1}`, 443, { origMac: A, respMac: GW }));
    expect(r.gateways().map((g) => g.mac)).toEqual([GW]);
    expect(r.devices().some((d) => d.macs.includes(GW))).toBe(false);
    expect(r.deviceFor('10.9.0.1', T + 5)).toBeUndefined(); // withdrawn: only seen through the gateway before it was recognised
    expect(r.deviceFor('10.9.0.9', T + 9)!.id).toBe('dev:ip:10.9.0.9'); // after: an address-only device
    expect(r.deviceFor('198.51.100.1', T + 20)).toBeUndefined();
    expect(r.endpointFor('198.51.100.1')).toBeDefined();
    expect(r.deviceFor('10.0.1.5', T)!.id).toBe(`dev:${A}`);
  });

  it('names a device from a Kerberos machine account and records users with their devices', () => {
    const r = new EntityResolver();
    r.observe(conn(T, '10.0.1.5', '10.0.0.10', 88, { origMac: A, respMac: B }));
    r.observe({ type: 'kerberos', record: { ts: T + 1, uid: 'K1', id: id('10.0.1.5', '10.0.0.10', 88), request_type: 'AS', client: 'WS001$/CORP.EXAMPLE', success: true } });
    r.observe({ type: 'kerberos', record: { ts: T + 2, uid: 'K2', id: id('10.0.1.5', '10.0.0.10', 88), request_type: 'AS', client: 'Alice/CORP.EXAMPLE', success: true } });
    r.observe({ type: 'ntlm', record: { ts: T + 3, uid: 'N1', id: id('10.0.1.5', '10.0.0.20', 445), username: 'alice', domainname: 'CORP', hostname: 'WS001', server_nb_computer_name: 'FILES01' } });
    const d = r.deviceFor('10.0.1.5', T + 5)!;
    expect(d.hostnames.map((h) => `${h.source}:${h.name}`)).toEqual(['kerberos:ws001', 'ntlm:ws001']);
    const alice = r.userFor('CORP\\alice')!;
    expect(alice).toBe(r.userFor('alice@corp.example'));
    expect(alice.id).toBe('corp\\alice');
    expect(alice.sources).toEqual(['kerberos', 'ntlm']);
    expect(alice.names).toEqual(['Alice/CORP.EXAMPLE', 'CORP\\alice']);
    expect(alice.devices.map((x) => x.device)).toEqual([d.id]);
    expect(d.users.map((u) => u.user)).toEqual(['corp\\alice']);
    expect(r.userFor('ws001$@CORP.EXAMPLE')).toBeUndefined(); // machine accounts are not users
    expect(r.deviceFor('10.0.0.20', T + 3)!.hostnames[0]).toMatchObject({ name: 'files01', source: 'netbios' });
  });

  it('names local devices from PTR answers and external endpoints from DNS, SNI and HTTP Host', () => {
    const r = new EntityResolver({ localNets: ['10.0.0.0/8'] });
    r.observe(conn(T, '10.0.1.5', '10.0.0.10', 53, { origMac: A, respMac: B, proto: 'udp' }));
    r.observe({ type: 'dns', record: { ts: T, uid: 'D1', id: id('10.0.1.5', '10.0.0.10', 53), query: '10.0.0.10.in-addr.arpa', qtype_name: 'PTR', answers: ['DC01.corp.example.'] } });
    r.observe({ type: 'dns', record: { ts: T, uid: 'D2', id: id('10.0.1.5', '10.0.0.10', 53), query: 'www.example.com', qtype_name: 'A', answers: ['edge.cdn.example', '203.0.113.7'] } });
    r.observe({ type: 'ssl', record: { ts: T + 1, uid: 'S1', id: id('10.0.1.5', '203.0.113.7', 443), server_name: 'www.example.com' } });
    r.observe({ type: 'http', record: { ts: T + 2, uid: 'H1', id: id('10.0.1.5', '203.0.113.8', 80), host: 'Static.Example.com:8080' } });
    expect(r.deviceFor('10.0.0.10', T)!.hostnames).toEqual([{ name: 'dc01.corp.example', source: 'dns-ptr', first_seen: T, last_seen: T }]);
    expect(r.endpointFor('203.0.113.7')!.hostnames.map((h) => `${h.source}:${h.name}`)).toEqual(['dns:www.example.com', 'dns:edge.cdn.example', 'tls-sni:www.example.com']);
    expect(r.endpointFor('203.0.113.8')!.hostnames.map((h) => `${h.source}:${h.name}`)).toEqual(['http-host:static.example.com']);
  });

  it('keeps an address-only device id when its MAC shows up later', () => {
    const r = new EntityResolver();
    r.observe({ type: 'kerberos', record: { ts: T, uid: 'K1', id: id('10.0.1.7', '10.0.0.10', 88), client: 'bob/CORP' } });
    r.observe(conn(T + 1, '10.0.1.7', '10.0.0.10', 88, { origMac: A }));
    expect(r.deviceFor('10.0.1.7', T + 1)).toMatchObject({ id: 'dev:ip:10.0.1.7', macs: [A] });
    expect(r.devices().length).toBe(2);
  });

  it('evicts the least recently seen endpoints and devices past their limits', () => {
    const r = new EntityResolver({ localNets: ['10.0.0.0/8'], maxEndpoints: 3, maxDevices: 2 });
    for (let i = 1; i <= 5; i++) r.observe(conn(T + i, `10.0.1.${i}`, `198.51.100.${i}`, 443, { origMac: `02:00:00:00:01:0${i}` }));
    expect(r.endpoints().map((e) => e.ip)).toEqual(['198.51.100.3', '198.51.100.4', '198.51.100.5']);
    expect(r.devices().map((d) => d.id)).toEqual(['dev:02:00:00:00:01:04', 'dev:02:00:00:00:01:05']);
  });
});
